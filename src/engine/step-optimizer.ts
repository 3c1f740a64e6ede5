/**
 * The optimiser a trainer uses. Adam runs as one f32x4 pass in the wasm kernels (`WasmAdam`), whose result is
 * bit for bit that of tfjs's `tf.train.adam` (same float32 operations in the same order; asserted in
 * step-optimizer.unit.test.ts) at about a third of its cost per step for the notebook model; SGD, or Adam
 * when the kernel module is missing, runs in tfjs (`WeightOptimizer`).
 * UNROLLED_OPTIMIZER=tfjs|wasm forces one (wasm then fails loudly).
 */
import { WasmAdam } from './kernels/wasm-adam';
import { type OptimizerKind, WeightOptimizer } from './optimizer';
import type { WeightMap } from './unrolled-model';

/** What a trainer needs of an optimiser. */
export interface StepOptimizer {
  /** One update from these gradients (same names and lengths as the weights); weights change in place. */
  step(grads: WeightMap): void;
  /** Takes weights changed outside the optimiser into account. */
  syncFromWeights(): void;
  dispose(): void;
}

/** Which implementation runs: `wasm-adam` or `tfjs-adam` / `tfjs-sgd`. */
export type OptimizerPath = 'wasm-adam' | 'tfjs-adam' | 'tfjs-sgd';

/** Adam hyperparameters beyond the learning rate are PyTorch's defaults (0.9, 0.999, 1e-8). */
class WasmAdamOptimizer implements StepOptimizer {
  private readonly adam: WasmAdam;

  constructor(private readonly weights: WeightMap, lr: number) {
    const sizes: Record<string, number> = {};
    for (const [name, w] of Object.entries(weights)) sizes[name] = w.length;
    this.adam = new WasmAdam(sizes, { lr });
  }

  step(grads: WeightMap): void {
    this.adam.step(this.weights, grads);
  }

  syncFromWeights(): void {
    // WasmAdam reads the weights afresh at every step.
  }

  dispose(): void {
    // The wasm instance is garbage-collected with the optimiser.
  }
}

/** The optimiser for these weights and the path it took. */
export function createStepOptimizer(weights: WeightMap, kind: OptimizerKind,
  lr: number): { optimizer: StepOptimizer; path: OptimizerPath } {
  const want = (process.env.UNROLLED_OPTIMIZER ?? '').trim().toLowerCase();
  if (want !== '' && want !== 'tfjs' && want !== 'wasm') {
    throw new Error(`UNROLLED_OPTIMIZER must be "tfjs" or "wasm", got "${want}"`);
  }
  if (kind === 'adam' && want !== 'tfjs') {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got ${lr}`);
    try {
      return { optimizer: new WasmAdamOptimizer(weights, lr), path: 'wasm-adam' };
    } catch (e) {
      if (want === 'wasm') throw new Error(`UNROLLED_OPTIMIZER=wasm but the wasm Adam did not load: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { optimizer: new WeightOptimizer(weights, { kind, lr }), path: kind === 'adam' ? 'tfjs-adam' : 'tfjs-sgd' };
}
