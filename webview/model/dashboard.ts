/**
 * The training dashboard's series, from batch / epoch / eval / clip events: one series per model
 * (Compare Readouts trains two side by side), x measured in epochs, accuracy in percent, and the
 * flags a student must not miss (non-finite gradient norms, skipped updates).
 */
import type { RunState } from './store';
import { cellsChart, type CellsChart } from './cells-compare';
import type { BatchEvent, DemoName } from '../../src/shared/events';

export interface BatchPoint {
  x: number; epoch: number; batch: number; loss: number; acc: number; gradNorm: number; clipped: boolean; skipped: boolean;
}
export interface EpochPoint { x: number; epoch: number; loss: number; acc: number }
export interface SeriesData {
  name: string;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  tests: EpochPoint[];
  validations: EpochPoint[];
  nonFinite: number;
  skipped: number;
  clipped: number;
  /** This model's clipping threshold (max norm), or null when it does not clip (Compare Readouts: the notebook's run). */
  clip: number | null;
  /** The clipped batches, marked on the gradient chart, each with its tooltip in words. */
  clipMarks: Array<{ x: number; gradNorm: number; title: string }>;
}

/** A sentence about gradient clipping beside the charts, with the longer explanation for its tooltip. */
export interface ClipNote { text: string; title: string }

/** What clipping is, in words (the tooltip of the clipping notes and of the markers on the gradient chart). */
export const CLIP_EXPLANATION = 'Gradient clipping (torch.nn.utils.clip_grad_norm_): when the total gradient norm of a batch is above the threshold, '
  + 'every gradient is multiplied by threshold ÷ norm before the update, so one unlucky batch cannot throw the weights far. '
  + 'It is a deliberate safeguard, not an error.';

export interface Dashboard {
  series: SeriesData[];
  /** Gradient clipping threshold (max norm) when some model of the run clips (each series says whether it does). */
  clipThreshold: number | null;
  epochs: number;
  /** x extent in epochs. */
  xMax: number;
  /** Loss extent over finite values (0 … max). */
  lossMax: number;
  /** Finite positive grad-norm extent (for the log axis). */
  gradMin: number;
  gradMax: number;
  /** Warnings to show next to the charts (non-finite norms, skipped updates). */
  flags: string[];
  /** Clipped batches per model, in words (not a warning: clipping is the safeguard working). */
  clipNotes: ClipNote[];
  /** What the side-by-side series differ in: the readout (Compare Readouts) or the cell (Compare Cells). */
  seriesKind: 'readout' | 'cell';
  /** Compare Cells, once it has ended: its summary's `cells` rows (first-token gradients, test accuracy, s/epoch). */
  cells: CellComparisonRow[] | null;
  /** Compare Cells, once it has ended: the gradients of every cell on one log axis (model/cells-compare.ts). */
  cellsChart: CellsChart | null;
}

/** One row of Compare Cells' summary (`unrolled compare-cells --json`'s `cells`). */
export interface CellComparisonRow {
  cell: string;
  firstTokenGradLong: number;
  firstTokenGradShort: number;
  /** firstTokenGradShort / firstTokenGradLong: how many times more gradient the first of the short sequence gets. */
  vanishing: number;
  testAcc: number | null;
  secondsPerEpoch: number | null;
}

const finiteOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Compare Cells' rows from its demo-end summary, or null (another demo, not ended, or malformed rows are left out). */
export function cellRows(run: RunState): CellComparisonRow[] | null {
  if (run.demo !== 'compare-cells' || !run.summary || !Array.isArray(run.summary.cells)) return null;
  const rows: CellComparisonRow[] = [];
  for (const r of run.summary.cells as unknown[]) {
    if (!r || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    const long = typeof o.firstTokenGradLong === 'number' ? o.firstTokenGradLong : NaN;
    const short = typeof o.firstTokenGradShort === 'number' ? o.firstTokenGradShort : NaN;
    if (typeof o.cell !== 'string') continue;
    rows.push({ cell: o.cell, firstTokenGradLong: long, firstTokenGradShort: short, vanishing: short / long,
      testAcc: finiteOrNull(o.testAcc), secondsPerEpoch: finiteOrNull(o.secondsPerEpoch) });
  }
  return rows;
}

export const DEFAULT_SERIES = 'model';

/** Batch accuracy may arrive as a fraction or a percent; the dashboard always shows percent. */
export function accPercent(batches: readonly BatchEvent[]): (acc: number) => number {
  const fraction = batches.length > 0 && batches.every((b) => !Number.isFinite(b.acc) || b.acc <= 1);
  return fraction ? (a) => a * 100 : (a) => a;
}

export function dashboard(run: RunState): Dashboard {
  const names: string[] = [];
  const get = new Map<string, SeriesData>();
  const seriesOf = (n: string | undefined) => {
    const name = n ?? DEFAULT_SERIES;
    let s = get.get(name);
    if (!s) {
      s = { name, batches: [], epochs: [], tests: [], validations: [], nonFinite: 0, skipped: 0, clipped: 0, clip: null, clipMarks: [] };
      get.set(name, s); names.push(name);
    }
    return s;
  };
  const allEpochs = [...run.batches.map((b) => b.epoch), ...run.epochs.map((e) => e.epoch)];
  const base = allEpochs.length ? Math.min(...allEpochs) : 0;
  const pct = accPercent(run.batches);
  // Batches may be numbered from 0 or from 1; either way the last batch of an epoch ends at the epoch's x.
  const oneBased = run.batches.length > 0 && !run.batches.some((b) => b.batch === 0);
  for (const b of run.batches) {
    const s = seriesOf(b.series);
    const x = b.epoch - base + Math.min(1, (oneBased ? b.batch : b.batch + 1) / Math.max(1, b.batches));
    s.batches.push({ x, epoch: b.epoch, batch: b.batch, loss: b.loss, acc: pct(b.acc), gradNorm: b.gradNorm, clipped: b.clipped,
      skipped: b.skipped });
    if (!Number.isFinite(b.gradNorm)) s.nonFinite++;
    if (b.skipped) s.skipped++;
    if (b.clipped) s.clipped++;
  }
  for (const e of run.epochs) seriesOf(e.series).epochs.push({ x: e.epoch - base + 1, epoch: e.epoch, loss: e.loss, acc: e.acc });
  for (const e of run.evals) {
    const ep = e.epoch ?? (allEpochs.length ? Math.max(...allEpochs) : base);
    const p = { x: ep - base + 1, epoch: ep, loss: e.loss, acc: e.acc };
    (e.split === 'test' ? seriesOf(e.series).tests : seriesOf(e.series).validations).push(p);
  }
  const series = names.map((n) => get.get(n)!);
  const clipCfg = run.config.clip ?? run.config.maxNorm;
  const threshold = typeof clipCfg === 'number' && clipCfg > 0 ? clipCfg : run.clips.length ? run.clips[run.clips.length - 1].maxNorm : null;
  for (const s of series) {
    s.clip = seriesClip(run, s, series.length, threshold);
    s.clipMarks = s.batches.filter((b) => b.clipped).map((b) => ({ x: b.x, gradNorm: b.gradNorm,
      title: clippedBatchTitle(b, s.clip, oneBased) }));
  }
  const clips = series.map((s) => s.clip).filter((c): c is number => c !== null);
  const clipThreshold = clips.length ? Math.max(...clips) : null;
  const epochsCfg = run.config.epochs;
  const epochs = typeof epochsCfg === 'number' ? epochsCfg : run.epochs.length ? run.epochs[run.epochs.length - 1].epochs : 1;
  let lossMax = 0, gradMin = Infinity, gradMax = 0, xMax = Math.max(1, epochs);
  for (const s of series) {
    for (const b of s.batches) {
      if (Number.isFinite(b.loss)) lossMax = Math.max(lossMax, b.loss);
      if (Number.isFinite(b.gradNorm) && b.gradNorm > 0) {
        gradMin = Math.min(gradMin, b.gradNorm); gradMax = Math.max(gradMax,
          b.gradNorm);
      }
      xMax = Math.max(xMax, b.x);
    }
    for (const e of [...s.epochs, ...s.tests, ...s.validations]) if (Number.isFinite(e.loss)) lossMax = Math.max(lossMax, e.loss);
  }
  for (const c of clips) { gradMin = Math.min(gradMin, c); gradMax = Math.max(gradMax, c); }
  if (!Number.isFinite(gradMin)) { gradMin = 1e-3; gradMax = 1; }
  const flags: string[] = [];
  const clipNotes: ClipNote[] = [];
  for (const s of series) {
    const who = series.length > 1 ? `${s.name}: ` : '';
    if (s.nonFinite) flags.push(`${who}${s.nonFinite} batch${s.nonFinite === 1 ? '' : 'es'} had a gradient norm that was infinite or NaN (not a number).`);
    if (s.skipped) flags.push(`${who}${s.skipped} update${s.skipped === 1 ? ' was' : 's were'} skipped because the norm was not finite.`);
    if (s.clipped) clipNotes.push(clipNote(s, who));
  }
  return {
    series, clipThreshold, epochs, xMax, lossMax: lossMax || 1, gradMin, gradMax, flags, clipNotes,
    seriesKind: run.demo === 'compare-cells' ? 'cell' : 'readout', cells: cellRows(run), cellsChart: cellsChart(run),
  };
}

/**
 * The clipping threshold of one model. A single model clips when the run's config (or a clip event) says so.
 * Compare Readouts trains two presets with one config — the improved preset's (`preset: "improved"`, `clip: 5`) —
 * and tags their events "improved (mean)" and "notebook (final)": the config's clip belongs to the series named after
 * its preset; another series clips only if one of its batches says it was clipped.
 */
function seriesClip(run: RunState, s: SeriesData, count: number, threshold: number | null): number | null {
  if (threshold === null) return null;
  if (count <= 1 || s.clipped > 0) return threshold;
  const preset = run.config.preset;
  if (typeof preset === 'string' && preset && (s.name === preset || s.name.startsWith(`${preset} (`))) return threshold;
  return null;
}

function clipNote(s: SeriesData, who: string): ClipNote {
  const clipped = s.batches.filter((b) => b.clipped);
  const highest = Math.max(...clipped.map((b) => b.gradNorm).filter(Number.isFinite));
  const one = clipped.length === 1;
  const thr = s.clip ?? NaN;
  const above = Number.isFinite(highest) ? `${one ? 'its' : 'their'} gradient norm (${one ? '' : 'up to '}${highest.toFixed(2)}) was above ${thr}` : `${one ? 'its' : 'their'} gradient norm was above ${thr}`;
  const text = `${who}${clipped.length} of ${s.batches.length} batches ${one ? 'was' : 'were'} clipped: ${above}, so ${one ? 'its update was' : 'their updates were'} scaled down to norm ${thr} (▼ on the gradient chart).`;
  return { text, title: CLIP_EXPLANATION };
}

/** The tooltip of one clipped batch's marker on the gradient chart. */
function clippedBatchTitle(b: BatchPoint, clip: number | null, oneBased: boolean): string {
  const n = oneBased ? b.batch : b.batch + 1;
  return `Epoch ${b.epoch}, batch ${n}: gradient norm ${Number.isFinite(b.gradNorm) ? b.gradNorm.toFixed(3) : String(b.gradNorm)} > ${clip ?? '?'} — clipped: the update was scaled down to norm ${clip ?? '?'}. ${CLIP_EXPLANATION}`;
}

/** The last value of each curve, as text for screen readers and the header ("epoch 3/5, loss 0.5017, acc 65.3 %"). */
export function dashboardSummary(d: Dashboard): string[] {
  const oneBased = d.series.some((s) => s.batches.length > 0) && !d.series.some((s) => s.batches.some((b) => b.batch === 0));
  return d.series.map((s) => {
    const e = s.epochs[s.epochs.length - 1];
    const b = s.batches[s.batches.length - 1];
    const t = s.tests[s.tests.length - 1];
    const parts: string[] = [];
    if (e) parts.push(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, accuracy ${e.acc.toFixed(2)} %`);
    else if (b) parts.push(`batch ${oneBased ? b.batch : b.batch + 1} of epoch ${b.epoch}: loss ${b.loss.toFixed(4)}`);
    if (t) parts.push(`test accuracy ${t.acc.toFixed(2)} %`);
    const text = parts.join('; ') || 'no data yet';
    return d.series.length > 1 ? `${s.name}: ${text}` : text;
  });
}

/** Runs that train a model and fill the dashboard (Train on IMDB, Compare Readouts, Compare Cells). */
export function isTrainingDemo(demo: DemoName | null): boolean {
  return demo === 'train' || demo === 'compare' || demo === 'compare-cells';
}

/** Whether a run has anything the dashboard can draw. */
export function hasDashboardData(run: RunState): boolean {
  return run.batches.length > 0 || run.epochs.length > 0 || run.evals.length > 0;
}

/**
 * The training run to keep for the Training view when `outgoing` is replaced by another run: `outgoing`
 * itself when it trained and has something to draw (a new training run replaces the kept one), else the
 * run kept before. The copy holds what the dashboard needs only (no snapshots, steps or log lines).
 */
export function keepTraining(kept: RunState | null, outgoing: RunState): RunState | null {
  if (!isTrainingDemo(outgoing.demo) || !hasDashboardData(outgoing)) return kept;
  return { ...outgoing, snapshots: [], liveSteps: [], logs: [], tokens: null, errors: [] };
}

/** What the Training view draws: the run and, when it is not the run on screen, a line saying which run it is. */
export interface TrainingSource {
  run: RunState;
  /** "From the last training run: <title>" when the dashboard is a kept run's; null for the current run. */
  from: string | null;
  /** The current run trains but has sent no batch yet. */
  waiting: boolean;
}

export function trainingSource(current: RunState, kept: RunState | null): TrainingSource {
  const waiting = isTrainingDemo(current.demo) && current.status === 'running' && !hasDashboardData(current);
  if (isTrainingDemo(current.demo) || hasDashboardData(current) || !kept) return { run: current, from: null, waiting };
  const state = kept.status === 'cancelled' ? ' (stopped before the end)'
    : kept.status === 'error' ? ' (ended with an error)'
    : kept.status === 'running' ? ' (as it stood when another run was shown)' : '';
  return { run: kept, from: `From the last training run: ${kept.title || kept.demo}${state}`, waiting: false };
}
