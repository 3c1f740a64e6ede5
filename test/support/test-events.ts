/** Small hand-made demo events for the worker and host unit tests. */
import type { DemoEvent, SnapshotEvent } from '../../src/shared/events';

export function snapshot(id: number, steps = 4, units = 8, layers = 2): SnapshotEvent {
  const n = layers * steps * units;
  const hidden = new Float32Array(n).map((_, i) => Math.tanh(Math.sin(i + id)));
  const tokens = Array.from({ length: steps }, (_, i) => `w${i}`);
  return {
    type: 'snapshot', id, tokens, unknown: tokens.map(() => false), length: steps, activation: 'tanh',
    hidden: { layers, steps, units, data: hidden },
    preact: { layers, steps, units, data: hidden.map((x) => Math.atanh(Math.max(-0.999, Math.min(0.999, x)))) },
    runningProb: new Float32Array(steps).map((_, t) => 0.5 + 0.1 * Math.sin(t + id)),
    contribution: new Float32Array(steps).map((_, t) => Math.cos(t + id)),
    logits: [0.1, -0.1], probs: [0.55, 0.45], readout: 'final',
  };
}

export function batchEvent(batch: number, loss = 0.7): DemoEvent {
  return { type: 'batch', epoch: 1, batch, batches: 50, loss, acc: 50, gradNorm: 1, clipped: false, skipped: false };
}
