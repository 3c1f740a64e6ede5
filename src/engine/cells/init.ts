/**
 * The gated cells' "keep" gate at initialisation. PyTorch draws every bias of nn.LSTMCell / nn.GRUCell from
 * U(−1/√H, 1/√H), so the LSTM's forget gate starts at f = σ(≈0) ≈ 0.5 and the GRU's update gate at z ≈ 0.5:
 * the state path then halves at every step back, like a tanh RNN. Practitioners start the keep gate open:
 * the LSTM forget-gate bias at 1 (Gers et al. 2000; Jozefowicz et al. 2015; Keras's unit_forget_bias=True,
 * the default) and, by the same token, the GRU's update-gate bias (z = 1 keeps h_{t−1}).
 *
 * `keepGateBias: b` sets the keep gate's total bias to b: bias_ih's block = b, bias_hh's block = 0 (their sum
 * is what the gate sees). `null` keeps PyTorch's plain uniform draw.
 */
import type { CellType, GatedCell } from './types';
import { GATE_NAMES } from './types';

/** The default keep-gate bias of a new gated model (Keras's unit_forget_bias). */
export const DEFAULT_KEEP_GATE_BIAS = 1;

/** The gate whose 1 keeps the old state: LSTM f, GRU z. */
export function keepGate(cell: GatedCell): { name: string; block: number } {
  const name = cell === 'lstm' ? 'f' : 'z';
  return { name, block: GATE_NAMES[cell].indexOf(name) };
}

/** Parses a keep-gate bias (CLI flag, setting): a finite number, or "pytorch" for PyTorch's uniform draw (null). */
export function parseKeepGateBias(v: unknown, where = 'keep-gate bias'): number | null {
  if (v === null || v === 'pytorch') return null;
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(x) || Math.abs(x) > 20) throw new Error(`${where} must be a number in [-20, 20] or "pytorch", got ${JSON.stringify(v)}`);
  return x;
}

/** The init as the run's config shows it: the bias, or "pytorch" (absent = the default). */
export function keepGateBiasLabel(v: number | null | undefined): number | string {
  return v === undefined ? DEFAULT_KEEP_GATE_BIAS : v === null ? 'pytorch' : v;
}

/** Sets the keep gate's biases of one gated layer in place (bih, bhh of G·H values, gates in PyTorch's order). */
export function setKeepGateBias(cell: CellType, H: number, bih: Float32Array, bhh: Float32Array, bias: number): void {
  if (cell === 'tanh') return;
  const { block } = keepGate(cell);
  bih.fill(bias, block * H, (block + 1) * H);
  bhh.fill(0, block * H, (block + 1) * H);
}
