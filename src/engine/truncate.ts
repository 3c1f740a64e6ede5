/**
 * Truncated BPTT for the tanh layer. Definition (used by training's `truncateBptt` K): the sequence's T steps
 * are cut into chunks of K steps counted back from the last position — [T−K, T), [T−2K, T−K), … (the first
 * chunk may be shorter) — and the gradient flowing back through the recurrence, ∂h_t/∂h_{t−1}, is dropped at
 * every chunk start t. Gradient that reaches a step from outside the recurrence (the readout, the layer above)
 * still flows back, but only within its chunk. With the `final` readout this is "at most K steps back from
 * the readout": ∂L/∂h_t is exactly 0 for t < T − K in every layer. K ≥ T is the full BPTT, bit for bit.
 * The forward pass is unchanged: W_hh's gradient at a chunk start still uses the real h_{t−1}.
 */
import type { LayerGrads, LayerShape, LayerWeights, RnnKernels } from './kernels/types';

/** The chunk starts, from the last chunk back: [T−K, T−2K, …, 0]. */
export function truncationChunks(T: number, K: number): Array<[number, number]> {
  const chunks: Array<[number, number]> = [];
  for (let e = T; e > 0; e -= K) chunks.push([Math.max(0, e - K), e]);
  return chunks;
}

/** Checks a truncation length: a positive integer, or undefined/0 = none. */
export function validateTruncation(K: number | undefined, where = 'truncateBptt'): void {
  if (K === undefined || K === 0) return;
  if (!Number.isInteger(K) || K < 1) throw new Error(`${where} must be a positive integer (steps) or 0 for none, got ${K}`);
}

/** One tanh layer's BPTT with the recurrence cut every K steps (see the module comment). */
export function truncatedLayerBackward(
  kernels: RnnKernels,
  shape: LayerShape,
  w: LayerWeights,
  x: Float32Array,
  h: Float32Array,
  dhOut: Float32Array,
  K: number,
): LayerGrads {
  const { T, B, In, H } = shape;
  if (K >= T) return kernels.layerBackward(shape, w, x, h, dhOut);
  const out: LayerGrads = {
    wih: new Float32Array(H * In), bih: new Float32Array(H), whh: new Float32Array(H * H), bhh: new Float32Array(H),
    dx: new Float32Array(T * B * In), dh: new Float32Array(T * B * H),
  };
  for (const [s, e] of truncationChunks(T, K)) {
    const g = kernels.layerBackward(
      { T: e - s, B, In, H }, w,
      x.subarray(s * B * In, e * B * In), h.subarray(s * B * H, e * B * H), dhOut.subarray(s * B * H, e * B * H),
    );
    for (let i = 0; i < out.wih.length; i++) out.wih[i] += g.wih[i];
    for (let i = 0; i < H; i++) {
      out.bih[i] += g.bih[i];
      out.bhh[i] += g.bhh[i];
    }
    for (let i = 0; i < out.whh.length; i++) out.whh[i] += g.whh[i];
    out.dx.set(g.dx, s * B * In);
    out.dh.set(g.dh, s * B * H);
    if (s > 0) {
      // the kernel took h_{s−1} = 0 for the chunk; W_hh's gradient at t = s is da_s ⊗ h_{s−1} with the real h_{s−1}
      for (let b = 0; b < B; b++) {
        const cur = (s * B + b) * H;
        const prev = ((s - 1) * B + b) * H;
        for (let i = 0; i < H; i++) {
          const hi = h[cur + i];
          const da = g.dh[b * H + i] * (1 - hi * hi);
          if (da === 0) continue;
          for (let j = 0; j < H; j++) out.whh[i * H + j] += da * h[prev + j];
        }
      }
    }
  }
  return out;
}
