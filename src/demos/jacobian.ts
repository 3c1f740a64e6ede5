/**
 * `unrolled jacobian`: the gradient demos' random model (h2h ~ N(0, std²), times `scale`) on a random
 * sequence, and why its gradient vanishes or explodes — per layer and step ‖J_t‖₂, the running product
 * ‖J_t … J_1‖₂, the saturated fraction, W_hh's singular values and spectral radius (src/engine/jacobian.ts),
 * beside ‖∂L/∂h_t‖ (loss against class 0, as in the demos).
 */
import { jacobianDiagnostics, jacobianReading, makeBatch, predictIds, unrolledForward, type JacobianDiagnostics } from '../engine/index';
import { DEFAULT_SEED } from './options';
import { randomModel } from './random-model';

/** Flags of `unrolled jacobian` (defaults: the vanishing demo's model). */
export interface JacobianOptions {
  std?: number;
  scale?: number;
  length?: number;
  layers?: number;
  hidden?: number;
  seed?: number;
  dataPath?: string;
  glovePath?: string;
}

export const JACOBIAN_DEFAULTS = { std: 0.1, scale: 1, length: 100, layers: 1, hidden: 64 } as const;

/** What the command prints and its `--json` object holds. */
export interface JacobianReport {
  std: number;
  scale: number;
  length: number;
  layers: number;
  hidden: number;
  seed: number;
  tokens: string[];
  /** [layer][t] */
  jacobianNorm: number[][];
  productNorm: number[][];
  saturated: number[][];
  /** [layer][…], descending. */
  whhSingularValues: number[][];
  whhSpectralRadius: number[];
  /** ‖∂L/∂h_t‖ [layer][t]. */
  hiddenGradNorm: number[][];
  /** One line per layer, from its numbers. */
  reading: string[];
}

/** Turns engine diagnostics into the report's nested arrays. */
export function diagnosticsArrays(d: JacobianDiagnostics): Pick<JacobianReport, 'jacobianNorm' | 'productNorm' | 'saturated' | 'whhSingularValues' | 'whhSpectralRadius' | 'reading'> {
  const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  return {
    jacobianNorm: d.perLayer.map((l) => Array.from(l.jacobianNorm)),
    productNorm: d.perLayer.map((l) => Array.from(l.productNorm)),
    saturated: d.perLayer.map((l) => Array.from(l.saturated)),
    whhSingularValues: d.perLayer.map((l) => Array.from(l.whhSingularValues)),
    whhSpectralRadius: d.perLayer.map((l) => l.whhSpectralRadius),
    reading: d.perLayer.map((l) => jacobianReading(l.whhSingularValues, l.whhSpectralRadius,
      { saturated: mean(l.saturated), productNorm: l.productNorm })),
  };
}

export async function jacobianReport(o: JacobianOptions = {}): Promise<JacobianReport> {
  const std = o.std ?? JACOBIAN_DEFAULTS.std;
  const scale = o.scale ?? JACOBIAN_DEFAULTS.scale;
  const length = o.length ?? JACOBIAN_DEFAULTS.length;
  const layers = o.layers ?? JACOBIAN_DEFAULTS.layers;
  const hidden = o.hidden ?? JACOBIAN_DEFAULTS.hidden;
  const seed = o.seed ?? DEFAULT_SEED;
  const setup = await randomModel({ seed, std, scale, seqLength: length, layers, hidden, dataPath: o.dataPath, glovePath: o.glovePath });
  const ids = setup.randomIds(length);
  const fwd = unrolledForward(setup.model, makeBatch([ids], length, [length]), 'final');
  const diag = jacobianDiagnostics(setup.model, fwd);
  const snap = predictIds(setup.model, ids, length, 'final', { target: 0, seqLength: length });
  const hiddenGradNorm: number[][] = [];
  for (let k = 0; k < layers; k++) hiddenGradNorm.push(Array.from(snap.hiddenGradNorm.subarray(k * length, (k + 1) * length)));
  return { std, scale, length, layers, hidden, seed, tokens: ids.map((i) => setup.words[i]), ...diagnosticsArrays(diag), hiddenGradNorm };
}

/** A number in 4 significant digits, or words when it is not finite. */
function g(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'infinite' : '-infinite';
  return x === 0 ? '0' : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toPrecision(4);
}

/** The printed lines: per layer the W_hh spectrum and its reading, then one line per step. */
export function formatJacobianReport(r: JacobianReport): string[] {
  const out = [
    `Random model: ${r.layers} tanh layer${r.layers > 1 ? 's' : ''} of ${r.hidden}, h2h ~ N(0, ${r.std}²)${r.scale !== 1 ? ` × ${r.scale}` : ''}, ${r.length} random tokens, seed ${r.seed}; loss against class 0.`,
    'J_t = ∂h_t/∂h_{t−1} = diag(1 − h_t²) W_hh; going back one step multiplies the gradient by J_tᵀ.',
  ];
  for (let k = 0; k < r.layers; k++) {
    const sv = r.whhSingularValues[k];
    const shown = sv.length > 6 ? [...sv.slice(0, 4).map(g), '…', g(sv[sv.length - 1])] : sv.map(g);
    out.push('', `Layer ${k}: W_hh singular values ${shown.join(' ')}; spectral radius ${g(r.whhSpectralRadius[k])}`);
    out.push(`  ${r.reading[k]}`);
    out.push(`  ${'t'.padStart(4)}  ${'‖J_t‖'.padStart(10)}  ${'‖J_t…J_1‖'.padStart(10)}  ${'saturated'.padStart(9)}  ${'‖∂L/∂h_t‖'.padStart(10)}`);
    for (let t = 0; t < r.length; t++) {
      out.push(`  ${String(t).padStart(4)}  ${g(r.jacobianNorm[k][t]).padStart(10)}  ${g(r.productNorm[k][t]).padStart(10)}  ${`${(r.saturated[k][t] * 100).toFixed(1)} %`.padStart(9)}  ${g(r.hiddenGradNorm[k][t]).padStart(10)}`);
    }
  }
  return out;
}
