/**
 * `unrolled` — the notebook's demos in a terminal. Entry of dist/cli.js (see package.json `bin`).
 * Every error ends as one line on stderr and a non-zero exit code; set UNROLLED_DEBUG=1 for a stack.
 */
import { runCli } from './run';
import { processIO } from './io';

// Piped into `head` (or any reader that stops early): the next write fails with EPIPE. Exit at once and
// quietly, with the status a process killed by SIGPIPE has (128 + 13), as Unix tools do; files being
// written are safe (writes are atomic: temp file + rename).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(141);
    process.exitCode = 1;
  });
}

const controller = new AbortController();
let interrupted = false;
// `once`: after the first Ctrl-C has been handled no listener is left, so a later one gets the default action
// and ends the process at once. A second Ctrl-C within the same batch is still merged with the first (the
// handler runs only between batches): measured 2.5-2.7 s at --hidden 1024 (scripts/stop-latency.mjs).
process.once('SIGINT', () => {
  interrupted = true;
  process.stderr.write('Stopping at the next step (Ctrl-C again to quit now, without saving)…\n');
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
