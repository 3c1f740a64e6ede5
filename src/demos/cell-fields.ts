/** The gated cells' extra snapshot fields (gates, cell state, its gradient norms) of an engine snapshot. */
import type { PredictSnapshot } from '../engine/predict';
import type { SnapshotEvent } from '../shared/events';
import { gateCount } from '../engine/cells/types';

export function cellFields(snap: PredictSnapshot): Pick<SnapshotEvent, 'activation' | 'gates' | 'cellState' | 'cellGradNorm'> {
  const { cellType: cell, layers, steps, units } = snap;
  if (cell === 'tanh' || !snap.gates) return { activation: cell };
  const G = gateCount(cell);
  return {
    activation: cell,
    gates: { cell, layers, steps, gates: G, units, data: snap.gates },
    ...(snap.cell ? { cellState: { layers, steps, units, data: snap.cell } } : {}),
    ...(snap.cellGradNorm ? { cellGradNorm: snap.cellGradNorm } : {}),
  };
}
