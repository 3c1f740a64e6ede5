/**
 * The Jacobian event of one snapshot (src/shared/events.ts `JacobianEvent`): the gradient demos yield it after
 * each snapshot of a tanh model, and the what-if panel asks for it; the figures are src/engine/jacobian.ts's,
 * from the snapshot's own hidden states (no second forward pass).
 */
import { jacobianReading, layerJacobian } from '../engine/jacobian';
import type { UnrolledModel } from '../engine/unrolled-model';
import type { JacobianEvent } from '../shared/events';
import { cellOf } from '../engine/unrolled-model';

/** `hidden` is [L][T][H] as a snapshot stores it. Tanh cell only (J_t = diag(1 − h_t²) W_hh). */
export function jacobianEvent(model: UnrolledModel, hidden: Float32Array, steps: number, snapshotId: number): JacobianEvent {
  const { hiddenSize: H, numLayers: L } = model.config;
  if (cellOf(model.config) !== 'tanh') throw new Error(`the step Jacobians diag(1 − h_t²) W_hh are for the tanh cell, not ${cellOf(model.config)}`);
  if (hidden.length !== L * steps * H) throw new Error(`hidden states have ${hidden.length} values, expected ${L}×${steps}×${H}`);
  const out: JacobianEvent = {
    type: 'jacobian', snapshotId, layers: L, steps,
    jacobianNorm: [], productNorm: [], saturated: [], whhSingularValues: [], whhSpectralRadius: [], reading: [],
  };
  for (let k = 0; k < L; k++) {
    const j = layerJacobian(model.weights[`rnn_cells.${k}.h2h.weight`], hidden.subarray(k * steps * H, (k + 1) * steps * H), H, steps);
    let sat = 0;
    for (const s of j.saturated) sat += s;
    out.jacobianNorm.push(Array.from(j.jacobianNorm));
    out.productNorm.push(Array.from(j.productNorm));
    out.saturated.push(Array.from(j.saturated));
    out.whhSingularValues.push(Array.from(j.whhSingularValues));
    out.whhSpectralRadius.push(j.whhSpectralRadius);
    out.reading.push(jacobianReading(j.whhSingularValues, j.whhSpectralRadius,
      { saturated: sat / Math.max(1, steps), productNorm: j.productNorm }));
  }
  return out;
}
