/** A worker thread entry with the stand-in demos, for tests of the host's WorkerClient. */
import { parentPort } from 'node:worker_threads';
import type { HostToWorker } from '../../src/shared/protocol';
import { burn, fakeModel, fakeTrain } from './fake-demos';
import { WorkerRunner } from '../../src/worker/runner';

if (!parentPort) throw new Error('test/support/fake-worker.fixture must run in a worker thread');
const port = parentPort;
const runner = new WorkerRunner((msg, transfer) => port.postMessage(msg, transfer ?? []), {
  train: fakeTrain,
  // A demo that ignores cancellation and blocks for 3 s: the client must terminate the worker.
  vanish: async function* () {
    yield { type: 'log', level: 'info', text: 'stubborn' };
    burn(3000);
    yield { type: 'log', level: 'info', text: 'still here' };
  },
  // A demo that crashes the thread.
  explode: async function* () {
    yield { type: 'log', level: 'info', text: 'about to crash' };
    setImmediate(() => { throw new Error('boom in the worker'); });
    await new Promise((r) => setTimeout(r, 1000));
  },
}, fakeModel());
port.on('message', (m: HostToWorker) => runner.handle(m));
