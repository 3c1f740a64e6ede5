import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkpointFromJson, parseCheckpoint, serializeCheckpoint } from './checkpoint';
import { createUnrolledModel } from './unrolled-model';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'testdata', 'unrolled-rnn.json'), 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const clone = (): Record<string, any> => JSON.parse(JSON.stringify(fixture.checkpoint));

describe('checkpoints', () => {
  it('loads the PyTorch fixture checkpoint', () => {
    const { model, vocab } = checkpointFromJson(fixture.checkpoint);
    assert.equal(model.config.numLayers, 2);
    assert.equal(vocab[0], '<PAD>');
    assert.equal(model.weights['fc_out.bias'].length, 2);
    assert.equal(model.weights['rnn_cells.1.h2h.weight'][5], Math.fround(fixture.checkpoint.weights['rnn_cells.1.h2h.weight'].data[5]));
  });

  it('saves and loads losslessly (every float32 value, config, vocab, meta)', () => {
    const cfg = { vocabSize: 6, embeddingDim: 3, hiddenSize: 4, numLayers: 3, outputSize: 2, seqLength: 9 };
    const model = createUnrolledModel(cfg, { seed: 11 });
    const vocab = ['<PAD>', 'a', 'b', 'c', 'd', 'e'];
    const text = serializeCheckpoint(model, vocab, { readout: 'mean' });
    const back = parseCheckpoint(text, 'm.json');
    assert.deepEqual(back.model.config, cfg);
    assert.deepEqual(back.vocab, vocab);
    assert.equal(back.meta.readout, 'mean');
    for (const [n, w] of Object.entries(model.weights)) assert.deepEqual(back.model.weights[n], w, n);
  });

  const bad: Array<[string, (c: Record<string, any>) => void, RegExp]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['wrong format', (c) => (c.format = 'torch'), /ck\.json: format must be "unrolled-checkpoint", got "torch"/],
    ['wrong version', (c) => (c.version = 2), /version 2 is not supported/],
    ['bad config', (c) => (c.model.hiddenSize = 4.5), /model\.hiddenSize must be a positive integer, got 4\.5/],
    ['vocab length', (c) => c.vocab.pop(), /vocab has 26 words but model\.vocabSize is 27/],
    ['missing weight', (c) => delete c.weights['rnn_cells.1.h2h.bias'], /weight "rnn_cells\.1\.h2h\.bias" is missing/],
    ['unknown weight', (c) => (c.weights['rnn_cells.2.h2h.bias'] = { shape: [4], data: [0, 0, 0, 0] }), /unknown weight "rnn_cells\.2\.h2h\.bias"/],
    ['wrong shape', (c) => (c.weights['fc_out.weight'].shape = [4, 2]), /weight "fc_out\.weight" has shape \[4,2\], expected \[2, 4\]/],
    ['wrong length', (c) => c.weights['fc_out.bias'].data.push(1), /weight "fc_out\.bias" has 3 values, expected 2/],
    ['non-finite', (c) => (c.weights['rnn_cells.0.i2h.bias'].data[2] = null), /weight "rnn_cells\.0\.i2h\.bias" value 2 is not a finite number \(null\)/],
    ['not an object', (c) => (c.weights = []), /"weights" must be an object/],
  ];
  for (const [what, mutate, message] of bad) {
    it(`rejects a checkpoint with ${what}, naming the problem`, () => {
      const c = clone();
      mutate(c);
      assert.throws(() => checkpointFromJson(c, 'ck.json'), message);
    });
  }

  it('rejects text that is not JSON, naming the file', () => {
    assert.throws(() => parseCheckpoint('{"format": ', 'model.json'), /model\.json: not valid JSON/);
  });

  it('refuses to save a vocabulary of the wrong length', () => {
    const model = createUnrolledModel({ vocabSize: 3, embeddingDim: 2, hiddenSize: 2, numLayers: 1, outputSize: 2, seqLength: 4 });
    assert.throws(() => serializeCheckpoint(model, ['<PAD>']), /vocab has 1 words but the model's vocabSize is 3/);
  });
});
