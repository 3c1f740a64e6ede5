/**
 * What the inspector and tooltips say about one cell (layer, t) of a snapshot: the exact vector, its
 * norm, the pre-activation, the gradient there, and the cell's equation with live numbers.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import { gateAt, vectorAt, l2 } from './arrays';
import { fmt, fmtWords, fmtSigned, minus } from './format';

export interface CellInfo {
  layer: number;
  t: number;
  word: string;
  pad: boolean;
  unknown: boolean;
  h: Float32Array;
  norm: number;
  preact: Float32Array;
  grad: Float32Array | null;
  gradNorm: number | null;
  inputPart: Float32Array | null;
  recurrentPart: Float32Array | null;
  runningProb: number | null;
  /** Why ∂L/∂h_t is exactly 0 here when nothing the loss depends on reads this state (else null). */
  unread: string | null;
}

export function cellInfo(s: SnapshotEvent, layer: number, t: number): CellInfo {
  const L = s.hidden.layers, T = s.hidden.steps;
  if (layer < 0 || layer >= L || t < 0 || t >= T) throw new Error(`cell (layer ${layer + 1}, t ${t}) is outside the snapshot (${L} layers × ${T} steps)`);
  const h = vectorAt(s.hidden, layer, t);
  const gn = s.hiddenGradNorm ? s.hiddenGradNorm[layer * T + t] : s.hiddenGrad ? l2(vectorAt(s.hiddenGrad, layer, t)) : null;
  return {
    layer, t, word: s.tokens[t] ?? '', pad: t >= s.length, unknown: !!s.unknown[t], h, norm: l2(h),
    preact: vectorAt(s.preact, layer, t),
    grad: s.hiddenGrad ? vectorAt(s.hiddenGrad, layer, t) : null,
    gradNorm: gn,
    inputPart: s.inputPart ? vectorAt(s.inputPart, layer, t) : null,
    recurrentPart: s.recurrentPart ? vectorAt(s.recurrentPart, layer, t) : null,
    runningProb: s.runningProb && layer === L - 1 ? s.runningProb[t] : null,
    unread: gn === 0 ? unreadNote(s, t) : null,
  };
}

/**
 * Why nothing of the loss reaches the state at step t, when the readout never reads it (directly or through
 * a later state it reads): the simple RNN's last state (its output is h2o([x_t ; h_{t-1}]), so the last output
 * reads h_{T-2}), and the padding states after the last word for the last-token and mean readouts. Null for
 * every other step (a zero there is a real, computed zero).
 */
export function unreadNote(s: SnapshotEvent, t: number): string | null {
  const T = s.hidden.steps;
  if (s.readout === 'simple' && t === T - 1) {
    return `Nothing reads h_${t}: the last output is h2o([x_${t} ; h_${t > 0 ? t - 1 : '−1'}]) and there is no step ${t + 1}, so ∂L/∂h_${t} is 0.`;
  }
  if ((s.readout === 'last-token' || s.readout === 'mean') && t >= s.length) {
    const reads = s.readout === 'mean' ? `the mean of the states at t = 0…${s.length - 1}` : `the state at t = ${s.length - 1}`;
    return `Nothing the loss depends on reads this state: the classifier reads ${reads}, and this padding step only feeds later padding states it ignores, so ∂L/∂h is 0.`;
  }
  return null;
}

/** "layer 2, t = 5, “amazing”" (with "padding" / "unknown word" when so). */
export function cellTitle(c: CellInfo): string {
  const tag = c.pad ? ' (padding)' : c.unknown ? ' (unknown word)' : '';
  return `layer ${c.layer + 1}, t = ${c.t}, “${c.word}”${tag}`;
}

/** Tooltip lines for a hovered cell; `unit` adds that unit's exact values. `maxUnits` of the vector are listed. */
export function tooltipLines(c: CellInfo, unit: number | null, maxUnits = 8): string[] {
  const lines = [cellTitle(c), `‖h_t‖ = ${fmtWords(c.norm, 6)}`];
  if (unit !== null && unit >= 0 && unit < c.h.length) {
    lines.push(`unit ${unit}: h = ${fmtWords(c.h[unit], 7)}, pre-activation = ${fmtWords(c.preact[unit], 7)}`);
    if (c.grad) lines.push(`unit ${unit}: ∂L/∂h = ${fmtWords(c.grad[unit], 7)}`);
  }
  const n = Math.min(maxUnits, c.h.length);
  lines.push(`h_t[0…${n - 1}] = [${Array.from(c.h.subarray(0, n), (v) => fmt(v, 4)).join(', ')}${c.h.length > n ? ', …' : ''}]`);
  if (c.gradNorm !== null) lines.push(`‖∂L/∂h_t‖ = ${fmtWords(c.gradNorm, 6)}`);
  if (c.unread) lines.push(c.unread);
  if (c.runningProb !== null) lines.push(`P(positive) if read out here = ${fmt(c.runningProb, 4)}`);
  return lines;
}

/** What the equation's last column is: h_t, or a gated cell's candidate (LSTM g, GRU n). */
export function equationOutput(s: SnapshotEvent): string {
  return s.activation === 'lstm' ? 'g' : s.activation === 'gru' ? 'n' : 'h_t';
}

export interface EquationRow {
  unit: number;
  /** W_ih x_t + b_ih (null when the engine did not send the split). */
  input: number | null;
  /** W_hh h_{t-1} + b_hh. */
  recurrent: number | null;
  preact: number;
  h: number;
}

export interface Equation {
  /** The formula as text, with the layer's input named. */
  formula: string;
  /** What x_t is for this layer. */
  inputName: string;
  rows: EquationRow[];
  /** Whether inputPart + recurrentPart were available. */
  split: boolean;
  note: string;
}

/** The equation of cell (layer, t) with the first `n` units' live numbers. */
export function equation(s: SnapshotEvent, c: CellInfo, n = 4): Equation {
  const linear = s.activation === 'linear';
  const inputName = c.layer === 0 ? (s.readout === 'simple' ? `one-hot(“${c.word}”)` : `embedding(“${c.word}”)`) : `h_t of layer ${c.layer}`;
  const formula = linear
    ? 'h_t = W_i2h [x_t ; h_{t−1}] + b_i2h   (no tanh in the notebook’s first RNN)'
    : s.activation === 'lstm' ? 'g = tanh(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)   (the LSTM’s candidate; its gates make h_t, below)'
    : s.activation === 'gru' ? 'n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn))   (the GRU’s candidate; its gates make h_t, below)'
    : 'h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)';
  const split = !!(c.inputPart && c.recurrentPart);
  const rows: EquationRow[] = [];
  // a gated cell's row ends at its candidate (LSTM g, GRU n: gate block 2), not at h_t
  const cand = s.gates && (s.activation === 'lstm' || s.activation === 'gru') ? gateAt(s.gates, c.layer, c.t, 2) : null;
  for (let u = 0; u < Math.min(n, c.h.length); u++) {
    rows.push({ unit: u, input: c.inputPart ? c.inputPart[u] : null, recurrent: c.recurrentPart ? c.recurrentPart[u] : null,
      preact: c.preact[u], h: cand ? cand[u] : c.h[u] });
  }
  const note = split
    ? `x_t = ${inputName}; h_{t−1} = ${c.t === 0 ? '0 (the initial state)' : `layer ${c.layer + 1} at t = ${c.t - 1}`}`
    : `x_t = ${inputName}; this run recorded only the sum ${linear ? 'W_i2h [x_t ; h_{t−1}] + b_i2h, not its input and recurrent parts' : 'W_ih x_t + b_ih + W_hh h_{t−1} + b_hh (the pre-activation), not its two parts'}`;
  return { formula, inputName, rows, split, note };
}

/** One equation row as text: "u0: tanh(0.1234 + −0.5000) = tanh(−0.3766) = −0.3597". */
export function equationRowText(r: EquationRow, linear: boolean): string {
  const inner = r.input !== null && r.recurrent !== null ? `${fmt(r.input, 4)} + ${fmt(r.recurrent, 4)}` : null;
  if (linear) return `u${r.unit}: ${inner ? `${inner} = ` : ''}${fmt(r.h, 6)}`;
  return `u${r.unit}: tanh(${inner ? `${inner}` : fmt(r.preact, 6)})${inner ? ` = tanh(${fmt(r.preact, 6)})` : ''} = ${fmt(r.h, 6)}`;
}

/** The whole vector as aligned lines of `perLine` values (for the inspector's "exact values"). */
export function vectorLines(v: Float32Array, perLine = 4): string[] {
  const out: string[] = [];
  // Fixed decimals while they mean something; scientific notation for tiny or huge vectors (gradients).
  let max = 0;
  for (const x of v) if (Number.isFinite(x)) max = Math.max(max, Math.abs(x));
  const sci = max > 0 && (max < 1e-3 || max >= 1e4);
  const cell = (x: number) => (sci && Number.isFinite(x) ? (x < 0 ? '−' : ' ') + minus(Math.abs(x).toExponential(3)) : fmtSigned(x, 6));
  for (let i = 0; i < v.length; i += perLine) {
    const vals = Array.from(v.subarray(i, i + perLine), (x) => cell(x).padStart(10));
    out.push(`${String(i).padStart(3)}: ${vals.join(' ')}`);
  }
  return out;
}
