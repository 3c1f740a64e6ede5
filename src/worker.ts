/**
 * The worker thread (dist/worker.js): runs the demos off the extension host's event loop and streams
 * their events back in throttled batches. See src/worker/runner.ts.
 */
import * as os from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { HostToWorker } from './shared/protocol';
import { demoRegistry } from './worker/demos';
import { ModelHolder } from './worker/model-holder';
import { WorkerRunner } from './worker/runner';
import { WhatIfService } from './worker/what-if-service';
import { WhatIf } from './demos/what-if';

if (!parentPort) throw new Error('dist/worker.js must be started as a worker thread');
// On Linux, setpriority with pid 0 lowers the calling THREAD only: training then yields the CPU to the
// extension host and the editor when the machine is busy. (Elsewhere it would lower the whole process.)
if (process.platform === 'linux') {
  try {
    os.setPriority(10);
  } catch {
    // not permitted: run at normal priority
  }
}
const port = parentPort;
const model = new ModelHolder();
const whatIf: WhatIfService = new WhatIfService(new WhatIf(() => whatIf.data));
const runner = new WorkerRunner((msg, transfer) => port.postMessage(msg, transfer ?? []), demoRegistry(model), model, { whatIf });
port.on('message', (m: HostToWorker) => runner.handle(m));
