/**
 * The second training thread (dist/train-helper.js), started by the data-parallel trainer
 * (src/engine/data-parallel.ts) from the CLI or from the extension's worker thread. See src/engine/train-helper.ts.
 */
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { HelperInit } from './engine/data-parallel-shared';
import { runTrainHelper } from './engine/train-helper';

if (!parentPort) throw new Error('dist/train-helper.js must be started as a worker thread');
const port = parentPort;
const init = workerData as HelperInit & { nice?: number };
// The leader's niceness (the extension's worker lowers its own): on Linux this lowers this thread only.
if (process.platform === 'linux' && init.nice) {
  try {
    os.setPriority(init.nice);
  } catch {
    // not permitted: run at normal priority
  }
}
runTrainHelper(init, (m) => port.postMessage(m));
