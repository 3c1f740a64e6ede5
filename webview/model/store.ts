/**
 * Everything the panel knows about the current run, built from demo events only (pure, no DOM).
 * Snapshots are kept in arrival order for scrubbing; forward-step events that arrive before a snapshot
 * are assembled into a live snapshot so the network can be drawn while the demo is still running.
 */
import type {
  DemoEvent, DemoName, SnapshotEvent, TokensEvent, ClipEvent, GradNormsEvent, OutputEvent, LossEvent,
  BatchEvent, EpochEvent, EvalEvent, LogEvent, UpdateEvent, ForwardStepEvent, LayeredSeries, JacobianEvent,
} from '../../src/shared/events';
import { normalizeEvent } from './arrays';
import { CELL_NAMES, type RunState as RunStatusName } from '../../src/shared/names';

/** Most snapshots kept per run (oldest dropped first); training streams can produce many. */
export const MAX_SNAPSHOTS = 200;
export const MAX_LOG_LINES = 500;

export interface RunState {
  runId: number;
  demo: DemoName | null;
  title: string;
  config: Record<string, number | string | boolean>;
  status: RunStatusName;
  message?: string;
  tokens: TokensEvent | null;
  snapshots: SnapshotEvent[];
  /** Forward steps received since the last snapshot (for the live view). */
  liveSteps: ForwardStepEvent[];
  /** Each forward step's logits, by t (Step Through a Sentence prints them per word; kept after the snapshot). */
  stepLogits: number[][];
  output: OutputEvent | null;
  loss: LossEvent | null;
  gradNorms: GradNormsEvent[];
  clips: ClipEvent[];
  updates: UpdateEvent[];
  batches: BatchEvent[];
  epochs: EpochEvent[];
  evals: EvalEvent[];
  logs: LogEvent[];
  summary: Record<string, unknown> | null;
  /** Step-Jacobian figures of the gradient demos' snapshots (by snapshotId). */
  jacobians: JacobianEvent[];
  /** Problems with incoming events (shown to the user, never thrown). */
  errors: string[];
}

export function emptyRun(runId = 0, demo: DemoName | null = null, title = ''): RunState {
  return {
    runId, demo, title, config: {}, status: 'running', tokens: null, snapshots: [], liveSteps: [], stepLogits: [], output: null,
    loss: null, gradNorms: [], clips: [], updates: [], batches: [], epochs: [], evals: [], logs: [], summary: null, errors: [],
    jacobians: [],
  };
}

/** Apply a batch of events in order (mutates and returns `run`). Malformed events are recorded in `errors`. */
export function applyEvents(run: RunState, events: readonly DemoEvent[]): RunState {
  for (const raw of events) {
    let e: DemoEvent;
    try {
      if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') {
        throw new Error(`event without a type: ${JSON.stringify(raw)?.slice(0, 80)}`);
      }
      e = normalizeEvent(raw);
    } catch (err) {
      run.errors.push((err as Error).message);
      continue;
    }
    applyOne(run, e);
  }
  return run;
}

function applyOne(run: RunState, e: DemoEvent): void {
  switch (e.type) {
    case 'demo-start':
      run.demo = e.demo; run.title = e.title; run.config = { ...e.config };
      break;
    case 'tokens':
      run.tokens = e; run.liveSteps = [];
      break;
    case 'forward-step':
      if (e.t === 0) { run.liveSteps = []; run.stepLogits = []; }
      run.liveSteps.push(e);
      if (e.logits) run.stepLogits[e.t] = e.logits;
      break;
    case 'snapshot':
      run.snapshots.push(e);
      if (run.snapshots.length > MAX_SNAPSHOTS) run.snapshots.splice(0, run.snapshots.length - MAX_SNAPSHOTS);
      run.liveSteps = [];
      break;
    case 'output': run.output = e; break;
    case 'loss': run.loss = e; break;
    case 'backward-step': break; // the snapshot carries the same norms for every t
    case 'grad-norms': run.gradNorms.push(e); break;
    case 'clip': run.clips.push(e); break;
    case 'update': run.updates.push(e); break;
    case 'batch': run.batches.push(e); break;
    case 'epoch': run.epochs.push(e); break;
    case 'eval': run.evals.push(e); break;
    case 'log':
      run.logs.push(e);
      if (run.logs.length > MAX_LOG_LINES) run.logs.splice(0, run.logs.length - MAX_LOG_LINES);
      break;
    case 'demo-end': run.summary = e.summary; break;
    case 'jacobian':
      run.jacobians = [...run.jacobians.filter((j) => j.snapshotId !== e.snapshotId), e];
      break;
    default: {
      const t = (e as { type: string }).type;
      run.errors.push(`unknown event type ${JSON.stringify(t)} (ignored)`);
    }
  }
}

/**
 * A snapshot assembled from forward-step events received so far (steps not yet seen are zero),
 * or null when there are none. Its id is -1.
 */
export function liveSnapshot(run: RunState): SnapshotEvent | null {
  const steps = run.liveSteps;
  if (steps.length === 0) return null;
  const layers = steps[0].hidden.length;
  const units = steps[0].hidden[0]?.length ?? 0;
  const tokens = run.tokens?.tokens ?? steps.map((s) => s.word);
  const T = Math.max(run.tokens?.seqLength ?? 0, tokens.length, ...steps.map((s) => s.t + 1));
  const mk = (): LayeredSeries => ({ layers, steps: T, units, data: new Float32Array(layers * T * units) });
  const hidden = mk(), preact = mk();
  for (const s of steps) {
    for (let l = 0; l < layers; l++) {
      hidden.data.set(s.hidden[l], (l * T + s.t) * units);
      preact.data.set(s.preact[l], (l * T + s.t) * units);
    }
  }
  const last = steps[steps.length - 1];
  const logits = last.logits ?? run.output?.logits ?? [];
  return {
    type: 'snapshot', id: -1, label: 'live', tokens: padTokens(tokens, T), unknown: run.tokens?.unknown ?? tokens.map(() => false),
    length: run.tokens?.length ?? steps.length, activation: run.demo === 'step' ? 'linear' : runCell(run), hidden, preact,
    logits, probs: run.output?.probs ?? [], readout: run.demo === 'step' ? 'simple' : 'final',
  };
}

/** The cell a run's demo-start names in its config (`cell`), else the notebook's tanh. */
export function runCell(run: RunState): (typeof CELL_NAMES)[number] {
  const c = run.config.cell;
  return (CELL_NAMES as readonly unknown[]).includes(c) ? (c as (typeof CELL_NAMES)[number]) : 'tanh';
}

function padTokens(tokens: string[], T: number): string[] {
  const out = tokens.slice(0, T);
  while (out.length < T) out.push('<PAD>');
  return out;
}
