/**
 * Dispatch of `unrolled <command>`: parse, run the demo (or tool), print. Returns the exit code; every
 * failure becomes one line on stderr (usage mistakes exit 2, bad input or a failed check exit 1).
 */
import { helpText, UsageError, type CommandSpec, type ParsedArgs } from './args';
import { COMMANDS } from './commands';
import { parseCommand } from './invocation';
import { checkOutputs } from './outputs';
import type { CliIO } from './io';
import { COMMAND_ORDER, SPECS } from './specs';

function topHelp(): string {
  const lines = [
    'Usage: unrolled <command> [options]',
    '',
    'The RNN sentiment notebook\'s demos, computed by the Unrolled engine. Every command takes --help and --json.',
    '',
    'Commands:',
  ];
  for (const name of COMMAND_ORDER) {
    lines.push(`  ${name.padEnd(9)} ${SPECS[name].short}`);
  }
  lines.push('', 'Run `unrolled <command> --help` for its options.');
  return lines.join('\n') + '\n';
}

/** One line for an error: the message as the user should read it. */
export function errorLine(command: string | undefined, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const one = msg.split('\n')[0];
  if (e instanceof UsageError || one.startsWith('unrolled')) return one;
  return `unrolled${command ? ' ' + command : ''}: ${one}`;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(topHelp().trimEnd());
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.out('unrolled 0.1.0');
    return 0;
  }
  const handler = COMMANDS[command];
  let args: ParsedArgs;
  let spec: CommandSpec;
  try {
    // The same parser as a lesson cell's text (src/cli/invocation.ts), here on argv the shell split.
    ({ args, spec } = parseCommand(argv, (name) => (COMMANDS[name] ? SPECS[name] : undefined)));
  } catch (e) {
    io.err(errorLine(command, e));
    return 2;
  }
  if (args.help) {
    io.out(helpText(spec).trimEnd());
    return 0;
  }
  try {
    checkOutputs(command, args);
  } catch (e) {
    io.err(errorLine(command, e));
    return 2;
  }
  try {
    return await handler!(args, io);
  } catch (e) {
    io.err(errorLine(command, e));
    if (process.env.UNROLLED_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return e instanceof UsageError ? 2 : 1;
  }
}
