/**
 * Test-only float64 reference for the Jacobian diagnostics, by other methods than the engine's: singular
 * values by one-sided Jacobi SVD (Hestenes), the spectral radius from ‖A^(2^k)‖^(1/2^k) by repeated squaring,
 * J_t and the products J_t … J_1 formed explicitly. `buildJacobianFixture` writes a fixture in the
 * tanh-jacobian format for any sizes (hidden states from the float64 oracle forward pass).
 */
import { oracleForward, oracleNames, oracleShapes, oracleWeights, type OracleConfig } from './oracle';

/** Singular values (descending) of a row-major m×n matrix, m ≥ 1, by one-sided Jacobi rotations. */
export function jacobiSingularValues(a: ArrayLike<number>, m: number, n: number): number[] {
  // columns of A as arrays
  const cols = Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => a[i * n + j]));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += cols[p][i] ** 2;
          beta += cols[q][i] ** 2;
          gamma += cols[p][i] * cols[q][i];
        }
        if (gamma === 0) continue;
        off = Math.max(off, Math.abs(gamma) / Math.sqrt(alpha * beta));
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = cols[p][i];
          const y = cols[q][i];
          cols[p][i] = c * x - s * y;
          cols[q][i] = s * x + c * y;
        }
      }
    }
    if (off < 1e-15) break;
  }
  return cols.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0))).sort((x, y) => y - x);
}

function matmul(a: number[], b: number[], n: number): number[] {
  const c = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
  return c;
}

/** max |λ| of a row-major n×n matrix as lim ‖A^N‖^(1/N), N = 2^40, by normalised repeated squaring. */
export function squaringSpectralRadius(a: ArrayLike<number>, n: number): number {
  let m = Array.from(a);
  let logNorm = 0; // log of the scale divided out, in units of the current power
  let power = 1;
  for (let k = 0; k < 40; k++) {
    const f = Math.sqrt(m.reduce((s, v) => s + v * v, 0));
    if (f === 0) return 0;
    m = m.map((v) => v / f);
    logNorm += Math.log(f) / power;
    m = matmul(m, m, n);
    power *= 2;
  }
  const f = Math.sqrt(m.reduce((s, v) => s + v * v, 0));
  return Math.exp(logNorm + Math.log(f) / power);
}

/** The diagnostics of one layer, formed explicitly: `h` [T][H], `whh` row-major [H, H]. */
export function oracleLayerJacobian(whh: number[], h: number[][], H: number): {
  jacobianNorm: number[]; productNorm: number[]; saturated: number[]; whhSingularValues: number[]; whhSpectralRadius: number;
} {
  const T = h.length;
  const jn: number[] = [];
  const pn: number[] = [];
  const sat: number[] = [];
  let prod: number[] | null = null;
  for (let t = 0; t < T; t++) {
    const J = whh.map((v, idx) => (1 - h[t][Math.floor(idx / H)] ** 2) * v);
    jn.push(jacobiSingularValues(J, H, H)[0]);
    sat.push(h[t].filter((x) => Math.abs(x) > 0.99).length / H);
    if (t === 0) {
      pn.push(1);
      continue;
    }
    prod = prod === null ? J : matmul(J, prod, H);
    pn.push(jacobiSingularValues(prod, H, H)[0]);
  }
  return { jacobianNorm: jn, productNorm: pn, saturated: sat, whhSingularValues: jacobiSingularValues(whh, H, H),
    whhSpectralRadius: squaringSpectralRadius(whh, H) };
}

/** A tanh-jacobian fixture for any sizes: oracle weights (times `h2hScale` on every W_hh), ids, float64 expectations. */
export function buildJacobianFixture(c: OracleConfig, seed: number, ids: number[], h2hScale = 1): Record<string, unknown> {
  const w = oracleWeights(c, seed);
  for (let k = 0; k < c.numLayers; k++) w[`rnn_cells.${k}.h2h.weight`] = w[`rnn_cells.${k}.h2h.weight`].map((v) => Math.fround(v * h2hScale));
  const shapes = oracleShapes(c);
  const weights: Record<string, { shape: number[]; data: number[] }> = {};
  for (const n of oracleNames(c)) weights[n] = { shape: shapes[n], data: [...w[n]] };
  const vocab = ['<PAD>', ...Array.from({ length: c.vocabSize - 1 }, (_, i) => `w${i + 1}`)];
  const fwd = oracleForward({ ...c, seqLength: ids.length }, w, ids, ids.length, 'final', 0);
  const H = c.hiddenSize;
  const layers = fwd.hidden.map((hk, k) => oracleLayerJacobian(w[`rnn_cells.${k}.h2h.weight`], hk, H));
  return {
    about: 'float64 oracle (test only): Jacobi SVD, squaring for the spectral radius, explicit products',
    checkpoint: { format: 'unrolled-checkpoint', version: 1, model: { kind: 'unrolled-rnn', ...c, seqLength: ids.length }, vocab, weights },
    ids,
    expected: {
      hidden: fwd.hidden,
      jacobianNorm: layers.map((l) => l.jacobianNorm),
      productNorm: layers.map((l) => l.productNorm),
      saturated: layers.map((l) => l.saturated),
      whhSingularValues: layers.map((l) => l.whhSingularValues),
      whhSpectralRadius: layers.map((l) => l.whhSpectralRadius),
    },
  };
}
