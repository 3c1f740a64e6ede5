/**
 * The one protocol module: every message between extension host, worker thread and webview.
 * Each direction is a discriminated union on `type`. What comes in from the webview is untrusted and is
 * checked at runtime by `parseWebviewMessage` (unknown or malformed messages are rejected with a reason).
 */
import type { DemoEvent, DemoName, ReadoutName, SnapshotEvent } from './events';
import { LOG_LEVELS, type LogLevel, type RunEndStatus } from './names';
import { parseWhatIfSetup, type WhatIfJacobianRequest, type WhatIfJacobianResult, type WhatIfRequest, type WhatIfResult } from './what-if';
import { parseViewLinkState, type ViewLinkState } from './view-link';
export type { WhatIfJacobianRequest, WhatIfJacobianResult, WhatIfRequest, WhatIfResult } from './what-if';

/** Parameters of Step Through a Sentence that the extension sets (the demo's own options extend these). */
export interface StepParams {
  sentence?: string;
  /** Hidden size of the simple RNN (the notebook: 10). */
  hidden?: number;
  seed?: number;
}

/** Parameters of training that the extension sets from its settings (the demo's own options extend these). */
export interface TrainParams {
  /** CSV of reviews (text,sentiment); default the embedded `data/imdb_subset.csv`. */
  dataPath?: string;
  /** GloVe text file; default the embedded subset. */
  glovePath?: string;
  /** N > 0: read N balanced reviews of the IMDB corpus shipped in data/imdb-corpus.bin instead of a CSV (see src/data); 0 = the CSV. */
  reviews?: number;
  epochs?: number;
  batch?: number;
  hidden?: number;
  layers?: number;
  lr?: number;
  seqLength?: number;
  vocabSize?: number;
  readout?: ReadoutName;
  /** Recurrent cell: tanh (the notebook's), gru or lstm. */
  cell?: 'tanh' | 'gru' | 'lstm';
  /** Gated cells: the keep gate's (LSTM f, GRU z) initial bias; absent = 1 (Keras's unit_forget_bias), null = PyTorch's uniform draw. */
  keepGateBias?: number | null;
  /** Max global gradient norm; 0 = no clipping. */
  clip?: number;
  /** Truncated BPTT: the recurrent gradient is cut every K steps counted back from the last position; 0 = full BPTT. */
  truncateBptt?: number;
  seed?: number;
  /** Training preset (notebook | improved); absent = chosen from the readout, as the CLI does. */
  preset?: 'notebook' | 'improved';
  /** Test on this CSV instead of the 20 % split. */
  testDataPath?: string;
  /** Fraction of the training split held out for validation (model selection), 0 = none. */
  validation?: number;
  /** Training threads: 1, or 2 to split each batch across two cores (default 2 when the machine has 2 or more). */
  threads?: number;
}

/** Parameters of the exploding / vanishing gradients demos that a run may set (the demos' options extend these). */
export interface GradientDemoParams {
  /** Random tokens of the exploding-gradients demo. */
  length?: number;
  /** Standard deviation of the h2h weights (exploding / vanishing demos). */
  std?: number;
}

/** Parameters a demo run accepts (all optional; defaults are the notebook's): the demos' own, plus a text. */
export interface RunParams extends StepParams, TrainParams, GradientDemoParams {
  /** The text Predict / Analyze read. */
  text?: string;
}

// ---------------------------------------------------------------- host → worker
/** Start a demo; events stream back tagged with runId. */
export interface RunDemoRequest {
  type: 'run'; runId: number; demo: DemoName; params: RunParams;
  /**
   * The run's stop flag: one Int32 word the host sets (before posting `cancel`) so the worker's kernels stop
   * a batch part-way (src/engine/stop.ts). Shared, not copied.
   */
  stop?: SharedArrayBuffer;
}
/** Stop a run: at the next batch/step boundary, or part-way through a batch when the run has a stop flag. */
export interface CancelRequest { type: 'cancel'; runId: number }
/** Predict on text with the current trained model (answers with predict-result). */
export interface PredictRequest {
  type: 'predict'; requestId: number; text: string;
  /** 'analyze' answers with the analyze demo's events (same tokens and snapshot, plus its summary). */
  demo?: 'predict' | 'analyze';
}
/** Load a checkpoint (JSON text) as the current model. */
export interface LoadCheckpointRequest {
  type: 'load-checkpoint'; requestId: number; json: string;
  /** Where the JSON came from (a file name), used in error messages. */
  source?: string;
}
/** Serialize the current model (answers with checkpoint). */
export interface SaveCheckpointRequest { type: 'save-checkpoint'; requestId: number }
/**
 * Ask for a snapshot the worker stored (scrub back); answers with snapshot-result. The webview sends the
 * same message to the host, which forwards it.
 */
export interface GetSnapshotRequest { type: 'get-snapshot'; requestId: number; runId: number; snapshotId: number }
export type HostToWorker =
  | RunDemoRequest | CancelRequest | PredictRequest | LoadCheckpointRequest | SaveCheckpointRequest
  | GetSnapshotRequest | WhatIfRequest | WhatIfJacobianRequest;

// ---------------------------------------------------------------- worker → host (and on to the webview)
/**
 * A batch of demo events (throttled: at most ~10 messages per second; typed arrays transferred). The host
 * forwards it to the panel unchanged.
 */
export interface EventsMessage {
  type: 'events'; runId: number; events: DemoEvent[];
  /** Ids of snapshots stored in the worker during this batch but not sent (fetch them with get-snapshot). */
  storedSnapshotIds?: number[];
}
/** A run ended (normally, cancelled or failed). */
export interface RunEndMessage { type: 'run-end'; runId: number; status: RunEndStatus; message?: string }
/** Answer to predict (from the worker, and from the host to the panel): the same events a predict demo yields. */
export interface PredictResult { type: 'predict-result'; requestId: number; events: DemoEvent[]; error?: string }
/** Answer to save-checkpoint / load-checkpoint. */
export interface CheckpointResult { type: 'checkpoint-result'; requestId: number; json?: string; error?: string; summary?: string }
/** Answer to get-snapshot (from the worker, and from the host to the panel): the stored snapshot, or why there is none. */
export interface SnapshotResult { type: 'snapshot-result'; requestId: number; event?: SnapshotEvent; error?: string }
export type WorkerToHost =
  | EventsMessage | RunEndMessage | PredictResult | CheckpointResult | SnapshotResult | WhatIfResult | WhatIfJacobianResult;

/** Each request the host sends the worker, with the reply that answers it (matched by requestId). */
export interface WorkerRequests {
  predict: [PredictRequest, PredictResult];
  'save-checkpoint': [SaveCheckpointRequest, CheckpointResult];
  'load-checkpoint': [LoadCheckpointRequest, CheckpointResult];
  'get-snapshot': [GetSnapshotRequest, SnapshotResult];
  /** What-if (src/shared/what-if.ts): the fast re-run, then its step Jacobians. */
  'what-if': [WhatIfRequest, WhatIfResult];
  'what-if-jacobian': [WhatIfJacobianRequest, WhatIfJacobianResult];
}
export type WorkerRequestType = keyof WorkerRequests;
export type WorkerRequest<K extends WorkerRequestType = WorkerRequestType> = WorkerRequests[K][0];
export type WorkerReply<K extends WorkerRequestType = WorkerRequestType> = WorkerRequests[K][1];

// ---------------------------------------------------------------- host → webview
/** A new run starts in the panel: clear what belongs to the previous one. */
export interface ShowRunMessage { type: 'show-run'; runId: number; demo: DemoName; title: string }
/** Jump to a timestep (e.g. from the editor hover's "Show in visualizer"). */
export interface FocusStepMessage { type: 'focus-step'; t: number; snapshotId?: number }
/** Presenter mode on or off (Unrolled: Presenter Mode): large type and controls, 200 % zoom. */
export interface PresenterMessage { type: 'presenter'; on: boolean }
/** A view link is being opened (issue 14): the next run of `state.demo` is shown at the link's step, pin and what-if. */
export interface ApplyViewMessage { type: 'apply-view'; state: ViewLinkState }
export type HostToWebview =
  | ShowRunMessage | EventsMessage | RunEndMessage | FocusStepMessage | PredictResult | SnapshotResult
  | WhatIfResult | WhatIfJacobianResult | PresenterMessage | ApplyViewMessage;

// ---------------------------------------------------------------- webview → host (untrusted)
/** The webview has loaded and can receive messages. */
export interface ReadyMessage { type: 'ready' }
/** Predict as the user types in the panel's text box. */
export interface WebviewPredictRequest { type: 'predict'; requestId: number; text: string }
/** Run one of the extension's commands (buttons in the panel). */
export interface RunCommandMessage { type: 'run-command'; command: WebviewCommand }
/** Save an exported file (SVG/PNG/JSON) chosen by the user. */
export interface ExportMessage { type: 'export'; format: 'svg' | 'png' | 'json'; fileName: string; data: string }
/** Something the user should see in the log (e.g. a renderer error). */
export interface WebviewLogMessage { type: 'log'; level: LogLevel; message: string }
/** "Copy link to this view": the host makes the link of this state and puts it on the clipboard. */
export interface CopyLinkMessage { type: 'copy-link'; state: ViewLinkState }
export type WebviewToHost =
  | ReadyMessage | WebviewPredictRequest | RunCommandMessage | ExportMessage | WebviewLogMessage
  | GetSnapshotRequest | WhatIfRequest | WhatIfJacobianRequest | CopyLinkMessage;

/** Commands the panel may ask the host to run. */
export const WEBVIEW_COMMANDS = [
  'unrolled.stepThrough', 'unrolled.train', 'unrolled.stopTraining', 'unrolled.predict',
  'unrolled.exploding', 'unrolled.vanishing', 'unrolled.compareReadouts',
] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** Limits on what the webview may send. */
export const MAX_PREDICT_TEXT = 100_000;
export const MAX_EXPORT_BYTES = 20_000_000;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Longest rejection reason: a reason quotes what the webview sent, which may be huge (one reached 80 MB). */
export const MAX_REASON_CHARS = 200;

/** A value quoted into a reason, cut short. */
function quote(v: unknown): string {
  // Never serialise what came in whole (an object may be megabytes): strings cut first, objects named.
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v.slice(0, MAX_REASON_CHARS));
  else if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) s = String(v);
  else s = Array.isArray(v) ? 'a list' : `a ${typeof v}`;
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** An export file name: letters, digits, _ . - (no path separators), not empty and not made of dots only. */
export function isPlainFileName(name: unknown): name is string {
  return typeof name === 'string' && /^[\w.-]{1,100}$/.test(name) && !/^\.+$/.test(name);
}

/** Validate a message that came in from the webview. Never throws; the reason is at most MAX_REASON_CHARS. */
export function parseWebviewMessage(raw: unknown): ParseResult<WebviewToHost> {
  const r = parseUnbounded(raw);
  if (!r.ok && r.reason.length > MAX_REASON_CHARS) return { ok: false, reason: `${r.reason.slice(0, MAX_REASON_CHARS - 1)}…` };
  return r;
}

function parseUnbounded(raw: unknown): ParseResult<WebviewToHost> {
  if (!isRecord(raw)) return { ok: false, reason: 'message is not an object' };
  const t = raw.type;
  switch (t) {
    case 'ready':
      return { ok: true, value: { type: 'ready' } };
    case 'predict':
      if (!isInt(raw.requestId)) return { ok: false, reason: 'predict: requestId must be a non-negative integer' };
      if (typeof raw.text !== 'string') return { ok: false, reason: 'predict: text must be a string' };
      if (raw.text.length > MAX_PREDICT_TEXT) return { ok: false, reason: `predict: text longer than ${MAX_PREDICT_TEXT} characters` };
      return { ok: true, value: { type: 'predict', requestId: raw.requestId, text: raw.text } };
    case 'run-command':
      if (typeof raw.command !== 'string' || !(WEBVIEW_COMMANDS as readonly string[]).includes(raw.command)) {
        return { ok: false, reason: `run-command: unknown command ${quote(raw.command)}` };
      }
      return { ok: true, value: { type: 'run-command', command: raw.command as WebviewCommand } };
    case 'export': {
      if (raw.format !== 'svg' && raw.format !== 'png' && raw.format !== 'json') {
        return { ok: false, reason: `export: format must be svg, png or json, not ${quote(raw.format)}` };
      }
      if (!isPlainFileName(raw.fileName)) {
        return { ok: false, reason: 'export: fileName must be a plain file name' };
      }
      if (typeof raw.data !== 'string' || raw.data.length > MAX_EXPORT_BYTES) {
        return { ok: false, reason: 'export: data must be a string under the size limit' };
      }
      return { ok: true, value: { type: 'export', format: raw.format, fileName: raw.fileName, data: raw.data } };
    }
    case 'get-snapshot':
      if (!isInt(raw.requestId)) return { ok: false, reason: 'get-snapshot: requestId must be a non-negative integer' };
      if (!isInt(raw.runId)) return { ok: false, reason: 'get-snapshot: runId must be a non-negative integer' };
      if (!isInt(raw.snapshotId)) return { ok: false, reason: 'get-snapshot: snapshotId must be a non-negative integer' };
      return { ok: true, value: { type: 'get-snapshot', requestId: raw.requestId, runId: raw.runId, snapshotId: raw.snapshotId } };
    case 'what-if':
    case 'what-if-jacobian': {
      if (!isInt(raw.requestId)) return { ok: false, reason: `${t}: requestId must be a non-negative integer` };
      const setup = parseWhatIfSetup(raw.setup);
      if (!setup.ok) return { ok: false, reason: `${t}: ${setup.reason}` };
      return { ok: true, value: { type: t, requestId: raw.requestId, setup: setup.value } };
    }
    case 'copy-link': {
      const st = parseViewLinkState(raw.state);
      return st.ok ? { ok: true, value: { type: 'copy-link', state: st.value } } : { ok: false, reason: `copy-link: ${st.reason}` };
    }
    case 'log':
      if (!(LOG_LEVELS as readonly unknown[]).includes(raw.level)) return { ok: false, reason: 'log: bad level' };
      if (typeof raw.message !== 'string') return { ok: false, reason: 'log: message must be a string' };
      return { ok: true, value: { type: 'log', level: raw.level as LogLevel, message: raw.message.slice(0, 2000) } };
    default:
      return { ok: false, reason: `unknown message type ${quote(t)}` };
  }
}
