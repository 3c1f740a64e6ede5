import { strict as assert } from 'node:assert';
import { createUnrolledModel, type UnrolledConfig } from '../unrolled-model';
import { DEFAULT_KEEP_GATE_BIAS, keepGate, parseKeepGateBias } from './init';

const cfg: UnrolledConfig = { vocabSize: 20, embeddingDim: 6, hiddenSize: 5, numLayers: 2, outputSize: 2, seqLength: 7 };
const H = cfg.hiddenSize;
const block = (a: Float32Array, b: number): number[] => Array.from(a.subarray(b * H, (b + 1) * H));

describe('engine: the gated cells\' keep-gate initialisation', () => {
  it('the keep gate is the LSTM\'s forget gate f (block 1 of i, f, g, o) and the GRU\'s update gate z (block 1 of r, z, n)', () => {
    assert.deepEqual(keepGate('lstm'), { name: 'f', block: 1 });
    assert.deepEqual(keepGate('gru'), { name: 'z', block: 1 });
  });

  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: by default bias_ih's keep block is ${DEFAULT_KEEP_GATE_BIAS} and bias_hh's 0 in every layer; the other gates keep PyTorch's U(−1/√H, 1/√H)`, () => {
      assert.equal(DEFAULT_KEEP_GATE_BIAS, 1);
      const m = createUnrolledModel({ ...cfg, cell }, { seed: 3 });
      const G = cell === 'lstm' ? 4 : 3;
      const bound = 1 / Math.sqrt(H);
      for (let k = 0; k < cfg.numLayers; k++) {
        const bih = m.weights[`rnn_cells.${k}.bias_ih`], bhh = m.weights[`rnn_cells.${k}.bias_hh`];
        assert.deepEqual(block(bih, 1), [1, 1, 1, 1, 1]);
        assert.deepEqual(block(bhh, 1), [0, 0, 0, 0, 0]);
        for (let b = 0; b < G; b++) {
          if (b === 1) continue;
          for (const v of [...block(bih, b), ...block(bhh, b)]) assert.ok(Math.abs(v) <= bound && v !== 0, `${cell} layer ${k} block ${b}: ${v}`);
        }
      }
    });

    it(`${cell}: keepGateBias 3 sets the block to 3; null leaves PyTorch's draw (the same numbers as before the option existed)`, () => {
      const three = createUnrolledModel({ ...cfg, cell }, { seed: 3, keepGateBias: 3 });
      assert.deepEqual(block(three.weights['rnn_cells.0.bias_ih'], 1), [3, 3, 3, 3, 3]);
      const plain = createUnrolledModel({ ...cfg, cell }, { seed: 3, keepGateBias: null });
      const def = createUnrolledModel({ ...cfg, cell }, { seed: 3 });
      const bound = 1 / Math.sqrt(H);
      for (const v of block(plain.weights['rnn_cells.0.bias_ih'], 1)) assert.ok(Math.abs(v) <= bound && v !== 1);
      // every other weight is the same draw: the option changes the keep gate's biases only
      for (const name of Object.keys(def.weights)) {
        if (name.includes('.bias_')) continue;
        assert.deepEqual(def.weights[name], plain.weights[name], name);
      }
      assert.deepEqual(block(def.weights['rnn_cells.0.bias_ih'], 0), block(plain.weights['rnn_cells.0.bias_ih'], 0));
    });
  }

  it('leaves the tanh cell alone', () => {
    const a = createUnrolledModel(cfg, { seed: 3 });
    const b = createUnrolledModel(cfg, { seed: 3, keepGateBias: 5 });
    assert.deepEqual(a.weights, b.weights);
  });

  it('parses a flag value: a number or "pytorch", with a one-line error naming the flag otherwise', () => {
    assert.equal(parseKeepGateBias('1'), 1);
    assert.equal(parseKeepGateBias('-0.5'), -0.5);
    assert.equal(parseKeepGateBias('pytorch'), null);
    assert.throws(() => parseKeepGateBias('open', '--keep-gate-bias'), /^Error: --keep-gate-bias must be a number in \[-20, 20\] or "pytorch", got "open"$/);
    assert.throws(() => parseKeepGateBias('100', '--keep-gate-bias'), /--keep-gate-bias must be/);
  });
});
