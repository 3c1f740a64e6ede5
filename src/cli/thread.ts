/**
 * The CLI's command thread (dist/cli-thread.js), started by main.ts: runs `unrolled <argv>` with the run's
 * stop flag. Its stdout and stderr are Node's worker streams (forwarded, in order, to the process's own);
 * stdin is read by the launcher on request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stopFlagOf } from '../engine/stop';
import type { CliIO } from './io';
import { runCli } from './run';
import type { CliThreadData, FromCliThread, ToCliThread } from './thread-messages';

if (!parentPort) throw new Error('dist/cli-thread.js is started by dist/cli.js');
const port = parentPort;
const data = workerData as CliThreadData;
const stopFlag = stopFlagOf(data.stop);
const controller = new AbortController();
const send = (m: FromCliThread): void => port.postMessage(m);
let stdinWaiter: ((m: Extract<ToCliThread, { type: 'stdin' }>) => void) | null = null;

port.on('message', (m: ToCliThread) => {
  if (m.type === 'stop') controller.abort();
  else if (m.type === 'stdin' && stdinWaiter) stdinWaiter(m);
});
// The port must not keep this thread alive: it ends when the command has finished, as a process would.
port.unref();

const io: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  readStdin: () =>
    new Promise<string>((resolve, reject) => {
      port.ref();
      stdinWaiter = (m) => {
        stdinWaiter = null;
        port.unref();
        if (m.error) reject(new Error(`cannot read stdin: ${m.error}`));
        else resolve(m.text);
      };
      send({ type: 'read-stdin' });
    }),
  signal: controller.signal,
  stopFlag,
  cliPath: data.cliPath,
};

runCli(data.argv, io).then(
  (code) => send({ type: 'exit-code', code }),
  (e: unknown) => {
    process.stderr.write(`unrolled: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    send({ type: 'exit-code', code: 1 });
  },
);
