import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DemoEvent } from '../shared/events';
import { ModelHolder, NO_MODEL } from './model-holder';

// The PyTorch fixture, copied into the repository by the engine (from shared/fixtures).
const fixture = path.resolve(__dirname, '../engine/testdata/unrolled-rnn.json');

describe('ModelHolder (the worker\'s current model)', function () {
  this.timeout(30000);
  it('refuses predict and save before a model exists', () => {
    const m = new ModelHolder();
    assert.throws(() => m.saveCheckpoint(), { message: NO_MODEL });
    assert.throws(() => m.predict('x', { signal: new AbortController().signal }), { message: NO_MODEL });
  });

  it('loads the PyTorch-exported checkpoint, predicts with it and saves it back unchanged', async () => {
    // The fixture's words are "w1", "w2"…, which preprocess would read as "w": give them letter names.
    const file = JSON.parse(readFileSync(fixture, 'utf8'));
    file.checkpoint.vocab = file.checkpoint.vocab.map((w: string, i: number) => (i === 0 ? w : `w${String.fromCharCode(96 + i)}`));
    const text = JSON.stringify(file);
    const m = new ModelHolder();
    const summary = m.loadCheckpoint(text, 'unrolled-rnn.json'); // the fixture wraps it under "checkpoint"
    const ck = file.checkpoint;
    assert.match(summary, new RegExp(`^${ck.model.numLayers} layers? × ${ck.model.hiddenSize} units`));
    const events: DemoEvent[] = [];
    const vocab: string[] = ck.vocab;
    for await (const e of m.predict(`${vocab[1]} ${vocab[2]} qqqzzz`, { signal: new AbortController().signal })) events.push(e);
    const out = events.find((e) => e.type === 'output');
    assert.ok(out && out.type === 'output');
    assert.ok(Math.abs(out.probs[0] + out.probs[1] - 1) < 1e-5);
    const tokens = events.find((e) => e.type === 'tokens');
    assert.deepEqual(tokens?.type === 'tokens' && tokens.unknown, [false, false, true]);
    const saved = JSON.parse(m.saveCheckpoint().json);
    assert.deepEqual(saved.vocab, ck.vocab);
    const name = 'rnn_cells.0.h2h.weight';
    assert.deepEqual(saved.weights[name].shape, ck.weights[name].shape);
    const a = saved.weights[name].data as number[];
    const b = ck.weights[name].data as number[];
    assert.ok(a.every((x, i) => Math.abs(x - b[i]) <= 1e-6 * Math.max(1, Math.abs(b[i]))), 'weights survive float32 round trip');
  });

  it('names the file and the problem for a bad checkpoint', () => {
    const m = new ModelHolder();
    assert.throws(() => m.loadCheckpoint('{"format": "other"}', 'my.json'), /^Error: my\.json: format must be "unrolled-checkpoint"/);
    assert.throws(() => m.loadCheckpoint('{oops', 'my.json'), /my\.json: not valid JSON/);
  });
});
