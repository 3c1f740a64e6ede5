import assert from 'node:assert/strict';
import type { DemoEvent } from '../shared/events';
import { demoRegistry } from './demos';
import { ModelHolder } from './model-holder';

describe('worker demos: Train on IMDB hands its model to the holder', function () {
  this.timeout(120000);
  const params = { epochs: 1, reviews: 200, batch: 16, hidden: 8, layers: 1, seqLength: 20, vocabSize: 500, seed: 7 };

  it('a finished run offers its tested model, and says which model answers now', async () => {
    const holder = new ModelHolder();
    const ac = new AbortController();
    const events: DemoEvent[] = [];
    for await (const e of demoRegistry(holder).train!(params, { signal: ac.signal })) events.push(e);
    const test = events.find((e) => e.type === 'eval' && e.split === 'test');
    assert.ok(test?.type === 'eval');
    assert.equal(holder.require().testAcc, test.acc);
    const last = events.at(-1);
    assert.ok(last?.type === 'log' && last.text.startsWith('Predict Sentiment, Analyze and the hovers now use this model: the improved preset (readout mean, test accuracy '), JSON.stringify(last));
  });

  it('a run ended early (Stop Training) still hands over the model as it stood', async () => {
    const holder = new ModelHolder();
    const ac = new AbortController();
    const gen = demoRegistry(holder).train!(params, { signal: ac.signal });
    for await (const e of gen) {
      if (e.type === 'batch') { ac.abort(); break; } // for-await's break calls gen.return(), as the runner does
    }
    assert.ok(holder.current, 'the stopped model is kept');
    assert.match(holder.current.source, /^stopped during epoch 1 after \d+ batches in this window$/);
  });
});
