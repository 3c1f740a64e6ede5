/**
 * The gated cells beside the notebook's tanh cell: PyTorch's `nn.LSTMCell` and `nn.GRUCell`, one layer over a
 * whole [T, B, In] sequence, written twice like the tanh kernels: `reference.ts` in plain TypeScript (float64
 * sums, the readable definition) and `wasm.ts` (AssemblyScript f32x4, `assembly/cells.ts`).
 *
 * Weights are the cells' state_dicts, row-major: weight_ih [G·H, In], weight_hh [G·H, H], bias_ih, bias_hh
 * [G·H], row blocks in PyTorch's gate order (LSTM i, f, g, o: G = 4; GRU r, z, n: G = 3).
 * - LSTM: i, f, o = σ(·), g = tanh(·) of x W_ih^T + b_ih + h W_hh^T + b_hh; c_t = f c_{t−1} + i g;
 *   h_t = o tanh(c_t); h_{−1} = c_{−1} = 0.
 * - GRU: r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r ⊙ (W_hn h + b_hn)), h_t = (1 − z) n + z h_{t−1}.
 * Layouts: x [T, B, In]; h, c, hn [T, B, H]; gates [T, B, G·H] (the activated gates, blocks in gate order).
 */
import type { LayerShape, LayerWeights } from '../kernels/types';
import { CELL_NAMES, GATE_NAMES, type CellName, type GatedCellName } from '../../shared/names';

/** The recurrent cell of the unrolled classifier. */
export type CellType = CellName;

/** All cells, in display order. */
export const CELLS: readonly CellType[] = CELL_NAMES;

/** The gated ones. */
export type GatedCell = GatedCellName;

/** `model.kind` of a checkpoint, by cell. */
export type UnrolledKind = 'unrolled-rnn' | 'unrolled-gru' | 'unrolled-lstm';

/** Gate names in PyTorch's row-block order. */
export { GATE_NAMES };

/** Forward of one gated layer. */
export interface GatedForwardOut {
  /** [T, B, H] hidden states. */
  h: Float32Array;
  /** [T, B, G·H] activated gates. */
  gates: Float32Array;
  /** LSTM: [T, B, H] cell states c_t. */
  c?: Float32Array;
  /** GRU: [T, B, H] W_hn h_{t−1} + b_hn (the part the reset gate multiplies). */
  hn?: Float32Array;
}

/** BPTT of one gated layer. */
export interface GatedGrads {
  wih: Float32Array;
  bih: Float32Array;
  whh: Float32Array;
  bhh: Float32Array;
  /** [T, B, In] ∂L/∂x_t. */
  dx: Float32Array;
  /** [T, B, H] total ∂L/∂h_t (readout or layer above, and through time). */
  dh: Float32Array;
  /** LSTM: [T, B, H] total ∂L/∂c_t. */
  dc?: Float32Array;
}

/** The gated-cell kernels; `fwd` is what the same kernels' forward returned. */
export interface CellKernels {
  readonly name: string;
  forward(cell: GatedCell, shape: LayerShape, w: LayerWeights, x: Float32Array): GatedForwardOut;
  backward(cell: GatedCell, shape: LayerShape, w: LayerWeights, x: Float32Array, fwd: GatedForwardOut, dhOut: Float32Array): GatedGrads;
}

/** Gates per cell (tanh: 1, its single pre-activation). */
export function gateCount(cell: CellType): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/** The checkpoint kind of a cell. */
export function kindOfCell(cell: CellType): UnrolledKind {
  return cell === 'tanh' ? 'unrolled-rnn' : cell === 'gru' ? 'unrolled-gru' : 'unrolled-lstm';
}

/** The cell of a checkpoint kind, or null for an unknown kind. */
export function cellOfKind(kind: unknown): CellType | null {
  return kind === 'unrolled-rnn' ? 'tanh' : kind === 'unrolled-gru' ? 'gru' : kind === 'unrolled-lstm' ? 'lstm' : null;
}

/** Parses a cell name (CLI flag, setting) with a clear error. */
export function parseCell(v: unknown, where = 'cell'): CellType {
  if (typeof v === 'string' && (CELLS as readonly string[]).includes(v)) return v as CellType;
  throw new Error(`${where} must be one of ${CELLS.join(', ')}, got ${JSON.stringify(v)}`);
}

/** Checks the weight and input lengths of a gated layer. */
export function checkGatedShape(who: string, cell: GatedCell, shape: LayerShape, w: LayerWeights, x: Float32Array): void {
  const { T, B, In, H } = shape;
  for (const key of ['T', 'B', 'In', 'H'] as const) {
    const v = shape[key];
    if (!Number.isInteger(v) || v < 1) throw new Error(`${who}: shape.${key} must be a positive integer, got ${v}`);
  }
  const G = gateCount(cell);
  const want: Array<[string, number, number]> = [
    ['x', x.length, T * B * In],
    ['weight_ih', w.wih.length, G * H * In],
    ['bias_ih', w.bih.length, G * H],
    ['weight_hh', w.whh.length, G * H * H],
    ['bias_hh', w.bhh.length, G * H],
  ];
  for (const [name, got, expected] of want) {
    if (got !== expected) {
      throw new Error(`${who}: ${cell} ${name} has ${got} values, expected ${expected} for T=${T} B=${B} In=${In} H=${H}`);
    }
  }
}
