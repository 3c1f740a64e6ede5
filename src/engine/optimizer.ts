/**
 * Applies tfjs optimisers (`tf.train.adam`, `tf.train.sgd`) to weights held as Float32Arrays: the weights
 * live in tf.Variables between steps; after each update they are read back into the same Float32Arrays
 * (so the kernels and the visualizer see them). Only gradient tensors are created per step, and disposed.
 */
import { assertTfReady, tf } from './tf';
import type { WeightMap } from './unrolled-model';

/** Which optimiser. */
export type OptimizerKind = 'adam' | 'sgd';

/** Optimiser settings (Adam defaults are PyTorch's). */
export interface OptimizerOptions {
  kind: OptimizerKind;
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

let instances = 0;

/** An optimiser bound to one weight map. Call `dispose()` when done (frees variables and moment slots). */
export class WeightOptimizer {
  readonly kind: OptimizerKind;
  readonly lr: number;
  private readonly weights: WeightMap;
  private readonly vars = new Map<string, tf.Variable>();
  private readonly varNames = new Map<string, string>();
  private readonly optimizer: tf.Optimizer;
  private disposed = false;

  constructor(weights: WeightMap, options: OptimizerOptions) {
    assertTfReady('the optimiser');
    if (!(options.lr > 0) || !Number.isFinite(options.lr)) throw new Error(`learning rate must be a positive number, got ${options.lr}`);
    this.kind = options.kind;
    this.lr = options.lr;
    this.weights = weights;
    const prefix = `unrolled_opt${instances++}/`;
    for (const [name, w] of Object.entries(weights)) {
      const varName = prefix + name;
      this.vars.set(name, tf.variable(tf.tensor(w, [w.length]), true, varName));
      this.varNames.set(name, varName);
    }
    this.optimizer =
      options.kind === 'adam'
        ? tf.train.adam(options.lr, options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-8)
        : tf.train.sgd(options.lr);
  }

  /**
   * One update with these gradients (same names and lengths as the weights); the weights are updated in place.
   * The caller is responsible for skipping non-finite gradients (see clip.ts).
   */
  step(grads: WeightMap): void {
    if (this.disposed) throw new Error('optimizer used after dispose()');
    const named: Record<string, tf.Tensor> = {};
    try {
      for (const [name, v] of this.vars) {
        const g = grads[name];
        if (!g) throw new Error(`no gradient for weight "${name}"`);
        if (g.length !== v.size) throw new Error(`gradient "${name}" has ${g.length} values, expected ${v.size}`);
        named[this.varNames.get(name) as string] = tf.tensor(g, [g.length]);
      }
      this.optimizer.applyGradients(named);
    } finally {
      for (const t of Object.values(named)) t.dispose();
    }
    for (const [name, v] of this.vars) this.weights[name].set(v.dataSync() as Float32Array);
  }

  /** Copies the Float32Array weights into the variables (after they were changed outside the optimiser). */
  syncFromWeights(): void {
    for (const [name, v] of this.vars) {
      const t = tf.tensor(this.weights[name], [this.weights[name].length]);
      v.assign(t);
      t.dispose();
    }
  }

  /** Frees the variables and the optimiser's state. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.vars.values()) v.dispose();
    this.optimizer.dispose();
  }
}
