/**
 * The inner loops of one tanh RNN layer over a whole sequence and batch, written twice:
 * `reference.ts` in plain TypeScript (the readable, exact definition) and `wasm.ts` (AssemblyScript SIMD,
 * for speed). Both must agree to float32 rounding; the model code only sees this interface.
 *
 * Layouts (all row-major Float32Array):
 * - x:   [T, B, In]  time-major layer input (embedding output for layer 0, layer below's h otherwise)
 * - h:   [T, B, H]   h_t = tanh(x_t · Wih^T + bih + h_{t-1} · Whh^T + bhh), h_{-1} = 0
 * - wih: [H, In], whh: [H, H] (PyTorch nn.Linear layout: [out, in]); bih, bhh: [H]
 */
export interface LayerShape {
  T: number;
  B: number;
  In: number;
  H: number;
}

export interface LayerWeights {
  wih: Float32Array;
  bih: Float32Array;
  whh: Float32Array;
  bhh: Float32Array;
}

export interface LayerForwardOut {
  /** [T, B, H] hidden states. */
  h: Float32Array;
  /** [T, B, H] pre-activations (before tanh), kept for the visualizer. */
  pre: Float32Array;
}

export interface LayerGrads {
  wih: Float32Array;
  bih: Float32Array;
  whh: Float32Array;
  bhh: Float32Array;
  /** [T, B, In] gradient with respect to the layer input x. */
  dx: Float32Array;
  /** [T, B, H] total ∂L/∂h_t (from the output side and through time), for the norms. */
  dh: Float32Array;
}

export interface RnnKernels {
  readonly name: string;
  /** Forward over the whole sequence. */
  layerForward(shape: LayerShape, w: LayerWeights, x: Float32Array): LayerForwardOut;
  /**
   * BPTT over the whole sequence. `dhOut` [T, B, H] is the gradient arriving at each h_t from outside the
   * recurrence (the readout, or the layer above); `h` and `x` are those of the forward pass.
   */
  layerBackward(
    shape: LayerShape,
    w: LayerWeights,
    x: Float32Array,
    h: Float32Array,
    dhOut: Float32Array,
  ): LayerGrads;
}
