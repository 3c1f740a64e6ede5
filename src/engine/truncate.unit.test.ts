import { strict as assert } from 'node:assert';
import { createReferenceKernels, getKernels } from './kernels/index';
import { truncationChunks } from './truncate';
import { makeBatch, unrolledForward } from './unrolled-forward';
import { unrolledBackward } from './unrolled-backward';
import { createUnrolledModel } from './unrolled-model';
import { initTf } from './tf';

const config = { vocabSize: 30, embeddingDim: 6, hiddenSize: 5, numLayers: 2, outputSize: 2, seqLength: 12 };
const rows = [[3, 7, 1, 9, 12, 4, 4, 28, 2, 17, 5, 6], [8, 8, 13, 2, 0, 0, 0, 0, 0, 0, 0, 0]];

describe('truncated BPTT (truncateBptt K)', () => {
  before(async () => {
    await initTf();
  });

  it('chunks are counted back from the last position', () => {
    assert.deepEqual(truncationChunks(10, 4), [[6, 10], [2, 6], [0, 2]]);
    assert.deepEqual(truncationChunks(8, 4), [[4, 8], [0, 4]]);
    assert.deepEqual(truncationChunks(5, 9), [[0, 5]]);
  });

  for (const kernels of [getKernels(), createReferenceKernels()]) {
    it(`K ≥ T is the full BPTT exactly; small K leaves exactly 0 beyond the cut (${kernels.name} kernels)`, () => {
      const model = createUnrolledModel(config, { seed: 3 });
      for (const readout of ['final', 'mean'] as const) {
        const fwd = unrolledForward(model, makeBatch(rows, 12), readout, kernels);
        const full = unrolledBackward(model, fwd, [1, 0], kernels);
        for (const K of [12, 13, 500]) {
          const tr = unrolledBackward(model, fwd, [1, 0], kernels, { truncateBptt: K });
          for (const n of Object.keys(full.grads)) assert.deepEqual(tr.grads[n], full.grads[n], `${readout} K=${K} ${n}`);
          assert.deepEqual(tr.hiddenGradNorm, full.hiddenGradNorm);
        }
      }
      const fwd = unrolledForward(model, makeBatch(rows, 12), 'final', kernels);
      const tr = unrolledBackward(model, fwd, [1, 0], kernels, { truncateBptt: 3 });
      for (let k = 0; k < 2; k++) {
        for (let t = 0; t < 12; t++) {
          if (t < 9) assert.equal(tr.hiddenGradNorm[k][t], 0, `layer ${k} t=${t} beyond the cut`);
          else assert.ok(tr.hiddenGradNorm[k][t] > 0, `layer ${k} t=${t} inside`);
        }
      }
      for (let t = 0; t < 9; t++) assert.equal(tr.inputGradNorm[t], 0);
      assert.ok(tr.grads['rnn_cells.0.h2h.weight'].some((v) => v !== 0));
    });
  }

  it('one layer, K = 4 of 10 with the mean readout: equals an independent float64 BPTT with the cut', () => {
    const c1 = { ...config, numLayers: 1, seqLength: 10 };
    const model = createUnrolledModel(c1, { seed: 11 });
    const ids = [5, 9, 2, 14, 3, 3, 21, 7, 1, 10];
    const fwd = unrolledForward(model, makeBatch([ids], 10), 'mean', createReferenceKernels());
    const bwd = unrolledBackward(model, fwd, [0], createReferenceKernels(), { truncateBptt: 4 });
    // the gradient the mean readout sends to each h_t: fc_outᵀ dlogits / T
    const H = 5;
    const p = fwd.probs;
    const dl = [p[0] - 1, p[1]];
    const Wfc = model.weights['fc_out.weight'];
    const dr = Array.from({ length: H }, (_, j) => (dl[0] * Wfc[j] + dl[1] * Wfc[H + j]) / 10);
    // float64, the definition:
    const h = fwd.layers[0].h;
    const norms = new Array<number>(10).fill(0);
    const dW = new Array<number>(H * H).fill(0);
    // dh_t = what the readout sends + (unless t + 1 starts a chunk) W_hhᵀ da_{t+1}
    const W = model.weights['rnn_cells.0.h2h.weight'];
    let carry = new Array<number>(H).fill(0);
    for (let t = 9; t >= 0; t--) {
      const dh = dr.map((v, i) => v + carry[i]);
      norms[t] = Math.sqrt(dh.reduce((s, v) => s + v * v, 0));
      const da = dh.map((g, i) => g * (1 - h[t * H + i] ** 2));
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) dW[i * H + j] += da[i] * (t > 0 ? h[(t - 1) * H + j] : 0);
      const cut = (10 - t) % 4 === 0;
      carry = Array.from({ length: H }, (_, j) => (cut ? 0 : da.reduce((s, a, i) => s + a * W[i * H + j], 0)));
    }
    for (let t = 0; t < 10; t++) assert.ok(Math.abs(bwd.hiddenGradNorm[0][t] - norms[t]) < 1e-6, `t=${t}`);
    const got = bwd.grads['rnn_cells.0.h2h.weight'];
    for (let i = 0; i < H * H; i++) assert.ok(Math.abs(got[i] - dW[i]) < 1e-6, `dW_hh[${i}] ${got[i]} vs ${dW[i]}`);
  });

  it('refuses a bad K with a message naming it', () => {
    const model = createUnrolledModel(config, { seed: 3 });
    const fwd = unrolledForward(model, makeBatch(rows, 12), 'final');
    assert.throws(() => unrolledBackward(model, fwd, [1, 0], undefined, { truncateBptt: 2.5 }), /truncateBptt must be a positive integer/);
  });
});
