/**
 * The extension host's side of the worker thread. The Worker is created on first use and terminated on
 * dispose; runs and requests are matched to their answers by id. Cancel asks the worker to stop and, if it
 * has not within `cancelTimeoutMs`, terminates it (a new one starts on the next use), so a cancel always
 * ends the run within half a second. Imports no `vscode`: unit-tested with a real worker thread.
 */
import type { DemoName } from '../shared/events';
import type {
  CheckpointResult, EventsMessage, HostToWorker, PredictResult, RunEndMessage, RunParams, SnapshotResult, WorkerReply, WorkerRequest,
  WorkerRequestType, WorkerToHost, WhatIfJacobianResult, WhatIfResult,
} from '../shared/protocol';
import type { WhatIfSetup } from '../shared/what-if';
import type { LogLevel } from '../shared/names';

/** The part of `worker_threads.Worker` the client uses. */
export interface WorkerLike {
  postMessage(msg: HostToWorker, transfer?: readonly ArrayBuffer[]): void;
  on(ev: 'message', fn: (msg: WorkerToHost) => void): unknown;
  on(ev: 'error', fn: (err: Error) => void): unknown;
  on(ev: 'exit', fn: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface RunHandle {
  readonly runId: number;
  /** Resolves when the run ends, however it ends (never rejects). */
  readonly done: Promise<RunEndMessage>;
  /** Stop the run; resolves with its end (status 'cancelled') within cancelTimeoutMs. */
  cancel(): Promise<RunEndMessage>;
}

export interface WorkerClientOptions {
  /** How long a cancelled run may take to stop before the worker is terminated. */
  cancelTimeoutMs?: number;
  log?: (level: LogLevel, message: string) => void;
}

/** A request waiting for its reply. */
type Pending = { resolve: (m: WorkerReply) => void; reject: (e: Error) => void };

/** The reply type that answers each request type. */
const REPLY_TYPE: { [K in WorkerRequestType]: WorkerReply<K>['type'] } = {
  predict: 'predict-result',
  'save-checkpoint': 'checkpoint-result',
  'load-checkpoint': 'checkpoint-result',
  'get-snapshot': 'snapshot-result',
  'what-if': 'what-if-result',
  'what-if-jacobian': 'what-if-jacobian-result',
};
type Run = {
  onEvents: (m: EventsMessage) => void;
  resolve: (m: RunEndMessage) => void;
  /** The run's stop flag (one Int32 word, shared with the worker: src/engine/stop.ts). */
  stop: Int32Array;
  cancelTimer?: ReturnType<typeof setTimeout>;
};

export class WorkerClient {
  private worker: WorkerLike | undefined;
  private nextId = 1;
  private readonly runs = new Map<number, Run>();
  private readonly requests = new Map<number, Pending>();
  private disposed = false;
  /** How many Worker threads this client has started (for tests and the log). */
  workersStarted = 0;

  constructor(private readonly createWorker: () => WorkerLike, private readonly opts: WorkerClientOptions = {}) {}

  /** Whether a worker thread is alive now. */
  get alive(): boolean {
    return this.worker !== undefined;
  }

  /** Runs that have not ended. */
  get activeRuns(): number[] {
    return [...this.runs.keys()];
  }

  /** Number new runs and requests after `id` (a run restored from disk keeps its id). */
  reserveIds(id: number): void {
    this.nextId = Math.max(this.nextId, id + 1);
  }

  run(demo: DemoName, params: RunParams, onEvents: (m: EventsMessage) => void): RunHandle {
    const runId = this.nextId++;
    let resolve!: (m: RunEndMessage) => void;
    const done = new Promise<RunEndMessage>((r) => (resolve = r));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    this.runs.set(runId, { onEvents, resolve, stop });
    try {
      this.ensureWorker().postMessage({ type: 'run', runId, demo, params, stop: stop.buffer as SharedArrayBuffer });
    } catch (e) {
      this.endRun(runId, { type: 'run-end', runId, status: 'error', message: `could not start the worker thread: ${(e as Error).message}` });
    }
    return { runId, done, cancel: () => this.cancel(runId, done) };
  }

  predict(text: string, demo?: 'predict' | 'analyze'): Promise<PredictResult> {
    return this.request('predict', (requestId) => ({ type: 'predict', requestId, text, ...(demo ? { demo } : {}) }));
  }

  saveCheckpoint(): Promise<CheckpointResult> {
    return this.request('save-checkpoint', (requestId) => ({ type: 'save-checkpoint', requestId }));
  }

  loadCheckpoint(json: string, source?: string): Promise<CheckpointResult> {
    return this.request('load-checkpoint', (requestId) => ({ type: 'load-checkpoint', requestId, json, ...(source ? { source } : {}) }));
  }

  getSnapshot(runId: number, snapshotId: number): Promise<SnapshotResult> {
    return this.request('get-snapshot', (requestId) => ({ type: 'get-snapshot', requestId, runId, snapshotId }));
  }

  /** Re-run the shown gradient-demo sequence with the setup's changes (src/shared/what-if.ts). */
  whatIf(setup: WhatIfSetup): Promise<WhatIfResult> {
    return this.request('what-if', (requestId) => ({ type: 'what-if', requestId, setup }));
  }

  /** The same setup's step Jacobians (the slow half, asked for second). */
  whatIfJacobian(setup: WhatIfSetup): Promise<WhatIfJacobianResult> {
    return this.request('what-if-jacobian', (requestId) => ({ type: 'what-if-jacobian', requestId, setup }));
  }

  /** Terminates the worker; running runs end as cancelled and waiting requests are rejected. */
  dispose(): void {
    this.disposed = true;
    this.stopWorker('the extension is shutting down', 'cancelled');
  }

  private cancel(runId: number, done: Promise<RunEndMessage>): Promise<RunEndMessage> {
    const run = this.runs.get(runId);
    if (!run || !this.worker) return done;
    if (run.cancelTimer === undefined) {
      this.worker.postMessage({ type: 'cancel', runId });
      // the worker's kernels look at this word inside a batch; the message is read only between batches
      Atomics.store(run.stop, 0, 1);
      const ms = this.opts.cancelTimeoutMs ?? 400;
      run.cancelTimer = setTimeout(() => {
        if (!this.runs.has(runId)) return;
        this.opts.log?.('warn', `run ${runId} did not stop within ${ms} ms; terminating the worker thread (the current model is lost)`);
        this.stopWorker('the worker thread was terminated to stop the run', 'cancelled');
      }, ms);
    }
    return done;
  }

  /** Send request `type` and resolve with its reply (a reply of another type rejects). */
  private request<K extends WorkerRequestType>(type: K, make: (requestId: number) => WorkerRequest<K>): Promise<WorkerReply<K>> {
    const requestId = this.nextId++;
    return new Promise<WorkerReply<K>>((resolve, reject) => {
      const reply = REPLY_TYPE[type];
      const accept = (m: WorkerReply): void => (isReply(m, reply) ? resolve(m) : reject(new Error(`the worker answered ${type} with ${m.type}`)));
      this.requests.set(requestId, { resolve: accept, reject });
      try {
        this.ensureWorker().postMessage(make(requestId));
      } catch (e) {
        this.requests.delete(requestId);
        reject(new Error(`could not reach the worker thread: ${(e as Error).message}`));
      }
    });
  }

  private ensureWorker(): WorkerLike {
    if (this.disposed) throw new Error('the worker client was disposed');
    if (this.worker) return this.worker;
    const w = this.createWorker();
    this.workersStarted++;
    w.on('message', (m: WorkerToHost) => this.onMessage(m));
    w.on('error', (err: Error) => {
      if (this.worker !== w) return;
      this.opts.log?.('error', `worker thread failed: ${err.message}`);
      this.stopWorker(`the worker thread failed: ${err.message}`, 'error');
    });
    w.on('exit', (code: number) => {
      if (this.worker !== w) return; // terminated on purpose
      this.opts.log?.('warn', `worker thread exited with code ${code}`);
      this.stopWorker(`the worker thread exited (code ${code})`, 'error');
    });
    this.worker = w;
    return w;
  }

  private stopWorker(reason: string, status: 'cancelled' | 'error'): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate().catch(() => undefined);
    for (const runId of [...this.runs.keys()]) this.endRun(runId, { type: 'run-end', runId, status, message: reason });
    for (const [id, p] of this.requests) {
      this.requests.delete(id);
      p.reject(new Error(reason));
    }
  }

  private endRun(runId: number, end: RunEndMessage): void {
    const run = this.runs.get(runId);
    if (!run) return;
    if (run.cancelTimer !== undefined) clearTimeout(run.cancelTimer);
    this.runs.delete(runId);
    run.resolve(end);
  }

  private onMessage(m: WorkerToHost): void {
    switch (m.type) {
      case 'events': {
        const run = this.runs.get(m.runId);
        if (!run) return; // a run we already ended (e.g. cancelled by terminating)
        try {
          run.onEvents(m);
        } catch (e) {
          this.opts.log?.('error', `handling events of run ${m.runId} failed: ${(e as Error).message}`);
        }
        return;
      }
      case 'run-end':
        this.endRun(m.runId, m);
        return;
      case 'predict-result':
      case 'checkpoint-result':
      case 'snapshot-result':
      case 'what-if-result':
      case 'what-if-jacobian-result': {
        const p = this.requests.get(m.requestId);
        if (!p) return;
        this.requests.delete(m.requestId);
        p.resolve(m);
        return;
      }
      default:
        this.opts.log?.('warn', `unknown message from the worker: ${JSON.stringify((m as { type?: unknown }).type)}`);
    }
  }
}

function isReply<T extends WorkerReply['type']>(m: WorkerReply, type: T): m is Extract<WorkerReply, { type: T }> {
  return m.type === type;
}
