/**
 * What the gate views show for a GRU or LSTM snapshot (pure, no DOM): every gate's activation at one step
 * (a gates × units heatmap), each gate's mean over the units along the whole sequence (a gates × steps strip),
 * the cell's equations with live numbers, and for the LSTM the cell-state lane: c_t and ‖∂L/∂c_t‖ beside
 * ‖∂L/∂h_t‖ at every step, on one log axis — the "highway" along which the gradient does not vanish.
 */
import type { GateSeries, SnapshotEvent } from '../../src/shared/events';
import { GATE_NAMES, type GatedCellName } from '../../src/shared/names';
import { gateAt, l2, vectorAt } from './arrays';
import { fmt, sci } from './format';

/** What each gate is, in a student's words. */
const GATE_ROLES: Record<string, string> = {
  'lstm:i': 'input gate: how much of the candidate is written',
  'lstm:f': 'forget gate: how much of c_{t−1} is kept',
  'lstm:g': 'candidate (tanh): what would be written',
  'lstm:o': 'output gate: how much of tanh(c_t) is shown as h_t',
  'gru:r': 'reset gate: how much of h_{t−1} the candidate sees',
  'gru:z': 'update gate: how much of h_{t−1} is kept',
  'gru:n': 'candidate (tanh): the new state on offer',
};

/** The candidate gates are tanh (range −1…1); the others σ (0…1). */
export function gateFunction(cell: GatedCellName, gate: string): 'σ' | 'tanh' {
  return (cell === 'lstm' && gate === 'g') || (cell === 'gru' && gate === 'n') ? 'tanh' : 'σ';
}

export interface GateRow {
  name: string;
  fn: 'σ' | 'tanh';
  role: string;
  /** The gate's activation per unit at this step. */
  values: Float32Array;
  mean: number;
  min: number;
  max: number;
}

export interface GateStepView {
  cell: GatedCellName;
  layer: number;
  t: number;
  word: string;
  rows: GateRow[];
  /** LSTM: c_t and c_{t−1} (0 at t = 0). */
  c: Float32Array | null;
  cPrev: Float32Array | null;
}

/** The snapshot's gates, when its cell is gated and it carries them. */
export function gatesOf(s: SnapshotEvent): GateSeries | null {
  return s.gates && (s.activation === 'gru' || s.activation === 'lstm') && s.gates.cell === s.activation ? s.gates : null;
}

function stats(v: Float32Array): { mean: number; min: number; max: number } {
  let sum = 0, min = Infinity, max = -Infinity;
  for (const x of v) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { mean: v.length ? sum / v.length : NaN, min, max };
}

/** Every gate of cell (layer, t), or null when the snapshot has no gates. */
export function gateStep(s: SnapshotEvent, layer: number, t: number): GateStepView | null {
  const g = gatesOf(s);
  if (!g) return null;
  if (layer < 0 || layer >= g.layers || t < 0 || t >= g.steps) {
    throw new Error(`gates at (layer ${layer + 1}, t ${t}) are outside the snapshot (${g.layers} layers × ${g.steps} steps)`);
  }
  const names = GATE_NAMES[g.cell];
  const rows = names.map((name, k): GateRow => {
    const values = gateAt(g, layer, t, k);
    return { name, fn: gateFunction(g.cell, name), role: GATE_ROLES[`${g.cell}:${name}`] ?? name, values, ...stats(values) };
  });
  const c = s.cellState ? vectorAt(s.cellState, layer, t) : null;
  const cPrev = s.cellState ? (t > 0 ? vectorAt(s.cellState, layer, t - 1) : new Float32Array(g.units)) : null;
  return { cell: g.cell, layer, t, word: s.tokens[t] ?? '', rows, c, cPrev };
}

export interface GateStrip {
  cell: GatedCellName;
  names: readonly string[];
  steps: number;
  /** Mean over the units, [gate][t]. */
  mean: Float32Array;
}

/** Each gate's mean activation over the units at every step of one layer. */
export function gateStrip(s: SnapshotEvent, layer: number): GateStrip | null {
  const g = gatesOf(s);
  if (!g || layer < 0 || layer >= g.layers) return null;
  const mean = new Float32Array(g.gates * g.steps);
  for (let k = 0; k < g.gates; k++) {
    for (let t = 0; t < g.steps; t++) mean[k * g.steps + t] = stats(gateAt(g, layer, t, k)).mean;
  }
  return { cell: g.cell, names: GATE_NAMES[g.cell], steps: g.steps, mean };
}

export interface GatedEquation {
  /** The cell's equations, one a line. */
  formula: string[];
  /** One line per unit shown: the state update with this step's numbers, and what the engine recorded. */
  rows: string[];
  /** Largest |recomputed − recorded| of h_t (and c_t) over every unit: the numbers shown add up. */
  residual: number;
}

/** A factor in a product: negative values in parentheses ("0.55·(−0.016)"). */
function factor(v: number, digits: number): string {
  return v < 0 ? `(${fmt(v, digits)})` : fmt(v, digits);
}

/** The gated cell's equations with the live numbers of the first `n` units of cell (layer, t). */
export function gatedEquation(s: SnapshotEvent, layer: number, t: number, n = 4): GatedEquation | null {
  const v = gateStep(s, layer, t);
  if (!v) return null;
  const h = vectorAt(s.hidden, layer, t);
  const hPrev = t > 0 ? vectorAt(s.hidden, layer, t - 1) : new Float32Array(h.length);
  const gate = (name: string) => v.rows.find((r) => r.name === name)!.values;
  const rows: string[] = [];
  let residual = 0;
  const prevName = t > 0 ? `${t - 1}` : '−1';
  if (v.cell === 'lstm') {
    const [i, f, g, o] = ['i', 'f', 'g', 'o'].map(gate);
    const c = v.c, cPrev = v.cPrev;
    for (let u = 0; u < h.length; u++) {
      const cu = c ? c[u] : f[u] * (cPrev ? cPrev[u] : 0) + i[u] * g[u];
      const cCalc = f[u] * (cPrev ? cPrev[u] : 0) + i[u] * g[u];
      const hCalc = o[u] * Math.tanh(cu);
      residual = Math.max(residual, Math.abs(cCalc - cu), Math.abs(hCalc - h[u]));
      if (u < n) {
        rows.push(`u${u}: c = ${fmt(f[u], 3)}·${factor(cPrev ? cPrev[u] : 0, 4)} + ${fmt(i[u], 3)}·${factor(g[u], 4)} = ${fmt(cu, 5)};  ` +
          `h = ${fmt(o[u], 3)}·tanh(${fmt(cu, 4)}) = ${fmt(h[u], 5)}`);
      }
    }
    return {
      formula: [
        'i, f, o = σ(W_i· x_t + b_i· + W_h· h_{t−1} + b_h·),  g = tanh(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)',
        `c_${t} = f ⊙ c_${prevName} + i ⊙ g`,
        `h_${t} = o ⊙ tanh(c_${t})`,
      ],
      rows, residual,
    };
  }
  const [, z, nn] = ['r', 'z', 'n'].map(gate);
  for (let u = 0; u < h.length; u++) {
    const hCalc = (1 - z[u]) * nn[u] + z[u] * hPrev[u];
    residual = Math.max(residual, Math.abs(hCalc - h[u]));
    if (u < n) rows.push(`u${u}: h = (1 − ${fmt(z[u], 3)})·${factor(nn[u], 4)} + ${fmt(z[u], 3)}·${factor(hPrev[u], 4)} = ${fmt(h[u], 5)}`);
  }
  return {
    formula: [
      'r, z = σ(W_i· x_t + b_i· + W_h· h_{t−1} + b_h·)',
      'n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn))',
      `h_${t} = (1 − z) ⊙ n + z ⊙ h_${prevName}`,
    ],
    rows, residual,
  };
}

export interface LaneStep {
  t: number;
  word: string;
  pad: boolean;
  /** c_t (a view into the snapshot) and ‖c_t‖. */
  c: Float32Array;
  cNorm: number;
  /** ‖∂L/∂c_t‖ and ‖∂L/∂h_t‖ (null without a backward pass). */
  dc: number | null;
  dh: number | null;
  /** Bar heights 0…1 on the lane's log axis (0 for a zero or non-finite norm). */
  dcPos: number;
  dhPos: number;
}

export interface CellLane {
  layer: number;
  steps: LaneStep[];
  /** The log axis: powers of ten [lo, hi] spanning every finite positive norm of both series. */
  decades: [number, number];
  /** ‖∂L/∂·_0‖ / ‖∂L/∂·_{T−1}‖: how much of the gradient at the last step reaches the first (null if unknown). */
  cellRatio: number | null;
  hiddenRatio: number | null;
  /** One sentence comparing the two, computed. */
  summary: string;
}

/** Position of v on a log axis from 10^lo to 10^hi, clamped to 0…1 (0 for 0, negatives and non-finite). */
export function logPos(v: number, lo: number, hi: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 0;
  if (hi <= lo) return 1;
  return Math.max(0, Math.min(1, (Math.log10(v) - lo) / (hi - lo)));
}

/** The LSTM's cell-state lane of one layer, or null for another cell or a snapshot without c_t. */
export function cellLane(s: SnapshotEvent, layer: number): CellLane | null {
  if (s.activation !== 'lstm' || !s.cellState || layer < 0 || layer >= s.cellState.layers) return null;
  const T = s.cellState.steps;
  const dcAll = s.cellGradNorm ?? null;
  const dhAll = s.hiddenGradNorm ?? null;
  const at = (a: Float32Array | null, t: number) => (a ? a[layer * T + t] : null);
  let lo = Infinity, hi = -Infinity;
  for (let t = 0; t < T; t++) {
    for (const v of [at(dcAll, t), at(dhAll, t)]) {
      if (v !== null && v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, Math.floor(Math.log10(v)));
        hi = Math.max(hi, Math.ceil(Math.log10(v)));
      }
    }
  }
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (hi === lo) hi = lo + 1;
  const steps: LaneStep[] = [];
  for (let t = 0; t < T; t++) {
    const dc = at(dcAll, t), dh = at(dhAll, t);
    const c = vectorAt(s.cellState, layer, t);
    steps.push({
      t, word: s.tokens[t] ?? '', pad: t >= s.length, c, cNorm: l2(c), dc, dh,
      dcPos: dc === null ? 0 : logPos(dc, lo, hi), dhPos: dh === null ? 0 : logPos(dh, lo, hi),
    });
  }
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 && Number.isFinite(a) &&
    Number.isFinite(b) ? a / b : null);
  const cellRatio = ratio(steps[0].dc, steps[T - 1].dc);
  const hiddenRatio = ratio(steps[0].dh, steps[T - 1].dh);
  return { layer, steps, decades: [lo, hi], cellRatio, hiddenRatio, summary: laneSummary(T, cellRatio, hiddenRatio) };
}

function laneSummary(T: number, cell: number | null, hidden: number | null): string {
  if (cell === null || hidden === null) return 'Run a backward pass to see how the gradient travels back along c_t and h_t.';
  const back = `From t = ${T - 1} back to t = 0`;
  return `${back}, ‖∂L/∂c_t‖ changes by ×${sci(cell, 2)} and ‖∂L/∂h_t‖ by ×${sci(hidden, 2)}: ` +
    (cell > hidden
      ? `the cell state carries ${sci(cell / hidden, 1)} times more of the gradient to the first word (c_t is updated by f ⊙ c_{t−1}, no squashing in between).`
      : `here the cell state carries no more of it than h_t (${sci(hidden / cell, 1)} times less): its forget gates are small.`);
}
