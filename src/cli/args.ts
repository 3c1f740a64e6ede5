/**
 * Command-line parsing for `unrolled`: one spec per command, `--help` on every command, and validation
 * that fails with one clear line (a `UsageError`) naming the option and what was wrong with it.
 */

/** A mistake in how the command was called (bad flag, bad value, missing argument). Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Index into the argv that was parsed of the argument at fault, when one is (lessons turn it into a column). */
  constructor(message: string, readonly argIndex?: number) {
    super(message);
  }
}

export type FlagKind = 'string' | 'int' | 'number' | 'bool' | 'enum';

export interface FlagSpec {
  /** Long name without dashes, e.g. `seq-length`. Parsed value goes under the camelCase key. */
  name: string;
  kind: FlagKind;
  help: string;
  /** Placeholder shown in help, e.g. `N`, `CSV`. */
  arg?: string;
  /** Default shown in help and used when the flag is absent. */
  default?: string | number | boolean;
  choices?: readonly string[];
  /** Inclusive bounds for int/number flags. */
  min?: number;
  max?: number;
  /** When true, `min` itself is not allowed (e.g. lr > 0). */
  minExclusive?: boolean;
  required?: boolean;
}

export interface PositionalSpec {
  name: string;
  help: string;
  required: boolean;
}

export interface CommandSpec {
  name: string;
  /** One line for the command list of `unrolled --help`. */
  short: string;
  summary: string;
  /** Extra lines after the option list (examples, notes). */
  notes?: string[];
  flags: FlagSpec[];
  positionals?: PositionalSpec[];
  /** Adds `--record FILE` (demo commands that yield an event stream). */
  recordable?: boolean;
}

export type FlagValue = string | number | boolean;

export interface ParsedArgs {
  /** camelCase flag name → value (defaults filled in). */
  flags: Record<string, FlagValue | undefined>;
  positionals: string[];
  help: boolean;
  json: boolean;
  record?: string;
}

/** Options every command takes. */
const COMMON_FLAGS: FlagSpec[] = [
  { name: 'json', kind: 'bool', help: 'print the figures as one JSON object on the last line of stdout' },
  { name: 'help', kind: 'bool', help: 'show this help' },
];
const RECORD_FLAG: FlagSpec = {
  name: 'record', kind: 'string', arg: 'FILE', help: 'write the demo\'s event stream to FILE (JSON, replayable)',
};

export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function allFlags(spec: CommandSpec): FlagSpec[] {
  return [...spec.flags, ...(spec.recordable ? [RECORD_FLAG] : []), ...COMMON_FLAGS];
}

function describeKind(f: FlagSpec): string {
  if (f.kind === 'enum') return (f.choices ?? []).join('|');
  if (f.kind === 'bool') return '';
  return f.arg ?? (f.kind === 'int' ? 'N' : f.kind === 'number' ? 'X' : 'S');
}

/** The `--help` text of one command. */
export function helpText(spec: CommandSpec): string {
  const pos = (spec.positionals ?? []).map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ');
  const lines = [`Usage: unrolled ${spec.name}${pos ? ' ' + pos : ''} [options]`, '', spec.summary, ''];
  if (spec.positionals?.length) {
    lines.push('Arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(26)} ${p.help}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const f of allFlags(spec)) {
    const k = describeKind(f);
    const left = `--${f.name}${k ? ' ' + k : ''}`;
    const def = f.default !== undefined && f.kind !== 'bool' ? ` (default ${f.default})` : '';
    const text = `${f.help}${def}`;
    lines.push(left.length > 26 ? `  ${left}\n  ${' '.repeat(27)}${text}` : `  ${left.padEnd(26)} ${text}`);
  }
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return lines.join('\n') + '\n';
}

function convert(spec: CommandSpec, f: FlagSpec, raw: string): FlagValue {
  const where = `unrolled ${spec.name}: --${f.name}`;
  switch (f.kind) {
    case 'string':
      if (raw === '' && f.name !== 'text' && f.name !== 'sentence') throw new UsageError(`${where} needs a non-empty value`);
      return raw;
    case 'enum':
      if (!(f.choices ?? []).includes(raw)) {
        throw new UsageError(`${where} must be one of ${(f.choices ?? []).join(', ')}, not ${JSON.stringify(raw)}`);
      }
      return raw;
    case 'int':
    case 'number': {
      const isInt = f.kind === 'int';
      const ok = isInt ? /^[+-]?\d+$/.test(raw.trim()) : raw.trim() !== '' && Number.isFinite(Number(raw));
      const n = Number(raw);
      if (!ok || (isInt && !Number.isSafeInteger(n))) {
        throw new UsageError(`${where} must be ${isInt ? 'an integer' : 'a finite number'}, not ${JSON.stringify(raw)}`);
      }
      if (f.min !== undefined && (n < f.min || (f.minExclusive && n === f.min))) {
        throw new UsageError(`${where} must be ${f.minExclusive ? 'greater than' : 'at least'} ${f.min}, not ${raw}`);
      }
      if (f.max !== undefined && n > f.max) throw new UsageError(`${where} must be at most ${f.max}, not ${raw}`);
      return n;
    }
    case 'bool':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new UsageError(`${where} takes no value (or =true/=false), not ${JSON.stringify(raw)}`);
  }
}

/** Parse argv (after the command name) against the command's spec. Throws UsageError. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const flags = allFlags(spec);
  const byName = new Map(flags.map((f) => [f.name, f]));
  const values: Record<string, FlagValue | undefined> = {};
  const seen = new Set<string>();
  const positionals: string[] = [];
  const positionalAt: number[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyPositionals || !a.startsWith('-') || a === '-') {
      positionals.push(a);
      positionalAt.push(i);
      continue;
    }
    if (a === '--') { onlyPositionals = true; continue; }
    if (a === '-h') { values.help = true; continue; }
    if (!a.startsWith('--')) throw new UsageError(`unrolled ${spec.name}: unknown option ${a} (see unrolled ${spec.name} --help)`, i);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const f = byName.get(name);
    if (!f) throw new UsageError(`unrolled ${spec.name}: unknown option --${name} (see unrolled ${spec.name} --help)`, i);
    if (seen.has(name)) throw new UsageError(`unrolled ${spec.name}: --${name} given twice`, i);
    seen.add(name);
    let raw: string;
    if (eq >= 0) raw = a.slice(eq + 1);
    else if (f.kind === 'bool') raw = 'true';
    else {
      if (i + 1 >= argv.length) throw new UsageError(`unrolled ${spec.name}: --${name} needs a value (${describeKind(f)})`, i);
      const next = argv[i + 1];
      // A value may start with '-' only for numbers (e.g. --seed -1 is then range-checked) or stdin '-'.
      if (next.startsWith('--')) throw new UsageError(`unrolled ${spec.name}: --${name} needs a value (${describeKind(f)}), got option ${next}`, i + 1);
      raw = next;
      i++;
    }
    try {
      values[camel(name)] = convert(spec, f, raw);
    } catch (e) {
      throw e instanceof UsageError ? new UsageError(e.message, i) : e;
    }
  }
  const help = values.help === true;
  if (!help) {
    for (const f of flags) {
      const k = camel(f.name);
      if (values[k] === undefined) {
        if (f.required) throw new UsageError(`unrolled ${spec.name}: --${f.name} is required (see unrolled ${spec.name} --help)`);
        if (f.default !== undefined) values[k] = f.default;
      }
    }
    const pos = spec.positionals ?? [];
    const required = pos.filter((p) => p.required).length;
    if (positionals.length < required) {
      throw new UsageError(`unrolled ${spec.name}: missing ${pos[positionals.length].name} (see unrolled ${spec.name} --help)`);
    }
    if (positionals.length > pos.length) {
      throw new UsageError(`unrolled ${spec.name}: unexpected argument ${JSON.stringify(positionals[pos.length])}`, positionalAt[pos.length]);
    }
  }
  return {
    flags: values,
    positionals,
    help,
    json: values.json === true,
    record: typeof values.record === 'string' ? values.record : undefined,
  };
}
