/**
 * `unrolled` — the notebook's demos in a terminal. Entry of dist/cli.js (see package.json `bin`).
 * This thread only launches and listens: the command runs in a worker thread (thread.ts, dist/cli-thread.js),
 * so Ctrl-C is handled at once even while a long kernel call computes there. The first Ctrl-C sets the run's
 * stop flag (src/engine/stop.ts: the kernels stop the batch part-way) and asks the command to stop; a second
 * one quits at once. Every error ends as one line on stderr and a non-zero exit code; UNROLLED_DEBUG=1 for a stack.
 * Imports only Node built-ins and stop.ts, so starting costs little before the worker's own start-up.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createStopFlag, requestStop } from '../engine/stop';
import type { CliThreadData, FromCliThread, ToCliThread } from './thread-messages';

// Piped into `head` (or any reader that stops early): the next write fails with EPIPE. Exit at once and
// quietly, with the status a process killed by SIGPIPE has (128 + 13), as Unix tools do; files being
// written are safe (writes are atomic: temp file + rename).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(141);
    process.exitCode = 1;
  });
}

function startThread(data: CliThreadData): Worker {
  if (__filename.endsWith('.ts')) {
    // run from source (tests: node --import tsx src/cli/main.ts)
    const src = path.join(__dirname, 'thread.ts');
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(src)});`, { eval: true, execArgv: [], workerData: data });
  }
  return new Worker(path.join(__dirname, 'cli-thread.js'), { workerData: data, execArgv: [] });
}

const stop = createStopFlag();
const worker = startThread({ argv: process.argv.slice(2), stop: stop.buffer as SharedArrayBuffer, cliPath: __filename });
const send = (m: ToCliThread): void => worker.postMessage(m);
let interrupts = 0;
let code: number | undefined;

process.on('SIGINT', () => {
  interrupts++;
  if (interrupts === 1) {
    process.stderr.write('Stopping now (Ctrl-C again to quit at once, without saving)…\n');
    requestStop(stop);
    send({ type: 'stop' });
    return;
  }
  process.stderr.write('Quit at once: nothing was saved.\n');
  quitNow();
});

/**
 * Ends the process at once. Not process.exit: it joins the command thread, which never returns while that
 * thread is blocked in a read (`--data /dev/stdin` on an idle pipe). SIGINT's default action ends the
 * process in the kernel, and a shell reports it as status 130, as after any Ctrl-C; SIGKILL if SIGINT was
 * inherited as ignored.
 */
function quitNow(): void {
  process.removeAllListeners('SIGINT');
  process.kill(process.pid, 'SIGINT');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 200);
}

worker.on('message', (m: FromCliThread) => {
  if (m.type === 'exit-code') code = m.code;
  else if (m.type === 'read-stdin') {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => send({ type: 'stdin', text: Buffer.concat(chunks).toString('utf8') }));
    process.stdin.on('error', (e) => send({ type: 'stdin', text: '', error: e.message }));
  }
});
worker.on('error', (e) => {
  process.stderr.write(`unrolled: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.UNROLLED_DEBUG && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  code = 1;
});
worker.on('exit', (threadCode) => {
  const c = code ?? (threadCode === 0 ? 1 : threadCode);
  process.exitCode = interrupts > 0 && c === 0 ? 130 : c;
});
