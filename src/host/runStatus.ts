/**
 * What the status bar item and the progress notification say about a run, folded from its events.
 * Pure: text only; the host puts it on screen.
 */
import type { DemoEvent, DemoName } from '../demos/events';

export interface RunStatus {
  demo: DemoName;
  state: 'running' | 'done' | 'cancelled' | 'error';
  epoch?: number;
  epochs?: number;
  batch?: number;
  batches?: number;
  /** Latest batch loss and accuracy (percent), or the epoch's once it ends. */
  loss?: number;
  acc?: number;
  testAcc?: number;
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
        ...s, epoch: ev.epoch, batch: ev.batch, batches: ev.batches, loss: ev.loss, acc: ev.acc,
        series: ev.series && !s.series.includes(ev.series) ? [...s.series, ev.series] : s.series,
      };
    case 'epoch':
      return { ...s, epoch: ev.epoch, epochs: ev.epochs, loss: ev.loss, acc: ev.acc };
    case 'eval':
      return ev.split === 'test' ? { ...s, testAcc: ev.acc } : s;
    case 'demo-start': {
      const epochs = ev.config.epochs;
      return typeof epochs === 'number' ? { ...s, epochs } : s;
    }
    default:
      return s;
  }
}

const f = (x: number | undefined, d: number): string => (x === undefined ? '–' : Number.isFinite(x) ? x.toFixed(d) : String(x));

/** Status bar text (with a codicon) and tooltip. */
export function statusBarText(s: RunStatus): { text: string; tooltip: string } {
  const tooltip = 'Unrolled — click to open the visualizer';
  if (s.state === 'running') {
    if (s.epoch === undefined) return { text: '$(sync~spin) Unrolled: preparing…', tooltip };
    const ep = `epoch ${s.epoch}${s.epochs ? `/${s.epochs}` : ''}`;
    return { text: `$(sync~spin) Unrolled: ${ep} · loss ${f(s.loss, 3)} · acc ${f(s.acc, 1)}%`, tooltip };
  }
  if (s.state === 'done') {
    const acc = s.testAcc !== undefined ? `test acc ${f(s.testAcc, 2)}%` : `loss ${f(s.loss, 3)} · acc ${f(s.acc, 1)}%`;
    return { text: `$(check) Unrolled: ${acc}`, tooltip };
  }
  if (s.state === 'cancelled') return { text: `$(debug-stop) Unrolled: stopped at epoch ${s.epoch ?? 0}`, tooltip };
  return { text: '$(error) Unrolled: failed', tooltip: `${s.message ?? 'the run failed'} — click to open the visualizer` };
}

/** The progress notification's message and how far the run is (0…1, when known). */
export function progressText(s: RunStatus): { message: string; fraction?: number } {
  if (s.epoch === undefined || s.batch === undefined || !s.batches) return { message: 'loading data…' };
  const epochs = s.epochs ?? s.epoch;
  const fraction = Math.min(1, ((s.epoch - 1) * s.batches + s.batch) / (epochs * s.batches));
  return { message: `epoch ${s.epoch}/${epochs} · batch ${s.batch}/${s.batches} · loss ${f(s.loss, 4)}`, fraction };
}
