/**
 * What the vanishing demo's numbers say, per cell, computed from the recorded sequence (never templated):
 * the measured per-step shrink of ‖∂L/∂x_t‖, and what multiplies the gradient at each step back — tanh's slope
 * 1 − h² times W_hh for the tanh cell; the keep gate (LSTM forget f, GRU update z) on the gated cells' direct
 * path (c_{t−1} = … f ⊙, h_{t−1} ← z ⊙). Pure.
 */
import type { PredictSnapshot } from '../engine/predict';
import { gateCount, type CellType } from '../engine/cells/types';
import { keepGate } from '../engine/cells/init';

/** The path figures of one cell's long sequence (layer 0). */
export interface PathFigures {
  cell: CellType;
  /** (‖∂L/∂x_0‖ / ‖∂L/∂x_{T−1}‖)^(1/(T−1)): the gradient reaching the inputs, multiplied per step back (measured). */
  gradPerStep: number | null;
  /** Gated: the keep gate's name (f or z) and its mean over steps 1..T−1 and units (the values on the direct path). */
  keepGate: string | null;
  keepGateMean: number | null;
  /** tanh: the mean slope 1 − h_t² over steps and units. */
  tanhSlopeMean: number | null;
}

const pos = (v: number): boolean => v > 0 && Number.isFinite(v);

/** The figures of a recorded sequence (the long one of the vanishing demo). */
export function pathFigures(snap: PredictSnapshot): PathFigures {
  const cell = snap.cellType;
  const T = snap.steps, H = snap.units;
  const n = snap.inputGradNorm;
  const gradPerStep = T > 1 && pos(n[0]) && pos(n[T - 1]) ? Math.pow(n[0] / n[T - 1], 1 / (T - 1)) : null;
  if (cell === 'tanh' || !snap.gates) {
    let s = 0;
    for (let i = 0; i < T * H; i++) s += 1 - snap.hidden[i] * snap.hidden[i];
    return { cell, gradPerStep, keepGate: null, keepGateMean: null, tanhSlopeMean: T * H ? s / (T * H) : null };
  }
  const G = gateCount(cell);
  const { name, block } = keepGate(cell);
  let s = 0, count = 0;
  for (let t = 1; t < T; t++) {
    for (let u = 0; u < H; u++, count++) s += snap.gates[t * G * H + block * H + u];
  }
  return { cell, gradPerStep, keepGate: name, keepGateMean: count ? s / count : null, tanhSlopeMean: null };
}

/** A cell's row as the reading needs it. */
export interface ReadingRow extends PathFigures {
  firstTokenGradLong: number;
  firstTokenGradShort: number;
  /** The keep gate's initial bias ("pytorch" = PyTorch's uniform draw); null for tanh. */
  keepGateBias: number | string | null;
}

const sci = (v: number, d = 2): string => (Number.isFinite(v) ? v.toExponential(d) : String(v));
const f2 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));

/** One sentence per cell, then the verdict against tanh (when tanh is among the rows). */
export function cellReading(rows: readonly ReadingRow[], longLength: number): string[] {
  const lines: string[] = [];
  const tanh = rows.find((r) => r.cell === 'tanh');
  for (const r of rows) {
    const per = r.gradPerStep === null ? 'not measurable (a zero gradient)' : `×${r.gradPerStep.toFixed(3)} per step back`;
    const why = r.cell === 'tanh'
      ? `each step back multiplies by W_hh and tanh's slope 1 − h² (mean ${f2(r.tanhSlopeMean)})`
      : `the direct ${r.cell === 'lstm' ? 'cell-state path c_{t−1} ← f ⊙ c_t' : 'path h_{t−1} ← z ⊙ h_t'} multiplies by the ${r.cell === 'lstm' ? 'forget' : 'update'} gate ` +
        `${r.keepGate ?? '?'} at each step (mean ${f2(r.keepGateMean)}, initial bias ${r.keepGateBias === 'pytorch' ? 'PyTorch\'s draw, ≈ 0' : (r.keepGateBias ?? 'n/a')})`;
    lines.push(`${r.cell}: ${why}; the gradient reaching the inputs changed ${per}, to ${sci(r.firstTokenGradLong)} at the first of ${longLength} tokens.`);
  }
  if (!tanh || !pos(tanh.firstTokenGradLong)) return lines;
  for (const r of rows) {
    if (r.cell === 'tanh') continue;
    const factor = r.firstTokenGradLong / tanh.firstTokenGradLong;
    const mean = r.keepGateMean === null ? '' : ` (${r.keepGate} ≈ ${f2(r.keepGateMean)})`;
    const still = pos(r.firstTokenGradLong) ? `; still ${sci(r.firstTokenGradShort / r.firstTokenGradLong, 1)} × less than the first of the short sequence gets (tanh: ${sci(tanh.firstTokenGradShort / tanh.firstTokenGradLong, 1)} ×)` : '';
    if (factor > 10) {
      lines.push(`${r.cell} helps: its first token gets ${sci(factor, 1)} × tanh's gradient after ${longLength} tokens${mean}${still}.`);
    } else if (factor >= 0.1) {
      lines.push(`${r.cell} does not help here: its first token gets ${sci(factor, 1)} × tanh's gradient${mean} — a gate near 0.5 halves the path at every step, as tanh's slope and W_hh shrink it.`);
    } else {
      lines.push(`${r.cell} does worse than tanh here: its first token gets ${sci(factor, 1)} × tanh's gradient${mean} — with the keep gate near 0.5 the path halves at every step.`);
    }
  }
  return lines;
}

/** What the training says: test accuracy best first (a cell within 5 points of chance named so), and the cost in time. */
export function trainingReading(rows: ReadonlyArray<{ cell: CellType; testAcc: number | null; secondsPerEpoch: number | null }>): string[] {
  const tested = rows.filter((r): r is typeof r & { testAcc: number } => r.testAcc !== null).sort((a, b) => b.testAcc - a.testAcc);
  if (tested.length === 0) return [];
  const lines = [`Test accuracy: ${tested.map((r) => `${r.cell} ${r.testAcc.toFixed(2)} %`).join(', ')}.`];
  const chance = tested.filter((r) => Math.abs(r.testAcc - 50) < 5);
  if (chance.length) lines.push(`${chance.map((r) => r.cell).join(' and ')} ${chance.length > 1 ? 'are' : 'is'} within 5 points of chance (50 %): ${chance.length > 1 ? 'they' : 'it'} did not learn to classify here.`);
  const tanh = rows.find((r) => r.cell === 'tanh');
  if (tanh?.secondsPerEpoch) {
    const gated = rows.filter((r) => r.cell !== 'tanh' && r.secondsPerEpoch !== null);
    const cost = gated.map((r) => `${r.cell} ${((r.secondsPerEpoch as number) / (tanh.secondsPerEpoch as number)).toFixed(1)} ×`);
    const blocks = gated.map((r) => `${r.cell} ${gateCount(r.cell)}`).join(', ');
    if (cost.length) lines.push(`Seconds per epoch against tanh's ${tanh.secondsPerEpoch.toFixed(2)} s: ${cost.join(', ')} (gate blocks per step: ${blocks}; tanh 1).`);
  }
  return lines;
}
