import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureKernelsBuilt as ensureBuilt } from '../testdata/build-kernels';
import type { LayerShape, LayerWeights } from '../kernels/types';
import { verifyFixture } from '../verify';
import { getCellKernels, setCellKernels } from './index';
import { createReferenceCellKernels } from './reference';
import type { CellKernels, GatedCell } from './types';
import { createWasmCellKernels } from './wasm';

function fill(n: number, seed: number, scale: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648 - 0.5) * 2 * scale;
  }
  return a;
}

/** Largest |a − b| over the largest |b|. */
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

describe('wasm SIMD LSTM/GRU kernels against the plain-TS reference', function () {
  let wasm: CellKernels;
  const ref = createReferenceCellKernels();
  before(function () {
    this.timeout(120000);
    ensureBuilt();
    wasm = createWasmCellKernels();
  });

  const shapes: LayerShape[] = [
    { T: 1, B: 1, In: 3, H: 5 },
    { T: 9, B: 2, In: 7, H: 5 },
    { T: 13, B: 3, In: 11, H: 6 },
    { T: 6, B: 5, In: 4, H: 8 },
    { T: 20, B: 7, In: 100, H: 64 },
  ];
  for (const cell of ['lstm', 'gru'] as GatedCell[]) {
    for (const [i, shape] of shapes.entries()) {
      it(`${cell}: forward and BPTT equal the reference for T=${shape.T} B=${shape.B} In=${shape.In} H=${shape.H}`, () => {
        const { T, B, In, H } = shape;
        const G = (cell === 'lstm' ? 4 : 3) * H;
        const ws = 1 / Math.sqrt(H);
        const seed = 300 + 10 * i;
        const w: LayerWeights = { wih: fill(G * In, seed, ws), bih: fill(G, seed + 1, ws), whh: fill(G * H, seed + 2, ws),
          bhh: fill(G, seed + 3, ws) };
        const x = fill(T * B * In, seed + 4, 1);
        const dhOut = fill(T * B * H, seed + 5, 1);
        const got = wasm.forward(cell, shape, w, x);
        const want = ref.forward(cell, shape, w, x);
        for (const k of ['h', 'gates', cell === 'lstm' ? 'c' : 'hn'] as const) {
          const e = relError(got[k] as Float32Array, want[k] as Float32Array);
          assert.ok(e < 1e-5, `${k}: ${e}`);
        }
        const g = wasm.backward(cell, shape, w, x, want, dhOut);
        const r = ref.backward(cell, shape, w, x, want, dhOut);
        for (const k of ['wih', 'bih', 'whh', 'bhh', 'dx', 'dh', ...(cell === 'lstm' ? ['dc' as const] : [])] as const) {
          const e = relError(g[k] as Float32Array, r[k] as Float32Array);
          assert.ok(e < 1e-5, `${k}: ${e}`);
        }
        if (cell === 'gru') assert.ok(relError(g.bih, g.bhh) > 1e-3, 'the GRU bias gradients differ (b_hn sits inside r ⊙ ·)');
      });
    }
  }

  it('rejects buffers of the wrong length, naming the problem', () => {
    const shape = { T: 2, B: 1, In: 3, H: 2 };
    const w = { wih: new Float32Array(24), bih: new Float32Array(8), whh: new Float32Array(16), bhh: new Float32Array(8) };
    assert.throws(() => wasm.forward('lstm', shape, w, new Float32Array(5)), /wasm cell kernel: lstm x has 5 values, expected 6/);
    assert.throws(() => wasm.forward('gru', shape, w, new Float32Array(6)), /wasm cell kernel: gru weight_ih has 24 values, expected 18/);
  });

  for (const name of ['lstm-rnn.json', 'gru-rnn.json']) {
    it(`the model on the SIMD kernels passes the PyTorch fixture ${name}`, () => {
      const json = JSON.parse(readFileSync(path.join(__dirname, '..', 'testdata', name), 'utf8'));
      setCellKernels(wasm);
      try {
        assert.equal(getCellKernels().name, 'wasm-simd', 'the SIMD path ran');
        const r = verifyFixture(json);
        assert.deepEqual(r.quantities.filter((q) => !q.ok).map((q) => q.name), []);
      } finally {
        setCellKernels(null);
      }
    });
  }
});
