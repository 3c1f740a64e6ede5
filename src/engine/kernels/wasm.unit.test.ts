import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createReferenceKernels } from './reference';
import type { LayerShape, LayerWeights, RnnKernels } from './types';
import { createWasmKernels, type WasmRnnKernels } from './wasm';
import { ensureKernelsBuilt } from '../testdata/build-kernels';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The repo's copy of the PyTorch fixture when present, else the shared original. */
const FIXTURE = [path.join(ROOT, 'src', 'engine', 'testdata', 'unrolled-rnn.json'), '/work/shared/fixtures/unrolled-rnn.json'].find((f) =>
  existsSync(f),
) ?? '/work/shared/fixtures/unrolled-rnn.json';

/** Compiles the kernels when the .wasm is missing or older than any assembly/ source (a plain `npx mocha` run). */
const ensureBuilt = ensureKernelsBuilt;

/** Deterministic pseudo-random values in [-scale, scale). */
function fill(n: number, seed: number, scale = 0.5): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648 - 0.5) * 2 * scale;
  }
  return a;
}

function randomLayer(shape: LayerShape, seed: number): { w: LayerWeights; x: Float32Array; dhOut: Float32Array } {
  const { T, B, In, H } = shape;
  const ws = 1 / Math.sqrt(H);
  return {
    w: { wih: fill(H * In, seed, ws), bih: fill(H, seed + 1, ws), whh: fill(H * H, seed + 2, ws), bhh: fill(H, seed + 3, ws) },
    x: fill(T * B * In, seed + 4, 1),
    dhOut: fill(T * B * H, seed + 5, 1),
  };
}

/** Largest |a − b| divided by the largest |b| (float32 sums of different order differ by rounding only). */
function relError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

describe('wasm SIMD RNN layer kernels', function () {
  let wasm: WasmRnnKernels;
  const ref: RnnKernels = createReferenceKernels();

  before(function () {
    this.timeout(120000);
    ensureBuilt();
    wasm = createWasmKernels();
  });

  it('approximates tanh within 4e-7 relative over [-10, 10], and saturates, keeps signs and NaN', () => {
    const n = 200001;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = -10 + (20 * i) / (n - 1);
    const y = wasm.tanh(x);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.tanh(x[i]);
      if (e !== 0) worst = Math.max(worst, Math.abs(y[i] - e) / Math.abs(e));
    }
    assert.ok(worst < 4e-7, `max relative error ${worst}`);
    const special = wasm.tanh(Float32Array.of(1e-30, -2e-8, 50, -50, Infinity, -Infinity, NaN));
    assert.ok(Math.abs(special[0] / 1e-30 - 1) < 1e-6);
    assert.ok(Math.abs(special[1] / -2e-8 - 1) < 1e-6);
    assert.deepEqual(Array.from(special.subarray(2, 6)), [1, -1, 1, -1]);
    assert.ok(Number.isNaN(special[6]));
  });

  const shapes: LayerShape[] = [
    { T: 1, B: 1, In: 3, H: 5 },
    { T: 1, B: 4, In: 8, H: 8 },
    { T: 9, B: 1, In: 7, H: 5 },
    { T: 13, B: 3, In: 11, H: 6 },
    { T: 6, B: 5, In: 4, H: 17 },
    { T: 20, B: 7, In: 100, H: 64 },
    { T: 12, B: 32, In: 64, H: 64 },
  ];
  for (const [i, shape] of shapes.entries()) {
    it(`forward and BPTT equal the reference kernels for T=${shape.T} B=${shape.B} In=${shape.In} H=${shape.H}`, () => {
      const { w, x, dhOut } = randomLayer(shape, 100 + 10 * i);
      const got = wasm.layerForward(shape, w, x);
      const want = ref.layerForward(shape, w, x);
      assert.ok(relError(got.h, want.h) < 1e-5, `h: ${relError(got.h, want.h)}`);
      assert.ok(relError(got.pre, want.pre) < 1e-5, `pre: ${relError(got.pre, want.pre)}`);
      const g = wasm.layerBackward(shape, w, x, want.h, dhOut);
      const r = ref.layerBackward(shape, w, x, want.h, dhOut);
      for (const k of ['wih', 'bih', 'whh', 'bhh', 'dx', 'dh'] as const) {
        const e = relError(g[k], r[k]);
        assert.ok(e < 1e-5, `${k}: ${e}`);
      }
    });
  }

  it('keeps results independent of earlier calls of other shapes and of edits to returned arrays', () => {
    const big: LayerShape = { T: 30, B: 9, In: 21, H: 19 };
    const small: LayerShape = { T: 2, B: 2, In: 3, H: 3 };
    const a = randomLayer(big, 7);
    const first = wasm.layerForward(big, a.w, a.x);
    const firstGrads = wasm.layerBackward(big, a.w, a.x, first.h, a.dhOut);
    const hCopy = first.h.slice();
    const b = randomLayer(small, 8);
    wasm.layerBackward(small, b.w, b.x, wasm.layerForward(small, b.w, b.x).h, b.dhOut);
    first.h.fill(0);
    const again = wasm.layerForward(big, a.w, a.x);
    assert.deepEqual(again.h, hCopy);
    assert.deepEqual(wasm.layerBackward(big, a.w, a.x, again.h, a.dhOut).wih, firstGrads.wih);
    assert.notEqual(firstGrads.bih, firstGrads.bhh, 'bias gradients are distinct arrays');
  });

  it('rejects buffers of the wrong length and bad shapes, naming the problem', () => {
    const shape = { T: 2, B: 1, In: 3, H: 2 };
    const w = { wih: new Float32Array(6), bih: new Float32Array(2), whh: new Float32Array(4), bhh: new Float32Array(2) };
    assert.throws(() => wasm.layerForward(shape, w, new Float32Array(5)), /wasm kernel: x has 5 values, expected 6/);
    assert.throws(() => wasm.layerForward(shape, { ...w, whh: new Float32Array(3) }, new Float32Array(6)), /whh has 3 values, expected 4/);
    assert.throws(
      () => wasm.layerBackward(shape, w, new Float32Array(6), new Float32Array(4), new Float32Array(3)),
      /dhOut has 3 values, expected 4/,
    );
    assert.throws(() => wasm.layerForward({ ...shape, T: 0 }, w, new Float32Array(0)), /shape\.T must be a positive integer, got 0/);
  });

  describe('reproduces the PyTorch fixture unrolled-rnn.json', () => {
    interface Fixture {
      checkpoint: {
        model: { hiddenSize: number; numLayers: number; embeddingDim: number; seqLength: number };
        weights: Record<string, { shape: number[]; data: number[] }>;
      };
      cases: Array<{
        ids: number[];
        length: number;
        readout: 'final' | 'last-token' | 'mean';
        label: number;
        expected: {
          hidden: number[][][];
          grads: Record<string, { shape: number[]; data: number[] }>;
          hiddenGradNorm: number[][];
          inputGradNorm: number[];
        };
      }>;
    }
    const fx = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
    const { hiddenSize: H, numLayers: L, embeddingDim: D, seqLength: T } = fx.checkpoint.model;
    const weight = (name: string): Float32Array => Float32Array.from(fx.checkpoint.weights[name].data.flat());
    const layers: LayerWeights[] = [];
    for (let l = 0; l < L; l++) {
      const p = `rnn_cells.${l}`;
      layers.push({ wih: weight(`${p}.i2h.weight`), bih: weight(`${p}.i2h.bias`), whh: weight(`${p}.h2h.weight`), bhh: weight(`${p}.h2h.bias`) });
    }
    const emb = weight('embedding.weight');
    const fcW = weight('fc_out.weight');
    const fcB = weight('fc_out.bias');
    const norm = (a: Float32Array, from: number, n: number): number => {
      let s = 0;
      for (let i = from; i < from + n; i++) s += a[i] * a[i];
      return Math.sqrt(s);
    };
    const gradClose = (got: number, want: number): boolean => Math.abs(got - want) <= Math.max(1e-6, 1e-3 * Math.abs(want));

    for (const [ci, c] of fx.cases.entries()) {
      it(`case ${ci} (${c.readout}): hidden states of every layer, every parameter gradient and the gradient norms`, () => {
        // Forward, layer by layer, batch of one.
        const xs: Float32Array[] = [];
        const hs: Float32Array[] = [];
        let x: Float32Array = new Float32Array(T * D);
        c.ids.forEach((id, t) => x.set(emb.subarray(id * D, (id + 1) * D), t * D));
        for (let l = 0; l < L; l++) {
          const shape = { T, B: 1, In: l === 0 ? D : H, H };
          const { h } = wasm.layerForward(shape, layers[l], x);
          for (let t = 0; t < T; t++) {
            for (let j = 0; j < H; j++) {
              const want = c.expected.hidden[l][t][j];
              assert.ok(Math.abs(h[t * H + j] - want) <= 1e-4, `layer ${l} t=${t} unit ${j}: ${h[t * H + j]} vs ${want}`);
            }
          }
          xs.push(x);
          hs.push(h);
          x = h;
        }
        // Readout, softmax cross-entropy: ∂L/∂logits = p − onehot(label), into the top layer's states.
        const top = hs[L - 1];
        const steps = c.readout === 'final' ? [T - 1] : c.readout === 'last-token' ? [c.length - 1] : [...Array(c.length).keys()];
        const r = new Float64Array(H);
        for (const t of steps) for (let j = 0; j < H; j++) r[j] += top[t * H + j] / steps.length;
        const logits = [0, 1].map((k) => fcB[k] + r.reduce((s, v, j) => s + v * fcW[k * H + j], 0));
        const mx = Math.max(...logits);
        const e = logits.map((v) => Math.exp(v - mx));
        const dLogits = e.map((v, k) => v / (e[0] + e[1]) - (k === c.label ? 1 : 0));
        let dhOut: Float32Array = new Float32Array(T * H);
        for (const t of steps) {
          for (let j = 0; j < H; j++) dhOut[t * H + j] = (dLogits[0] * fcW[j] + dLogits[1] * fcW[H + j]) / steps.length;
        }
        // BPTT from the top layer down; each layer's dx is the gradient arriving at the layer below.
        for (let l = L - 1; l >= 0; l--) {
          const shape = { T, B: 1, In: l === 0 ? D : H, H };
          const g = wasm.layerBackward(shape, layers[l], xs[l], hs[l], dhOut);
          const p = `rnn_cells.${l}`;
          const pairs: Array<[string, Float32Array]> = [
            [`${p}.i2h.weight`, g.wih], [`${p}.i2h.bias`, g.bih], [`${p}.h2h.weight`, g.whh], [`${p}.h2h.bias`, g.bhh],
          ];
          for (const [name, got] of pairs) {
            const want = c.expected.grads[name].data;
            want.forEach((v, i) => assert.ok(gradClose(got[i], v), `${name}[${i}]: ${got[i]} vs ${v}`));
          }
          for (let t = 0; t < T; t++) {
            const want = c.expected.hiddenGradNorm[l][t];
            assert.ok(gradClose(norm(g.dh, t * H, H), want), `‖∂L/∂h‖ layer ${l} t=${t}: ${norm(g.dh, t * H, H)} vs ${want}`);
          }
          if (l === 0) {
            for (let t = 0; t < T; t++) {
              const want = c.expected.inputGradNorm[t];
              assert.ok(gradClose(norm(g.dx, t * D, D), want), `‖∂L/∂x‖ t=${t}: ${norm(g.dx, t * D, D)} vs ${want}`);
            }
            // Embedding gradient: scatter-add of dx into the rows used; the pad row 0 gets none.
            const gEmb = new Float64Array(emb.length);
            c.ids.forEach((id, t) => {
              if (id !== 0) for (let k = 0; k < D; k++) gEmb[id * D + k] += g.dx[t * D + k];
            });
            c.expected.grads['embedding.weight'].data.forEach((v, i) =>
              assert.ok(gradClose(gEmb[i], v), `embedding.weight[${i}]: ${gEmb[i]} vs ${v}`),
            );
          }
          dhOut = g.dx;
        }
      });
    }
  });
});
