/**
 * The worker thread's message loop, apart from `worker_threads` so it can be tested in-process: runs one
 * demo at a time as an async iterable of events, throttles them into batches (typed arrays transferred),
 * keeps every snapshot for scrub-back, answers predict / checkpoint / get-snapshot requests, and stops a
 * run when asked (the loop yields to the event loop every few milliseconds so a cancel message is seen).
 */
import type { DemoEvent, DemoName } from '../shared/events';
import type { HostToWorker, RunDemoRequest, RunParams, WorkerToHost } from '../shared/protocol';
import { EventBatcher, type BatcherOptions } from './batcher';
import { SnapshotStore } from './snapshot-store';
import { prepareForTransfer } from '../shared/transfer';
import type { WhatIfService } from './what-if-service';
import { isStopRequested, type StopFlag, stopFlagOf, StopRequested } from '../engine/stop';

/** What a demo gets besides its parameters. */
export interface DemoContext {
  signal: AbortSignal;
  /** Set by the host with the signal; the training demos' kernels look at it inside a batch. */
  stopFlag?: StopFlag;
}

/** One demo: parameters in, events out. */
export type DemoFactory = (params: RunParams, ctx: DemoContext) => AsyncIterable<DemoEvent>;

/** Model-level services the worker offers between runs (trained model, checkpoints). */
export interface ModelServices {
  /** The predict demo's events for one text with the current model. */
  predict(text: string, ctx: DemoContext, demo?: 'predict' | 'analyze'): AsyncIterable<DemoEvent>;
  /** The current model as checkpoint JSON text, with a one-line summary. */
  saveCheckpoint(): { json: string; summary: string };
  /** Replace the current model; returns a one-line summary. Throws with a clear message on bad input. */
  loadCheckpoint(json: string, source?: string): string;
}

export type Post = (msg: WorkerToHost, transfer?: ArrayBuffer[]) => void;

export interface RunnerOptions {
  batcher?: BatcherOptions;
  /** Longest stretch of synchronous demo work between two looks at the message queue. */
  yieldEveryMs?: number;
  /** Completed runs whose snapshots stay available for scrub-back. */
  keepRuns?: number;
  storeBytes?: number;
  /** Answers what-if requests (absent: they are answered with an error). */
  whatIf?: WhatIfService;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const macrotask = (): Promise<void> => new Promise((r) => setImmediate(r));

export class WorkerRunner {
  private active: { runId: number; abort: AbortController; done: Promise<void> } | undefined;
  private readonly stores: SnapshotStore[] = [];

  constructor(
    private readonly post: Post,
    private readonly demos: Partial<Record<DemoName, DemoFactory>>,
    private readonly model: ModelServices,
    private readonly opts: RunnerOptions = {},
  ) {}

  /** Handle one message from the host. Never throws: failures are answered as messages. */
  handle(msg: HostToWorker): void {
    switch (msg.type) {
      case 'run':
        this.opts.whatIf?.noteRun(msg);
        void this.startRun(msg);
        return;
      case 'what-if':
      case 'what-if-jacobian':
        if (this.opts.whatIf) void this.opts.whatIf.handle(msg, this.post);
        else this.post({ type: msg.type === 'what-if' ? 'what-if-result' : 'what-if-jacobian-result', requestId: msg.requestId, error: 'what-if is not available in this build' });
        return;
      case 'cancel':
        if (this.active?.runId === msg.runId) this.active.abort.abort();
        return;
      case 'predict':
        void this.predict(msg.requestId, msg.text, msg.demo);
        return;
      case 'save-checkpoint':
        try {
          const r = this.model.saveCheckpoint();
          this.post({ type: 'checkpoint-result', requestId: msg.requestId, json: r.json, summary: r.summary });
        } catch (e) {
          this.post({ type: 'checkpoint-result', requestId: msg.requestId, error: errorText(e) });
        }
        return;
      case 'load-checkpoint':
        try {
          const summary = this.model.loadCheckpoint(msg.json, msg.source);
          this.post({ type: 'checkpoint-result', requestId: msg.requestId, summary });
        } catch (e) {
          this.post({ type: 'checkpoint-result', requestId: msg.requestId, error: errorText(e) });
        }
        return;
      case 'get-snapshot': {
        const store = this.stores.find((s) => s.runId === msg.runId);
        const ev = store?.get(msg.snapshotId);
        if (!ev) {
          const why = store ? `snapshot ${msg.snapshotId} of run ${msg.runId} is no longer stored` : `run ${msg.runId} is no longer stored`;
          this.post({ type: 'snapshot-result', requestId: msg.requestId, error: why });
          return;
        }
        const { events, transfer } = prepareForTransfer([ev]);
        this.post({ type: 'snapshot-result', requestId: msg.requestId, event: events[0] as typeof ev }, transfer);
        return;
      }
      default:
        return;
    }
  }

  /** Runs still going (0 or 1). */
  get running(): number | undefined {
    return this.active?.runId;
  }

  private async startRun(req: RunDemoRequest): Promise<void> {
    // One run at a time: a new run stops the previous one first.
    const prev = this.active;
    if (prev) {
      prev.abort.abort();
      await prev.done;
    }
    const abort = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    this.active = { runId: req.runId, abort, done };
    try {
      await this.execute(req, abort.signal);
    } finally {
      if (this.active?.runId === req.runId) this.active = undefined;
      finish();
    }
  }

  private async execute(req: RunDemoRequest, signal: AbortSignal): Promise<void> {
    const { runId } = req;
    const factory = this.demos[req.demo];
    if (!factory) {
      this.post({ type: 'run-end', runId, status: 'error', message: `the ${req.demo} demo is not available in this build` });
      return;
    }
    const store = new SnapshotStore(runId, this.opts.storeBytes);
    this.stores.push(store);
    while (this.stores.length > (this.opts.keepRuns ?? 3)) this.stores.shift();
    const batcher = new EventBatcher((b) => {
      const { events, transfer } = prepareForTransfer(b.events);
      this.post(
        { type: 'events', runId, events, ...(b.storedSnapshotIds.length ? { storedSnapshotIds: b.storedSnapshotIds } : {}) },
        transfer,
      );
    }, this.opts.batcher);
    const yieldEvery = this.opts.yieldEveryMs ?? 15;
    let lastYield = performance.now();
    const stopFlag = req.stop ? stopFlagOf(req.stop) : undefined;
    // a stop seen by the kernels may arrive before the host's cancel message has been read
    const stopped = (): boolean => signal.aborted || isStopRequested(stopFlag);
    try {
      for await (const ev of factory(req.params, { signal, ...(stopFlag ? { stopFlag } : {}) })) {
        if (ev.type === 'snapshot') store.add(ev);
        batcher.push(ev);
        if (performance.now() - lastYield >= yieldEvery) {
          await macrotask(); // let a cancel (or predict) message in
          lastYield = performance.now();
        }
        if (stopped()) break; // ends the generator: its finally blocks run
      }
      batcher.flush();
      this.post({ type: 'run-end', runId, status: stopped() ? 'cancelled' : 'done' });
    } catch (e) {
      batcher.flush();
      if (stopped() || e instanceof StopRequested) this.post({ type: 'run-end', runId, status: 'cancelled' });
      else this.post({ type: 'run-end', runId, status: 'error', message: errorText(e) });
    } finally {
      batcher.dispose();
    }
  }

  private async predict(requestId: number, text: string, demo?: 'predict' | 'analyze'): Promise<void> {
    const all: DemoEvent[] = [];
    try {
      for await (const ev of this.model.predict(text, { signal: new AbortController().signal }, demo)) all.push(ev);
      const { events, transfer } = prepareForTransfer(all);
      this.post({ type: 'predict-result', requestId, events }, transfer);
    } catch (e) {
      this.post({ type: 'predict-result', requestId, events: [], error: errorText(e) });
    }
  }
}
