/**
 * `unrolled` — the notebook's demos in a terminal. Entry of dist/cli.js (see package.json `bin`).
 * Every error ends as one line on stderr and a non-zero exit code; set UNROLLED_DEBUG=1 for a stack.
 */
import { runCli } from './run';
import { processIO } from './io';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('Stopping at the next step (Ctrl-C again to quit now)…\n');
  controller.abort();
});

runCli(process.argv.slice(2), processIO(controller.signal)).then(
  (code) => {
    process.exitCode = interrupted && code === 0 ? 130 : code;
  },
  (e: unknown) => {
    process.stderr.write(`unrolled: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
