/**
 * The what-if panel's view model (issue 14), pure: which sequence a what-if re-runs (the shown snapshot of a
 * vanishing / exploding demo), the setup the controls make of it, which answers are still current, and the
 * figures and sentences drawn from the worker's numbers (never templated values).
 */
import type { JacobianEvent, SnapshotEvent } from '../../src/shared/events';
import { WHAT_IF_SCALE, type WhatIfCell, type WhatIfFigures, type WhatIfSetup } from '../../src/shared/what-if';
import { fmt, sci } from './format';

/** What the controls hold. `edit` replaces the word at position t. */
export interface WhatIfControls {
  scale: number;
  truncate: number;
  cell: WhatIfCell;
  edit: { t: number; word: string } | null;
  /** The init std W_hh is drawn with; null = the demo's. */
  std: number | null;
  /** The first `length` words of the sequence; 0 = all of them. */
  length: number;
  /** Clipping threshold exponent: clip the weights' gradients at 10^clipExp; null = no clipping. */
  clipExp: number | null;
}
export const DEFAULT_CONTROLS: WhatIfControls = { scale: 1, truncate: 0, cell: 'tanh', edit: null, std: null, length: 0, clipExp: null };
/** Slider step of the W_hh scale. */
export const SCALE_STEP = 0.05;
/** The init std slider: 0.01 … 3 in steps of 0.01. */
export const STD_RANGE = { min: 0.01, max: 3, step: 0.01 } as const;
/** The clipping slider runs over 10^−3 … 10^3 in quarter decades; its right end (CLIP_OFF) is "no clipping". */
export const CLIP_RANGE = { min: -3, max: 3.25, step: 0.25 } as const;
export const CLIP_OFF = CLIP_RANGE.max;

/** The clipping threshold of a slider exponent (4 significant digits), or null at the "off" end. */
export function clipThreshold(exp: number | null): number | null {
  if (exp === null || !Number.isFinite(exp) || exp >= CLIP_OFF) return null;
  return Number((10 ** Math.max(CLIP_RANGE.min, exp)).toPrecision(4));
}

/** The demo's sequence a what-if changes: the setup with nothing changed. */
export type WhatIfBase = Omit<WhatIfSetup, 'scale' | 'truncate'> & { snapshotId: number };

/** The base of the shown snapshot, or why the panel has none (`reason`, shown instead of the controls). */
export function whatIfBase(demo: string | null, config: Record<string, unknown>, s: SnapshotEvent | null): WhatIfBase | { reason: string } {
  if (demo !== 'vanish' && demo !== 'explode') return { reason: 'What-if works on the exploding and vanishing gradients demos.' };
  if (!s || s.id < 0) return { reason: 'Waiting for the demo’s sequence.' };
  const seed = config.seed, std = config.h2hStd;
  if (typeof seed !== 'number' || typeof std !== 'number') return { reason: 'This run does not say its seed and W_hh std, so it cannot be re-run.' };
  const cell = config.cell === 'gru' || config.cell === 'lstm' ? config.cell : 'tanh';
  return {
    demo, seed, std, cell, tokens: s.tokens.slice(0, s.length), layers: s.hidden.layers, hidden: s.hidden.units, snapshotId: s.id,
  };
}

/** Truncation applies to the tanh cell only (the engine's truncated BPTT is the tanh layer's). */
export function truncationAllowed(cell: WhatIfCell): boolean {
  return cell === 'tanh';
}

/** Clamp a control value into its range (a typed number may be anything). */
export function clampControls(c: WhatIfControls, steps: number): WhatIfControls {
  const scale = Number.isFinite(c.scale) ? Math.min(WHAT_IF_SCALE.max, Math.max(WHAT_IF_SCALE.min, c.scale)) : 1;
  const length = Number.isFinite(c.length) && c.length > 0 ? Math.max(2, Math.min(steps, Math.round(c.length))) : 0;
  const T = length || steps;
  const k = Number.isFinite(c.truncate) ? Math.max(0, Math.min(T, Math.round(c.truncate))) : 0;
  const std = c.std !== null && Number.isFinite(c.std) ? Math.min(STD_RANGE.max, Math.max(STD_RANGE.min, c.std)) : null;
  return { ...c, scale, length, std, truncate: truncationAllowed(c.cell) ? k : 0 };
}

/** The tokenizer's form of a typed word (lower case, no surrounding space), or null if it is not one word. */
export function normalWord(w: string): string | null {
  const s = w.trim().toLowerCase();
  return s && !/\s/.test(s) && s.length <= 100 ? s : null;
}

/** The request's setup: the base with the controls applied (the edit only if it is a word). */
export function setupFor(b: WhatIfBase, controls: WhatIfControls): WhatIfSetup {
  const c = clampControls(controls, b.tokens.length);
  const tokens = b.tokens.slice(0, c.length || b.tokens.length);
  const word = c.edit ? normalWord(c.edit.word) : null;
  if (c.edit && word && c.edit.t >= 0 && c.edit.t < tokens.length) tokens[c.edit.t] = word;
  const clip = clipThreshold(c.clipExp);
  const setup: WhatIfSetup = { demo: b.demo, seed: b.seed, std: c.std ?? b.std, scale: c.scale, cell: c.cell, truncate: c.truncate, tokens,
    layers: b.layers, hidden: b.hidden };
  if (clip !== null) setup.clip = clip;
  return setup;
}

/** Whether the setup is the demo as it ran (then its own snapshot is the answer). */
export function isUnchanged(b: WhatIfBase, s: WhatIfSetup): boolean {
  return s.scale === 1 && s.truncate === 0 && s.cell === b.cell && s.std === b.std && !s.clip && s.tokens.length === b.tokens.length &&
    s.tokens.every((w, i) => w === b.tokens[i]);
}

/**
 * Which answers are current. Every control change sends a fast request; a Jacobian request follows only for
 * the newest fast answer and only one at a time, so a dragged slider never queues slow work.
 */
export class WhatIfTracker {
  private seq = 0;
  private latest = 0;
  private jacobianFor = 0;
  /** When each fast request was sent (for the input → pixels latency). */
  readonly sentAt = new Map<number, number>();

  next(now: number): number {
    this.latest = ++this.seq;
    this.sentAt.set(this.latest, now);
    for (const k of this.sentAt.keys()) if (k < this.latest - 20) this.sentAt.delete(k);
    return this.latest;
  }
  isCurrent(id: number): boolean {
    return id === this.latest;
  }
  /** The newest fast request's id. */
  get latestId(): number {
    return this.latest;
  }
  /** Whether a fast request is out and not answered yet. */
  get inFlight(): boolean {
    return this.answered !== this.latest;
  }
  /** A fast answer arrived: true when it is the current one (then nothing is in flight any more). */
  answer(id: number): boolean {
    if (id !== this.latest) return false;
    this.answered = id;
    return true;
  }
  private answered = 0;
  /** A Jacobian request id for the current answer, or null when one is already out. */
  nextJacobian(): number | null {
    if (this.jacobianFor !== 0) return null;
    this.jacobianFor = ++this.seq;
    return this.jacobianFor;
  }
  /** Whether a Jacobian reply is the one out; clears it either way when it is. */
  takeJacobian(id: number): boolean {
    if (id !== this.jacobianFor) return false;
    this.jacobianFor = 0;
    return true;
  }
  get jacobianPending(): boolean {
    return this.jacobianFor !== 0;
  }
}

/** The gradient figures a snapshot itself holds (the demo as it ran, for comparison). */
export function snapshotFigures(s: SnapshotEvent): Pick<WhatIfFigures, 'firstGradNorm' | 'lastGradNorm' | 'gradRatio'> | null {
  const n = s.hiddenGradNorm;
  if (!n) return null;
  const T = s.hidden.steps;
  const first: number[] = [], last: number[] = [], ratio: number[] = [];
  for (let k = 0; k < s.hidden.layers; k++) {
    first.push(n[k * T]);
    last.push(n[k * T + T - 1]);
    ratio.push(n[k * T] / n[k * T + T - 1]);
  }
  return { firstGradNorm: first, lastGradNorm: last, gradRatio: ratio };
}

/** Two significant digits in scientific notation; an exact 0 reads 0. */
const sci2 = (v: number): string => (v === 0 ? '0' : sci(v, 2));

/** One row of the figures table: what, the what-if's value, the demo's. */
export interface FigureRow { key: string; label: string; value: string; base: string }

/** The rows, top layer's gradient ratio first (the number a student watches). */
export function figureRows(f: WhatIfFigures, base: ReturnType<typeof snapshotFigures>, T: number): FigureRow[] {
  const rows: FigureRow[] = [];
  const L = f.gradRatio.length;
  for (let k = L - 1; k >= 0; k--) {
    const tag = L > 1 ? ` (layer ${k})` : '';
    rows.push({ key: `ratio-${k}`, label: `‖∂L/∂h_0‖ / ‖∂L/∂h_${T - 1}‖${tag}`, value: sci2(f.gradRatio[k]), base: base ? sci2(base.gradRatio[k]) : '—' });
    rows.push({ key: `first-${k}`, label: `‖∂L/∂h_0‖${tag}`, value: sci2(f.firstGradNorm[k]), base: base ? sci2(base.firstGradNorm[k]) : '—' });
  }
  rows.push({ key: 'whh', label: 'gradient norm of W_hh (layer 0)', value: sci2(f.whhGradNorm), base: '' });
  rows.push({ key: 'total', label: 'global gradient norm', value: sci2(f.gradNormTotal), base: '' });
  rows.push({ key: 'positive', label: 'P(positive)', value: fmt(f.positive, 4), base: '' });
  if (f.clip) {
    rows.push({ key: 'clip-after', label: `global gradient norm clipped at ${fmt(f.clip.maxNorm, 4)}`, value: sci2(f.clip.after), base: '' });
    rows.push({ key: 'clip-coef', label: 'clipping factor (every weight gradient ×)', value: f.clip.clipped ? sci2(f.clip.coef) : '1 (not clipped)', base: '' });
    rows.push({ key: 'clip-whh', label: 'W_hh gradient norm after clipping (layer 0)', value: sci2(f.clip.whhAfter), base: '' });
  }
  return rows;
}

/** One sentence on what the change did to the gradient reaching the first step (from the numbers). */
export function narration(setup: WhatIfSetup, f: WhatIfFigures, base: ReturnType<typeof snapshotFigures>): string {
  const T = setup.tokens.length;
  const top = f.gradRatio.length - 1;
  const r = f.gradRatio[top];
  const what = `‖∂L/∂h_0‖ / ‖∂L/∂h_${T - 1}‖ = ${sci2(r)}`;
  const clipped = f.clip ? ` ${clipSentence(f.clip)}` : '';
  return storyOf(setup, f, base, T, what) + clipped;
}

/** What clipping did, in one sentence (it acts on the weights' gradients after BPTT, never on the bars). */
export function clipSentence(c: NonNullable<WhatIfFigures['clip']>): string {
  if (!Number.isFinite(c.before)) return `Clipping at ${fmt(c.maxNorm, 4)} cannot rescue a non-finite gradient norm (${sci2(c.before)}).`;
  if (!c.clipped) return `Clipping at ${fmt(c.maxNorm, 4)} leaves the gradients alone: their global norm ${sci2(c.before)} is below it.`;
  return `Clipping at ${fmt(c.maxNorm, 4)} scales every weight gradient by ${sci2(c.coef)} (global norm ${sci2(c.before)} → ${sci2(c.after)}); the bars ‖∂L/∂h_t‖ stay, as clipping acts after BPTT.`;
}

function storyOf(setup: WhatIfSetup, f: WhatIfFigures, base: ReturnType<typeof snapshotFigures>, T: number, what: string): string {
  const top = f.gradRatio.length - 1;
  const r = f.gradRatio[top];
  if (setup.truncate > 0 && setup.truncate < T) {
    return `Truncated after ${setup.truncate} steps: no gradient reaches steps before t = ${T - setup.truncate} (${what}).`;
  }
  if (!Number.isFinite(r)) return `${what}: the gradient overflowed on its way back.`;
  const b = base?.gradRatio[top];
  if (b === undefined || !Number.isFinite(b) || b === 0 || r === 0) return `${what}.`;
  const x = r / b;
  if (Math.abs(Math.log10(x)) < 0.05) return `${what}, about the demo’s ${sci(b, 2)}.`;
  return `${what}: ${x > 1 ? `${fmt(x, 3)} times` : `1/${fmt(1 / x, 3)} of`} the demo’s ${sci(b, 2)}.`;
}

/** What the Jacobian box shows for one layer (from the event's numbers). */
export interface JacobianSummary {
  layer: number;
  sigma1: number;
  radius: number;
  /** Mean ‖J_t‖ over the steps, the last product norm and its per-step geometric mean. */
  meanNorm: number;
  lastProduct: number;
  perStep: number;
  saturatedPct: number;
  reading: string;
}

export function jacobianSummaries(j: JacobianEvent): JacobianSummary[] {
  const out: JacobianSummary[] = [];
  for (let k = 0; k < j.layers; k++) {
    const jn = j.jacobianNorm[k] ?? [], pn = j.productNorm[k] ?? [], sat = j.saturated[k] ?? [];
    const mean = (a: number[]): number => (a.length ? a.reduce((s, x) => s + x, 0) / a.length : NaN);
    const last = pn.length ? pn[pn.length - 1] : NaN;
    out.push({
      layer: k, sigma1: j.whhSingularValues[k]?.[0] ?? NaN, radius: j.whhSpectralRadius[k] ?? NaN, meanNorm: mean(jn),
      lastProduct: last, perStep: pn.length > 1 && last > 0 ? Math.pow(last, 1 / (pn.length - 1)) : NaN,
      saturatedPct: mean(sat) * 100, reading: j.reading[k] ?? '',
    });
  }
  return out;
}

/** Points of a log-scale line: [t, log10 v] for the finite positive values (zeros and overflow left out). */
export function logSeries(v: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = 0; t < v.length; t++) if (v[t] > 0 && Number.isFinite(v[t])) out.push([t, Math.log10(v[t])]);
  return out;
}

/** Nearest-rank percentile of a list of numbers (p in 0 … 100). */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
