/**
 * The gated fixtures' extra quantities (lstm-rnn.json, gru-rnn.json): `gates[layer][t]` ({i,f,g,o} or
 * {r,z,n}, each H values), and for the LSTM `cell[layer][t]` (c_t) and `cellGradNorm[layer][t]` = ‖∂L/∂c_t‖.
 */
import type { UnrolledBackwardResult } from '../unrolled-backward';
import type { UnrolledForwardResult } from '../unrolled-forward';
import { type UnrolledConfig, cellOf } from '../unrolled-model';
import { GRAD_TOLERANCE, type QuantityReport, VALUE_TOLERANCE, compareQuantity } from '../verify-compare';
import { GATE_NAMES, type GatedCell } from './types';

/** Batch-1 quantities of one fixture case; `p` prefixes the names ("case 0 (final) "). */
export function gatedQuantities(
  p: string, config: UnrolledConfig, fwd: UnrolledForwardResult, bwd: UnrolledBackwardResult, ex: Record<string, unknown>,
): QuantityReport[] {
  const cell = cellOf(config) as GatedCell;
  const { hiddenSize: H, numLayers: L } = config;
  const T = fwd.batch.seqLength;
  const names = GATE_NAMES[cell];
  const G = names.length;
  // The fixture orders gates as [layer][t]{name: [H]}; ours are [t][G·H] per layer (batch 1).
  const gates: number[] = [];
  const expected: unknown[] = [];
  const exGates = Array.isArray(ex.gates) ? ex.gates : [];
  for (let k = 0; k < L; k++) {
    const g = fwd.layers[k].gates ?? new Float32Array(0);
    for (let t = 0; t < T; t++) {
      const row = (exGates[k] as unknown[] | undefined)?.[t] as Record<string, unknown> | undefined;
      for (let q = 0; q < G; q++) {
        for (let j = 0; j < H; j++) gates.push(g[t * G * H + q * H + j]);
        expected.push(row?.[names[q]] ?? NaN);
      }
    }
  }
  const q: QuantityReport[] = [compareQuantity(p + 'gates', gates, expected, VALUE_TOLERANCE)];
  if (cell === 'lstm') {
    const c = new Float32Array(L * T * H);
    const cgn = new Float32Array(L * T);
    for (let k = 0; k < L; k++) {
      c.set(fwd.layers[k].c ?? new Float32Array(T * H), k * T * H);
      cgn.set(bwd.cellGradNorm[k] ?? new Float32Array(T), k * T);
    }
    q.push(compareQuantity(p + 'cell', c, ex.cell, VALUE_TOLERANCE));
    q.push(compareQuantity(p + 'cellGradNorm', cgn, ex.cellGradNorm, GRAD_TOLERANCE));
  }
  return q;
}
