/**
 * What the status bar item and the progress notification say about a run, folded from its events.
 * Pure: text only; the host puts it on screen.
 */
import type { DemoEvent, DemoName } from '../shared/events';
import type { RunState } from '../shared/names';

export interface RunStatus {
  demo: DemoName;
  state: RunState;
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  /** Latest batch loss and accuracy (percent), or the epoch's once it ends. */
  loss?: number;
  acc?: number;
  /** Whether `loss`/`acc` are the last batch's or the epoch's (its mean): both texts say which. */
  lossOf?: 'batch' | 'epoch';
  testAcc?: number;
  /** Test accuracy per series (Compare Readouts). */
  testAccBySeries?: Record<string, number>;
  /** The readout being trained (Train on IMDB). */
  readout?: string;
  /** Batches trained so far, over all epochs. */
  updates?: number;
  /** Series seen (Compare Readouts trains several). */
  series: string[];
  message?: string;
}

export function newStatus(demo: DemoName): RunStatus {
  return { demo, state: 'running', series: [] };
}

export function reduceStatus(s: RunStatus, ev: DemoEvent): RunStatus {
  switch (ev.type) {
    case 'batch':
      return {
        ...s, epoch: ev.epoch, batch: ev.batch, batches: ev.batches, loss: ev.loss, acc: ev.acc, lossOf: 'batch', updates: (s.updates ?? 0) + 1,
        series: ev.series && !s.series.includes(ev.series) ? [...s.series, ev.series] : s.series,
      };
    case 'epoch':
      return { ...s, epoch: ev.epoch, epochs: ev.epochs, loss: ev.loss, acc: ev.acc, lossOf: 'epoch' };
    case 'eval':
      if (ev.split !== 'test') return s;
      return ev.series ? { ...s, testAcc: ev.acc, testAccBySeries: { ...s.testAccBySeries, [ev.series]: ev.acc } } : { ...s,
        testAcc: ev.acc };
    case 'demo-start': {
      const { epochs, readout } = ev.config;
      return { ...s, ...(typeof epochs === 'number' ? { epochs } : {}), ...(typeof readout === 'string' ? { readout } : {}) };
    }
    default:
      return s;
  }
}

const f = (x: number | undefined, d: number): string => (x === undefined ? '–' : Number.isFinite(x) ? x.toFixed(d) : String(x));

/**
 * The loss as both the status bar and the progress notification say it — one string, so the two never show
 * different figures for the same moment: "batch loss 0.6093" or, after an epoch, "epoch 2 loss 0.5938" (its mean).
 */
export function lossFigure(s: RunStatus): string {
  return s.lossOf === 'epoch' ? `epoch ${s.epoch ?? '–'} loss ${f(s.loss, 4)}` : `batch loss ${f(s.loss, 4)}`;
}

/**
 * Status bar text (with a codicon) and tooltip. After a run it says which model Predict Sentiment and
 * Analyze use: `inUse`, the worker's answer once the run's models have competed (the best of this window),
 * else — before it is known — what the run implies.
 */
export function statusBarText(s: RunStatus, inUse?: string): { text: string; tooltip: string } {
  const side = s.demo === 'compare' || s.demo === 'compare-cells';
  const open = side ? 'Click to open the comparison.' : 'Click to open the training run.';
  const readout = s.readout ? ` · readout ${s.readout}` : '';
  if (s.state === 'running') {
    const tooltip = `Unrolled is training${s.demo === 'compare' ? ' two models side by side' : s.demo === 'compare-cells' ? ' the tanh, GRU and LSTM cells side by side' : ''}. ${open}`;
    if (s.epoch === undefined) return { text: '$(sync~spin) Unrolled: preparing…', tooltip };
    const ep = `epoch ${s.epoch}${s.epochs ? `/${s.epochs}` : ''}`;
    return { text: `$(sync~spin) Unrolled: ${ep} · ${lossFigure(s)} · ${s.lossOf === 'epoch' ? 'train' : 'batch'} acc ${f(s.acc, 1)}%`, tooltip };
  }
  const keeps = inUse ? `Predict Sentiment and Analyze use ${inUse}.` : 'Predict Sentiment and Analyze keep using the model from Train on IMDB or Load Checkpoint.';
  if (side) {
    if (s.state === 'done' && s.testAccBySeries) {
      const parts = Object.entries(s.testAccBySeries).map(([k, v]) => `${k} ${f(v, 2)}%`);
      const what = s.demo === 'compare' ? 'Compare Readouts trained two models' : `Compare Cells trained ${parts.length} models`;
      // Compare Readouts' models compete for Predict and Analyze; Compare Cells' stay its own.
      if (s.demo === 'compare') {
        const best = inUse ? keeps : 'Predict Sentiment and Analyze use the best-scoring model trained in this window.';
        return { text: `$(check) Unrolled: test acc ${parts.join(' vs ')}`, tooltip: `${what}. ${best} ${open}` };
      }
      return { text: `$(check) Unrolled: test acc ${parts.join(' vs ')}`, tooltip: `${what} of its own. ${keeps} ${open}` };
    }
    if (s.state === 'cancelled') return { text: `$(debug-stop) Unrolled: comparison stopped at epoch ${s.epoch ?? 0}`, tooltip: `${keeps} ${open}` };
  }
  if (s.state === 'done') {
    const acc = s.testAcc !== undefined ? `test acc ${f(s.testAcc, 2)}%` : `${lossFigure(s)} · acc ${f(s.acc, 1)}%`;
    return {
      text: `$(check) Unrolled: ${acc}${readout}`,
      tooltip: `${inUse ? keeps : `Predict Sentiment and Analyze use this model${s.readout ? ` (readout ${s.readout})` : ''}.`} ${open}`,
    };
  }
  if (s.state === 'cancelled') {
    const kept = (s.updates ?? 0) > 0;
    return {
      text: `$(debug-stop) Unrolled: stopped at epoch ${s.epoch ?? 0}${kept ? ' · model kept' : ''}`,
      tooltip: kept
        ? `Training was stopped during epoch ${s.epoch}: Predict Sentiment and Analyze use the model as it stood (${s.updates} batches trained, not tested). ${open}`
        : `Training was stopped before the first batch. ${keeps} ${open}`,
    };
  }
  return { text: '$(error) Unrolled: failed', tooltip: `${s.message ?? 'the run failed'} — click to open the visualizer` };
}

/** Status bar after Load Checkpoint: the loaded model is the one Predict and Analyze use. */
export function loadedModelText(fileName: string, summary: string): { text: string; tooltip: string } {
  const readout = /readout (\S+)/.exec(summary)?.[1];
  return {
    text: `$(package) Unrolled: model loaded${readout ? ` · readout ${readout}` : ''}`,
    tooltip: `Predict Sentiment and Analyze use ${fileName}: ${summary}.`,
  };
}

/** The progress notification's message and how far the run is (0…1, when known). */
export function progressText(s: RunStatus): { message: string; fraction?: number } {
  if (s.epoch === undefined || s.batch === undefined || !s.batches) return { message: 'loading data…' };
  const epochs = s.epochs ?? s.epoch;
  const fraction = Math.min(1, ((s.epoch - 1) * s.batches + s.batch) / (epochs * s.batches));
  return { message: `epoch ${s.epoch}/${epochs} · batch ${s.batch}/${s.batches} · ${lossFigure(s)}`, fraction };
}
