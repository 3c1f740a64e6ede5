import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkpointFromJson } from './checkpoint';
import { gradNorms } from './clip';
import { createReferenceKernels } from './kernels/reference';
import { makeBatch, unrolledForward } from './unrolled-forward';
import { unrolledBackward } from './unrolled-backward';
import { createUnrolledModel, unrolledWeightNames, unrolledWeightShapes } from './unrolled-model';
import { verifyFixture } from './verify';
import { buildOracleFixture } from './testdata/oracle';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'testdata', 'unrolled-rnn.json'), 'utf8'));
const kernels = createReferenceKernels();

describe('UnrolledRNN model', () => {
  it('names and shapes its weights exactly as the PyTorch state_dict', () => {
    const cfg = { vocabSize: 11, embeddingDim: 5, hiddenSize: 4, numLayers: 3, outputSize: 2, seqLength: 7 };
    assert.deepEqual(unrolledWeightNames(cfg).slice(0, 5), ['embedding.weight', 'rnn_cells.0.i2h.weight', 'rnn_cells.0.i2h.bias', 'rnn_cells.0.h2h.weight', 'rnn_cells.0.h2h.bias']);
    assert.equal(unrolledWeightNames(cfg).length, 1 + 4 * 3 + 2);
    const s = unrolledWeightShapes(cfg);
    assert.deepEqual(s['embedding.weight'], [11, 5]);
    assert.deepEqual(s['rnn_cells.0.i2h.weight'], [4, 5]);
    assert.deepEqual(s['rnn_cells.2.i2h.weight'], [4, 4]);
    assert.deepEqual(s['fc_out.weight'], [2, 4]);
    // the fixture's checkpoint has exactly these names
    assert.deepEqual(Object.keys(fixture.checkpoint.weights), unrolledWeightNames(fixture.checkpoint.model));
  });

  it('initialises like PyTorch: Linear U(-1/√in, 1/√in), embedding N(0,1) with a zero pad row, seeded', () => {
    const cfg = { vocabSize: 300, embeddingDim: 100, hiddenSize: 64, numLayers: 2, outputSize: 2, seqLength: 10 };
    const m = createUnrolledModel(cfg, { seed: 3 });
    const again = createUnrolledModel(cfg, { seed: 3 });
    assert.deepEqual(m.weights['rnn_cells.1.h2h.weight'], again.weights['rnn_cells.1.h2h.weight']);
    const wi = m.weights['rnn_cells.0.i2h.weight'];
    const bound = 1 / Math.sqrt(100);
    let max = 0;
    let sq = 0;
    for (const v of wi) {
      max = Math.max(max, Math.abs(v));
      sq += v * v;
    }
    assert.ok(max <= bound && max > 0.95 * bound, `max |w| ${max} vs bound ${bound}`);
    // variance of U(-b, b) is b²/3
    assert.ok(Math.abs(sq / wi.length - (bound * bound) / 3) < 0.1 * (bound * bound) / 3);
    assert.ok(Math.max(...m.weights['rnn_cells.1.i2h.bias'].map(Math.abs)) <= 1 / 8);
    const e = m.weights['embedding.weight'];
    assert.ok(e.subarray(0, 100).every((v) => v === 0));
    let es = 0;
    for (let i = 100; i < e.length; i++) es += e[i] * e[i];
    assert.ok(Math.abs(es / (e.length - 100) - 1) < 0.05);
    const exploding = createUnrolledModel(cfg, { seed: 3, h2hStd: 2 });
    const h = exploding.weights['rnn_cells.0.h2h.weight'];
    const std = Math.sqrt(h.reduce((s, v) => s + v * v, 0) / h.length);
    assert.ok(Math.abs(std - 2) < 0.15, `h2h std ${std}`);
  });

  it('rejects a bad config or token id with a clear error', () => {
    assert.throws(() => createUnrolledModel({ vocabSize: 5, embeddingDim: 0, hiddenSize: 2, numLayers: 1, outputSize: 2, seqLength: 3 }), /embeddingDim must be a positive integer/);
    const m = createUnrolledModel({ vocabSize: 5, embeddingDim: 2, hiddenSize: 2, numLayers: 1, outputSize: 2, seqLength: 3 });
    assert.throws(() => unrolledForward(m, makeBatch([[1, 7, 0]], 3), 'final', kernels), /token id 7 at row 0, position 1 is outside the vocabulary 0\.\.4/);
  });
});

describe('UnrolledRNN forward and BPTT against PyTorch', () => {
  const { model } = checkpointFromJson(fixture.checkpoint);

  it('matches every case of the PyTorch fixture (reference kernels)', () => {
    for (const c of fixture.cases) {
      const fwd = unrolledForward(model, makeBatch([c.ids], c.ids.length, [c.length]), c.readout, kernels);
      const bwd = unrolledBackward(model, fwd, [c.label], kernels);
      for (let k = 0; k < model.config.numLayers; k++) {
        c.expected.hidden[k].forEach((row: number[], t: number) =>
          row.forEach((v, j) => assert.ok(Math.abs(fwd.layers[k].h[t * 4 + j] - v) < 1e-6, `${c.readout} hidden[${k}][${t}][${j}]`)),
        );
      }
      assert.ok(Math.abs(bwd.loss - c.expected.loss) < 1e-6);
      for (const [name, g] of Object.entries(bwd.grads)) {
        const e = c.expected.grads[name].data as number[];
        e.forEach((v, i) => assert.ok(Math.abs(g[i] - v) <= 1e-6 + 1e-3 * Math.abs(v), `${c.readout} grad ${name}[${i}]: ${g[i]} vs ${v}`));
      }
      c.expected.inputGradNorm.forEach((v: number, t: number) => assert.ok(Math.abs(bwd.inputGradNorm[t] - v) <= 1e-6 + 1e-3 * v));
    }
  });

  it('gives the pad row of the embedding no gradient, and unused rows none', () => {
    const c = fixture.cases[0];
    const fwd = unrolledForward(model, makeBatch([c.ids], c.ids.length, [c.length]), 'final', kernels);
    const g = unrolledBackward(model, fwd, [c.label], kernels).grads['embedding.weight'];
    const D = model.config.embeddingDim;
    assert.ok(g.subarray(0, D).every((v) => v === 0), 'pad row');
    assert.ok(g.subarray(5 * D, 6 * D).every((v) => v === 0), 'row 5 is not in the sequence');
    assert.ok(g.subarray(24 * D, 25 * D).some((v) => v !== 0), 'row 24 is');
  });

  it('lists the embedding rows that got gradient; a sparse norm over them equals the dense norm', () => {
    const rows = [[24, 4, 10, 18, 3, 14, 18, 0, 0, 0, 0], [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]];
    const fwd = unrolledForward(model, makeBatch(rows, 11), 'mean', kernels);
    const b = unrolledBackward(model, fwd, [1, 0], kernels);
    assert.deepEqual(Array.from(b.embeddingRows), [3, 4, 10, 14, 18, 24]);
    const dense = gradNorms(b.grads);
    const sparse = gradNorms(b.grads, { name: 'embedding.weight', rows: b.embeddingRows, width: 9 });
    assert.ok(dense.perParam['embedding.weight'] > 0);
    assert.ok(Math.abs(sparse.perParam['embedding.weight'] - dense.perParam['embedding.weight']) < 1e-12);
    assert.ok(Math.abs(sparse.total - dense.total) < 1e-12);
    // training skips the per-step norms; everything else is identical
    const quiet = unrolledBackward(model, fwd, [1, 0], kernels, { norms: false, embeddingGradBuffer: new Float32Array(27 * 9).fill(5) });
    assert.equal(quiet.inputGradNorm.length, 0);
    assert.equal(quiet.hiddenGradNorm.length, 0);
    for (const [n, g] of Object.entries(b.grads)) assert.deepEqual(quiet.grads[n], g, n);
    assert.equal(b.inputGradNorm.length, 11);
  });

  it('a batch equals the mean of its rows (loss and gradients)', () => {
    const rows = fixture.cases.map((c: { ids: number[] }) => c.ids);
    const lengths = fixture.cases.map((c: { length: number }) => c.length);
    const labels = fixture.cases.map((c: { label: number }) => c.label);
    for (const readout of ['final', 'last-token', 'mean'] as const) {
      const fb = unrolledForward(model, makeBatch(rows, 11, lengths), readout, kernels);
      const bb = unrolledBackward(model, fb, labels, kernels);
      let loss = 0;
      const sum = new Float64Array(bb.grads['rnn_cells.0.h2h.weight'].length);
      rows.forEach((r: number[], i: number) => {
        const f = unrolledForward(model, makeBatch([r], 11, [lengths[i]]), readout, kernels);
        const b = unrolledBackward(model, f, [labels[i]], kernels);
        loss += b.loss / rows.length;
        b.grads['rnn_cells.0.h2h.weight'].forEach((v, j) => (sum[j] += v / rows.length));
      });
      assert.ok(Math.abs(bb.loss - loss) < 1e-6, readout);
      sum.forEach((v, j) => assert.ok(Math.abs(bb.grads['rnn_cells.0.h2h.weight'][j] - v) < 1e-6, `${readout} [${j}]`));
    }
  });
});

describe('UnrolledRNN of other sizes against a float64 finite-difference oracle', () => {
  for (const numLayers of [1, 3]) {
    it(`${numLayers} layer(s): verifyFixture passes on an oracle fixture of other sizes`, function () {
      this.timeout(60000);
      const cfg = { vocabSize: 9, embeddingDim: 3, hiddenSize: 5, numLayers, outputSize: 2, seqLength: 6 };
      const fx = buildOracleFixture(cfg, 17 + numLayers, [
        { ids: [3, 8, 1, 0, 0, 0], length: 3, readout: 'final', label: 0 },
        { ids: [2, 2, 7, 5, 0, 0], length: 4, readout: 'last-token', label: 1 },
        { ids: [6, 4, 1, 8, 3, 2], length: 6, readout: 'mean', label: 0 },
      ], 0.05);
      const report = verifyFixture(fx);
      const bad = report.quantities.filter((q) => !q.ok).map((q) => `${q.name}: abs ${q.maxAbsErr} rel ${q.maxRelErr} ${q.detail ?? ''}`);
      assert.deepEqual(bad, []);
      assert.equal(report.quantities.length, 3 * 8 + 2);
      assert.ok(report.maxRelErr < 1e-3 && report.maxRelErr > 0);
    });
  }
});
