import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkpointFromJson, serializeCheckpoint, parseCheckpoint } from '../checkpoint';
import { makeBatch, unrolledForward } from '../unrolled-forward';
import { unrolledBackward } from '../unrolled-backward';
import { type Readout, type UnrolledModel, createUnrolledModel, unrolledWeightNames, unrolledWeightShapes } from '../unrolled-model';
import { verifyFixture } from '../verify';
import { predictIds } from '../predict';
import { type GatedOracleConfig, gatedOracleForward, gatedOracleGradients, gatedOracleWeights } from '../testdata/gated-oracle';
import { createReferenceCellKernels } from './reference';
import type { CellKernels } from './types';

const reference = createReferenceCellKernels();

/** Largest violation of "within rel OR abs": 0 when every value passes, else the worst |a − e|. */
function worst(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, abs: number): { maxAbs: number; bad: number } {
  assert.equal(actual.length, expected.length);
  let maxAbs = 0;
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    maxAbs = Math.max(maxAbs, d);
    if (!(d <= abs || d <= rel * Math.abs(expected[i]))) bad++;
  }
  return { maxAbs, bad };
}

function modelFrom(c: GatedOracleConfig, w: Record<string, number[]>): UnrolledModel {
  const { cell, ...rest } = c;
  const m = createUnrolledModel({ ...rest, cell });
  for (const n of unrolledWeightNames(m.config)) m.weights[n].set(w[n]);
  return m;
}

/** The engine against the float64 finite-difference oracle, on one case. */
function checkAgainstOracle(c: GatedOracleConfig, seed: number, ids: number[], length: number, readout: Readout, label: number,
  kernels: CellKernels): void {
  const w = gatedOracleWeights(c, seed);
  const model = modelFrom(c, w);
  const fwd = unrolledForward(model, makeBatch([ids], ids.length, [length]), readout, undefined, kernels);
  const bwd = unrolledBackward(model, fwd, [label], undefined, { cellKernels: kernels });
  const o = gatedOracleForward(c, w, ids, length, readout, label);
  const fd = gatedOracleGradients(c, w, ids, length, readout, label);
  const what = `${c.cell} ${c.numLayers} layer(s) ${readout} (${kernels.name})`;
  for (let k = 0; k < c.numLayers; k++) {
    const v = worst(fwd.layers[k].h, o.hidden[k].flat(), 0, 1e-4);
    assert.equal(v.bad, 0, `${what}: hidden of layer ${k} off by ${v.maxAbs}`);
    if (c.cell === 'lstm') {
      const cv = worst(fwd.layers[k].c as Float32Array, o.cells[k].flat(), 0, 1e-4);
      assert.equal(cv.bad, 0, `${what}: cell state of layer ${k} off by ${cv.maxAbs}`);
      const g = worst(bwd.cellGradNorm[k], fd.cellGradNorm[k], 1e-3, 1e-6);
      assert.equal(g.bad, 0, `${what}: ‖∂L/∂c_t‖ of layer ${k} off by ${g.maxAbs}`);
    }
    const hg = worst(bwd.hiddenGradNorm[k], fd.hiddenGradNorm[k], 1e-3, 1e-6);
    assert.equal(hg.bad, 0, `${what}: ‖∂L/∂h_t‖ of layer ${k} off by ${hg.maxAbs}`);
    assert.ok(fd.hiddenGradNorm[k].some((v) => v > 1e-4), `${what}: the oracle's ‖∂L/∂h_t‖ are all ~0 (a test that could not fail)`);
  }
  assert.ok(Math.abs(bwd.loss - o.loss) < 1e-5, `${what}: loss ${bwd.loss} vs ${o.loss}`);
  const xg = worst(bwd.inputGradNorm, fd.inputGradNorm, 1e-3, 1e-6);
  assert.equal(xg.bad, 0, `${what}: ‖∂L/∂x_t‖ off by ${xg.maxAbs}`);
  for (const n of unrolledWeightNames(model.config)) {
    const g = worst(bwd.grads[n], fd.grads[n], 1e-3, 1e-6);
    assert.equal(g.bad, 0, `${what}: ∂L/∂${n} off by ${g.maxAbs} (${g.bad} values)`);
    assert.ok(n === 'embedding.weight' || fd.grads[n].some((v) => Math.abs(v) > 1e-5), `${what}: the oracle's ∂L/∂${n} is ~0`);
  }
  // the pad row gets no gradient
  assert.ok(bwd.grads['embedding.weight'].subarray(0, c.embeddingDim).every((v) => v === 0));
}

const oracleCases: Array<{ c: GatedOracleConfig; ids: number[]; length: number; readout: Readout; label: number }> = [];
for (const cell of ['lstm', 'gru'] as const) {
  oracleCases.push({ c: { cell, vocabSize: 9, embeddingDim: 3, hiddenSize: 5, numLayers: 1, outputSize: 2, seqLength: 6 }, ids: [3, 1, 8, 2, 0, 0], length: 4, readout: 'final', label: 1 });
  oracleCases.push({ c: { cell, vocabSize: 9, embeddingDim: 4, hiddenSize: 3, numLayers: 3, outputSize: 2, seqLength: 7 }, ids: [5, 2, 7, 1, 6, 4, 0], length: 6, readout: 'mean', label: 0 });
  oracleCases.push({ c: { cell, vocabSize: 9, embeddingDim: 4, hiddenSize: 3, numLayers: 3, outputSize: 2, seqLength: 5 }, ids: [2, 8, 3, 0, 0], length: 3, readout: 'last-token', label: 1 });
}

describe('gated cells (LSTM, GRU)', () => {
  for (const k of oracleCases) {
    it(`${k.c.cell}, ${k.c.numLayers} layer(s), ${k.readout}: reference kernels equal the float64 finite-difference oracle`, () => {
      checkAgainstOracle(k.c, 17 + k.c.numLayers, k.ids, k.length, k.readout, k.label, reference);
    });
  }

  it('names and shapes its weights as the nn.LSTMCell / nn.GRUCell state_dicts', () => {
    const cfg = { vocabSize: 11, embeddingDim: 5, hiddenSize: 4, numLayers: 2, outputSize: 2, seqLength: 7 };
    const lstm = unrolledWeightShapes({ ...cfg, cell: 'lstm' });
    assert.deepEqual(unrolledWeightNames({ ...cfg, cell: 'lstm' }).slice(1, 5), ['rnn_cells.0.weight_ih', 'rnn_cells.0.weight_hh', 'rnn_cells.0.bias_ih', 'rnn_cells.0.bias_hh']);
    assert.deepEqual(lstm['rnn_cells.0.weight_ih'], [16, 5]);
    assert.deepEqual(lstm['rnn_cells.1.weight_ih'], [16, 4]);
    assert.deepEqual(lstm['rnn_cells.1.weight_hh'], [16, 4]);
    const gru = unrolledWeightShapes({ ...cfg, cell: 'gru' });
    assert.deepEqual(gru['rnn_cells.0.bias_hh'], [12]);
    // nn.LSTMCell init: every parameter U(-1/√H, 1/√H)
    const m = createUnrolledModel({ ...cfg, hiddenSize: 16, cell: 'lstm' }, { seed: 1 });
    const wi = m.weights['rnn_cells.0.weight_ih'];
    const max = wi.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    assert.ok(max <= 0.25 && max > 0.24, `max |w| ${max}`);
    assert.equal(m.kind, 'unrolled-lstm');
  });

  for (const name of ['lstm-rnn.json', 'gru-rnn.json']) {
    it(`passes the PyTorch fixture ${name}`, () => {
      const json = JSON.parse(readFileSync(path.join(__dirname, '..', 'testdata', name), 'utf8'));
      const r = verifyFixture(json);
      const bad = r.quantities.filter((q) => !q.ok).map((q) => `${q.name}: ${q.detail ?? q.maxAbsErr}`);
      assert.deepEqual(bad, []);
      assert.ok(r.quantities.some((q) => q.name.endsWith('gates') && q.count > 0), 'gates compared');
      if (name.startsWith('lstm')) assert.ok(r.quantities.some((q) => q.name.endsWith('cellGradNorm') && q.count > 0), 'cellGradNorm compared');
    });
  }

  it('saves and loads unrolled-lstm / unrolled-gru checkpoints losslessly; a bad kind is named', () => {
    for (const cell of ['lstm', 'gru'] as const) {
      const m = createUnrolledModel({ vocabSize: 6, embeddingDim: 3, hiddenSize: 4, numLayers: 2, outputSize: 2, seqLength: 5, cell },
        { seed: 4 });
      const vocab = ['<PAD>', 'a', 'b', 'c', 'd', 'e'];
      const text = serializeCheckpoint(m, vocab);
      assert.equal(JSON.parse(text).model.kind, `unrolled-${cell}`);
      assert.equal(JSON.parse(text).model.cell, undefined);
      const back = parseCheckpoint(text);
      assert.equal(back.model.kind, `unrolled-${cell}`);
      assert.equal(back.model.config.cell, cell);
      for (const n of unrolledWeightNames(m.config)) assert.deepEqual(back.model.weights[n], m.weights[n]);
    }
    const json = JSON.parse(readFileSync(path.join(__dirname, '..', 'testdata', 'gru-rnn.json'), 'utf8')).checkpoint;
    json.model.kind = 'unrolled-rnm';
    assert.throws(() => checkpointFromJson(json, 'x.json'), /x\.json: model\.kind must be "unrolled-rnn", "unrolled-gru" or "unrolled-lstm", got "unrolled-rnm"/);
    json.model.kind = 'unrolled-lstm';
    assert.throws(() => checkpointFromJson(json, 'x.json'), /weight "rnn_cells.0.weight_ih" has shape \[12,9\], expected \[16, 9\]/);
  });

  it('predict snapshots a gated model: tanh(pre) is the candidate gate, pre = input + recurrent term, c_t and ‖∂L/∂c_t‖ per layer', () => {
    for (const cell of ['lstm', 'gru'] as const) {
      const m = createUnrolledModel({ vocabSize: 8, embeddingDim: 3, hiddenSize: 4, numLayers: 2, outputSize: 2, seqLength: 6, cell },
        { seed: 9 });
      const s = predictIds(m, [1, 5, 2, 7], 4, 'mean', { kernels: undefined });
      const G = (cell === 'lstm' ? 4 : 3) * 4;
      assert.equal(s.gates?.length, 2 * 6 * G);
      for (let k = 0; k < 2; k++) {
        for (let t = 0; t < 6; t++) {
          for (let j = 0; j < 4; j++) {
            const i = (k * 6 + t) * 4 + j;
            assert.ok(Math.abs(Math.tanh(s.pre[i]) - (s.gates as Float32Array)[(k * 6 + t) * G + 8 + j]) < 1e-6, `${cell} candidate at ${k},${t},${j}`);
            assert.ok(Math.abs(s.inputPart[i] + s.recurrentPart[i] - s.pre[i]) < 1e-6);
          }
        }
      }
      if (cell === 'lstm') {
        assert.equal(s.cell?.length, 2 * 6 * 4);
        assert.equal(s.cellGradNorm?.length, 2 * 6);
        // the mean readout reads t = 0..3: those steps get gradient, the two pad steps after it none
        const cg = s.cellGradNorm as Float32Array;
        for (let k = 0; k < 2; k++) assert.deepEqual([...cg.subarray(k * 6, k * 6 + 6)].map((v) => v > 0),
          [true, true, true, true, false, false]);
      } else {
        assert.equal(s.cell, undefined);
      }
    }
  });
});
