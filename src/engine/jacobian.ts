/**
 * Why gradients vanish or explode in the tanh RNN, per layer and step. Going back one step multiplies the
 * gradient by the step Jacobian J_t = ∂h_t/∂h_{t−1} = diag(1 − h_t²) W_hh (the layer input held fixed), so
 * what reaches h_0 from h_t is shaped by the product J_t J_{t−1} … J_1. Computed here in float64:
 * - `jacobianNorm[k][t]` = ‖J_t‖₂ (largest singular value; t = 0 uses h_0, the Jacobian w.r.t. h_{−1} = 0);
 * - `productNorm[k][t]` = ‖J_t … J_1‖₂ (1 at t = 0, the empty product);
 * - `saturated[k][t]` = fraction of units with |h_t| > 0.99 (tanh' < 0.02 there);
 * - `whhSingularValues[k]` (descending) and `whhSpectralRadius[k]` = max |eigenvalue| of W_hh.
 * The format is `../shared/fixtures/tanh-jacobian.json`'s (README there).
 */
import { lanczosMax, singularValues, spectralNorm, startVector } from './linalg';
import { spectralRadius } from './eigen';
import type { UnrolledForwardResult } from './unrolled-forward';
import { cellOf, type UnrolledModel } from './unrolled-model';

/** |h| above this counts as saturated. */
export const SATURATION_THRESHOLD = 0.99;

/** One layer's diagnostics over T steps. */
export interface LayerJacobian {
  jacobianNorm: Float64Array;
  productNorm: Float64Array;
  saturated: Float64Array;
  whhSingularValues: Float64Array;
  whhSpectralRadius: number;
}

/** Every layer's, bottom first, for one sequence. */
export interface JacobianDiagnostics {
  layers: number;
  steps: number;
  units: number;
  perLayer: LayerJacobian[];
}

/**
 * One layer: `whh` [H, H] row-major (PyTorch h2h.weight), `h` the layer's states [T, H] (one sequence,
 * time-major). Steps t < T only; nothing of the other layers is needed (the input is held fixed).
 */
export function layerJacobian(whh: ArrayLike<number>, h: ArrayLike<number>, H: number, T: number): LayerJacobian {
  if (whh.length !== H * H) throw new Error(`W_hh has ${whh.length} values, expected ${H}×${H}`);
  if (h.length < T * H) throw new Error(`hidden states have ${h.length} values, expected at least ${T}×${H}`);
  const w = Float64Array.from(whh);
  const jacobianNorm = new Float64Array(T);
  const productNorm = new Float64Array(T);
  const saturated = new Float64Array(T);
  const J = new Float64Array(H * H);
  const P = new Float64Array(H * H); // J_t … J_1 / exp(logScale)
  const Q = new Float64Array(H * H);
  const slope = new Float64Array(H);
  const u = new Float64Array(H);
  // ‖D W‖₂² = λ_max(D (W Wᵀ) D): W Wᵀ once per layer, then each step only rescales it
  const M = new Float64Array(H * H);
  for (let i = 0; i < H; i++) {
    for (let j = i; j < H; j++) {
      let acc = 0;
      for (let k = 0; k < H; k++) acc += w[i * H + k] * w[j * H + k];
      M[i * H + j] = acc;
      M[j * H + i] = acc;
    }
  }
  const S = new Float64Array(H * H);
  const scratch = new Float64Array((H + 1) * H);
  const vP = startVector(H);
  let logScale = 0;
  let finite = true;
  let zero = false;
  for (let t = 0; t < T; t++) {
    let sat = 0;
    for (let i = 0; i < H; i++) {
      const x = h[t * H + i];
      if (Math.abs(x) > SATURATION_THRESHOLD) sat++;
      slope[i] = 1 - x * x;
      if (!Number.isFinite(x)) finite = false;
    }
    saturated[t] = sat / H;
    // J_t = diag(slope) W
    for (let i = 0; i < H; i++) {
      const si = slope[i];
      const r = i * H;
      for (let j = 0; j < H; j++) J[r + j] = si * w[r + j];
    }
    if (finite) {
      for (let i = 0; i < H; i++) {
        const r = i * H;
        for (let j = 0; j < H; j++) S[r + j] = slope[i] * M[r + j] * slope[j];
      }
      jacobianNorm[t] = Math.sqrt(lanczosMax(S, H, 1e-14, scratch));
    } else {
      jacobianNorm[t] = NaN;
    }
    if (t === 0) {
      productNorm[0] = 1;
      continue;
    }
    if (!finite || zero) {
      productNorm[t] = finite ? 0 : NaN;
      continue;
    }
    if (t === 1) {
      P.set(J);
    } else {
      // Q = J_t P, then P = Q normalised (the scale goes into logScale so long products neither overflow nor vanish)
      Q.fill(0);
      for (let i = 0; i < H; i++) {
        const qr = i * H;
        const jr = i * H;
        for (let k = 0; k < H; k++) {
          const a = J[jr + k];
          if (a === 0) continue;
          const pr = k * H;
          for (let j = 0; j < H; j++) Q[qr + j] += a * P[pr + j];
        }
      }
      P.set(Q);
    }
    let fro = 0;
    for (let i = 0; i < P.length; i++) fro += P[i] * P[i];
    fro = Math.sqrt(fro);
    if (fro === 0) {
      // an exactly zero product stays zero (every later product has it as a factor)
      zero = true;
      productNorm[t] = 0;
      continue;
    }
    for (let i = 0; i < P.length; i++) P[i] /= fro;
    logScale += Math.log(fro);
    productNorm[t] = Math.exp(logScale) * spectralNorm(P, H, vP, u);
  }
  return {
    jacobianNorm,
    productNorm,
    saturated,
    whhSingularValues: singularValues(w, H),
    whhSpectralRadius: spectralRadius(w, H),
  };
}

/** The diagnostics of every layer of a forward pass over one sequence (batch of 1), all T positions. */
export function jacobianDiagnostics(model: UnrolledModel, fwd: UnrolledForwardResult): JacobianDiagnostics {
  if (fwd.batch.batchSize !== 1) throw new Error(`Jacobian diagnostics take one sequence, got a batch of ${fwd.batch.batchSize}`);
  if (cellOf(model.config) !== 'tanh') throw new Error(`Jacobian diagnostics are for the tanh cell (J_t = diag(1 − h_t²) W_hh), not ${cellOf(model.config)}`);
  const { hiddenSize: H, numLayers: L } = model.config;
  const T = fwd.batch.seqLength;
  const perLayer: LayerJacobian[] = [];
  for (let k = 0; k < L; k++) perLayer.push(layerJacobian(model.weights[`rnn_cells.${k}.h2h.weight`], fwd.layers[k].h, H, T));
  return { layers: L, steps: T, units: H, perLayer };
}

/**
 * A one-line reading of the numbers, e.g. "largest singular value 0.42 < 1: products shrink". W_hh bounds
 * every step: ‖J_t‖ ≤ max(1 − h²)·σ₁(W_hh) ≤ σ₁, so σ₁ < 1 guarantees vanishing; with σ₁ > 1 a product
 * can grow for a while, and in the long run W_hh's products follow its spectral radius (tanh' ≤ 1 and
 * saturation only shrink them further). `productNorm` (the run's ‖J_t…J_1‖) adds the measured average factor.
 */
export function jacobianReading(
  sv: ArrayLike<number>, radius: number, o: { saturated?: number; productNorm?: ArrayLike<number> } = {},
): string {
  const s1 = sv.length ? sv[0] : NaN;
  const f = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 100 ||
    (x !== 0 && Math.abs(x) < 0.01) ? x.toExponential(1) : x.toFixed(2)) : String(x));
  if (!Number.isFinite(s1)) return `largest singular value ${f(s1)}: the weights are not finite`;
  let measured = '';
  const p = o.productNorm;
  if (p && p.length > 1) {
    const last = p[p.length - 1];
    if (Number.isFinite(last) && last > 0) measured = `; this run: ×${f(Math.pow(last, 1 / (p.length - 1)))} per step on average over ${p.length - 1} steps`;
  }
  const sat = o.saturated !== undefined && o.saturated > 0 ? `; ${(o.saturated * 100).toFixed(0)} % of units saturated (tanh' ≈ 0 there)` : '';
  if (s1 < 1) return `largest singular value ${f(s1)} < 1: products shrink${measured}`;
  if (radius < 1) return `largest singular value ${f(s1)} > 1 but spectral radius ${f(radius)} < 1: products may grow for a few steps, then shrink${measured}${sat}`;
  return `spectral radius ${f(radius)} > 1 (largest singular value ${f(s1)}): products grow unless saturation damps them${measured}${sat}`;
}
