import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DemoEvent } from '../shared/events';
import { createUnrolledModel } from '../engine/index';
import { ModelHolder, modelLabel, NO_MODEL } from './model-holder';

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

describe('ModelHolder: the best model of this window answers, and every answer names it', function () {
  this.timeout(30000);
  const words = ['<PAD>', 'good', 'bad', 'film', 'plot'];
  const make = (seed: number) => createUnrolledModel({ vocabSize: words.length, embeddingDim: 4, hiddenSize: 3, numLayers: 1, outputSize: 2,
    seqLength: 6 }, { seed });
  const offer = (h: ModelHolder, seed: number, readout: 'final' | 'mean', testAcc: number | undefined, preset: string) =>
    h.offerTrained({ model: make(seed), vocab: words, readout, source: `run ${seed}`, testAcc, preset });

  it('a better-scoring model replaces the current one, a worse one does not, and the lines say which answers', () => {
    const h = new ModelHolder();
    const first = offer(h, 1, 'final', 52, 'notebook');
    assert.equal(first.kept, true);
    assert.equal(first.line, 'Predict Sentiment, Analyze and the hovers now use this model: the notebook preset (readout final, test accuracy 52.00 %) — run 1.');
    const better = offer(h, 2, 'mean', 79.75, 'improved');
    assert.equal(better.kept, true);
    assert.equal(h.require().readout, 'mean');
    const worse = offer(h, 3, 'final', 51.5, 'notebook');
    assert.equal(worse.kept, false);
    assert.equal(worse.line, 'Predict Sentiment, Analyze and the hovers keep using the improved preset (readout mean, test accuracy 79.75 %) — run 2: this model scored 51.50 %.');
    assert.equal(h.require().source, 'run 2');
    // a tie goes to the newer model; a current model of unknown accuracy (stopped training) gives way
    assert.equal(offer(h, 4, 'mean', 79.75, 'improved').kept, true);
    h.setTrained(make(5), words, 'mean', 'stopped', {});
    assert.equal(offer(h, 6, 'final', 50, 'notebook').kept, true);
  });

  it('the answers carry the model label, and a checkpoint keeps the test accuracy and preset across a reload', async () => {
    const h = new ModelHolder();
    offer(h, 2, 'mean', 79.75, 'improved');
    const events: DemoEvent[] = [];
    for await (const e of h.predict('good film', { signal: new AbortController().signal })) events.push(e);
    const start = events.find((e) => e.type === 'demo-start');
    const label = 'the improved preset (readout mean, test accuracy 79.75 %) — run 2';
    assert.equal(start?.type === 'demo-start' && start.config.model, label);
    const end = events.find((e) => e.type === 'demo-end');
    assert.equal(end?.type === 'demo-end' && end.summary.model, label);
    const analyzed: DemoEvent[] = [];
    for await (const e of h.predict('bad plot', { signal: new AbortController().signal }, 'analyze')) analyzed.push(e);
    const a = analyzed.find((e) => e.type === 'demo-start');
    assert.equal(a?.type === 'demo-start' && a.config.model, label);
    const saved = h.saveCheckpoint();
    assert.match(saved.summary, /readout mean, test accuracy 79\.75 %$/);
    const reloaded = new ModelHolder();
    assert.match(reloaded.loadCheckpoint(saved.json, 'last-model.json'), /test accuracy 79\.75 %$/);
    assert.equal(modelLabel(reloaded.require()), 'the improved preset (readout mean, test accuracy 79.75 %) — last-model.json');
    // a lower-scoring model trained after the reload does not replace it
    assert.equal(offer(reloaded, 3, 'final', 52, 'notebook').kept, false);
  });
});
