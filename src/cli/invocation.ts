/**
 * One grammar for the CLI and the lessons: `parseCommand` turns argv (after `unrolled`) into a command and
 * its parsed flags, and `parseInvocation` does the same for one line of text as a lesson cell holds it
 * (`train --epochs 2 --readout mean`), split into words like a POSIX shell would (single quotes literal,
 * double quotes with backslash escapes, backslash outside quotes, `#` comments). Pure code: no Node APIs.
 * Mistakes are `InvocationError`s naming the problem and the column where it is.
 */
import { parseArgs, UsageError, type CommandSpec, type ParsedArgs } from './args';
import { COMMAND_ORDER, SPECS } from './specs';

/** The demo commands a lesson cell may run, in the notebook's order. */
export const LESSON_COMMANDS = ['step', 'train', 'predict', 'explode', 'vanish', 'compare', 'analyze'] as const;
export type LessonCommand = (typeof LESSON_COMMANDS)[number];

export interface ParsedCommand {
  command: string;
  spec: CommandSpec;
  args: ParsedArgs;
}

/** A word of an invocation and where it starts (0-based offset into the text). */
export interface Word {
  value: string;
  offset: number;
}

/** A mistake in an invocation's text, with its 1-based line and column. */
export class InvocationError extends UsageError {
  constructor(problem: string, readonly line: number, readonly column: number, multiline: boolean) {
    super(`${problem} (${multiline ? `line ${line}, ` : ''}column ${column})`);
  }
}

/** argv after `unrolled`: the command, then its flags. Errors carry argIndex into this argv. */
export function parseCommand(argv: readonly string[], specFor: (name: string) => CommandSpec | undefined = (n) => SPECS[n]): ParsedCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '') throw new UsageError(`unrolled: no command (commands: ${COMMAND_ORDER.join(', ')})`, 0);
  const spec = specFor(command);
  if (!spec) throw new UsageError(`unrolled: unknown command ${JSON.stringify(command)} (commands: ${COMMAND_ORDER.join(', ')})`, 0);
  try {
    return { command, spec, args: parseArgs(spec, rest) };
  } catch (e) {
    if (e instanceof UsageError && e.argIndex !== undefined) throw new UsageError(e.message, e.argIndex + 1);
    throw e;
  }
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - nl };
}

function fail(text: string, offset: number, problem: string): never {
  const { line, column } = lineCol(text, offset);
  throw new InvocationError(problem, line, column, text.trimEnd().includes('\n'));
}

/** Split text into words as a shell would (no variables, globs or operators: `$`, `*`, `|` are plain characters). */
export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = text.length;
  const space = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    while (i < n && space(text[i])) i++;
    if (i >= n) break;
    if (text[i] === '#') { // a comment runs to the end of the line
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < n && !space(text[i])) {
      const c = text[i];
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) fail(text, i, "unterminated ' quote");
        value += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        const open = i++;
        for (;;) {
          if (i >= n) fail(text, open, 'unterminated " quote');
          const d = text[i];
          if (d === '"') { i++; break; }
          if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1])) {
            if (text[i + 1] !== '\n') value += text[i + 1]; // backslash-newline continues the line
            i += 2;
          } else {
            value += d;
            i++;
          }
        }
      } else if (c === '\\') {
        if (i + 1 >= n) fail(text, i, 'a backslash at the end of the text escapes nothing');
        if (text[i + 1] !== '\n') value += text[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    // A line continuation alone is no word.
    if (value !== '' || text.slice(start, i).includes('"') || text.slice(start, i).includes("'")) words.push({ value, offset: start });
  }
  return words;
}

export interface InvocationOptions {
  /**
   * Lesson cells: only the demo commands; `--model` is optional for predict/analyze (they use the model an
   * earlier cell trained); nothing may write files (`--record`, `--save`) or read stdin (`--text -`).
   */
  lesson?: boolean;
}

export interface Invocation extends ParsedCommand {
  words: Word[];
}

function lessonSpec(name: string): CommandSpec | undefined {
  const spec = SPECS[name];
  if (!spec || !(LESSON_COMMANDS as readonly string[]).includes(name)) return undefined;
  return { ...spec, flags: spec.flags.map((f) => (f.name === 'model' ? { ...f, required: false } : f)) };
}

/** Parse one invocation in the CLI's syntax; a leading `unrolled` is allowed. Throws InvocationError. */
export function parseInvocation(text: string, opts: InvocationOptions = {}): Invocation {
  const words = splitWords(text);
  if (words[0]?.value === 'unrolled') words.shift();
  if (words.length === 0) fail(text, text.length, `no command: write one of ${(opts.lesson ? LESSON_COMMANDS : COMMAND_ORDER).join(', ')}`);
  const at = (k: number | undefined): number => (k !== undefined && words[k] ? words[k].offset : words[0].offset);
  if (opts.lesson && !(LESSON_COMMANDS as readonly string[]).includes(words[0].value) && SPECS[words[0].value]) {
    fail(text, words[0].offset, `unrolled ${words[0].value} is not a demo: a lesson cell runs one of ${LESSON_COMMANDS.join(', ')}`);
  }
  let parsed: ParsedCommand;
  try {
    parsed = parseCommand(words.map((w) => w.value), opts.lesson ? lessonSpec : undefined);
  } catch (e) {
    if (e instanceof UsageError && !(e instanceof InvocationError)) fail(text, e.argIndex !== undefined ? at(e.argIndex) : text.length,
      e.message);
    throw e;
  }
  if (opts.lesson) {
    for (const flag of ['record', 'save']) {
      if (parsed.args.flags[flag] === undefined) continue;
      const k = words.findIndex((w) => w.value === `--${flag}` || w.value.startsWith(`--${flag}=`));
      fail(text, at(k), `unrolled ${parsed.command}: --${flag} writes a file; a lesson cell keeps its output in the notebook instead`);
    }
    if (parsed.args.flags.text === '-') {
      const k = words.findIndex((w) => w.value === '-');
      fail(text, at(k), `unrolled ${parsed.command}: --text - reads stdin, which a lesson cell does not have; write the text in quotes`);
    }
    if (parsed.args.help) fail(text, at(words.findIndex((w) => w.value === '--help' || w.value === '-h')), `unrolled ${parsed.command}: --help is for the terminal; a lesson cell runs the demo`);
  }
  return { ...parsed, words };
}

/** Quote a value for an invocation (the inverse of splitWords for one word). */
export function quoteWord(v: string): string {
  if (v !== '' && /^[\w@%+=:,./-]+$/.test(v)) return v;
  return `"${v.replace(/(["\\$`])/g, '\\$1')}"`;
}
