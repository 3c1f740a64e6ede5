import { strict as assert } from 'node:assert';
import { PAD, vocabFromWords } from '../data/index';
import { createUnrolledModel } from '../engine/index';
import type { DemoEvent } from '../shared/events';
import { analyzeDemo } from './analyze';
import type { ModelForDemo } from './model-file';

async function logs(m: ModelForDemo, text: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of analyzeDemo(m, { text }) as AsyncIterable<DemoEvent>) if (e.type === 'log') out.push(e.text);
  return out;
}

describe('analyze demo: contributions', () => {
  it('the analyze log shows vanished contributions as such (readout final, a short review and 75 pad steps)', async () => {
    const words = [PAD, 'a', 'bit', 'boring', 'film', 'good'];
    const model = createUnrolledModel({ vocabSize: words.length, embeddingDim: 4, hiddenSize: 4, numLayers: 2, outputSize: 2,
      seqLength: 80 }, { seed: 3 });
    const m: ModelForDemo = { model, vocab: vocabFromWords(words), readout: 'final', source: 'test' };
    const lines = await logs(m, 'a bit boring film good');
    const strongest = lines.find((l) => l.startsWith('Strongest words by gradient'));
    assert.ok(strongest, lines.join('\n'));
    assert.doesNotMatch(strongest, /[+-]0\.000\b/, 'no noise written as +0.000');
    assert.match(strongest, /\(([+-]\d\.\de-\d+)\)/);
    assert.ok(lines.some((l) => /^All words' contributions are below 1e-3 \(largest .*\): the gradient vanished in the 75 padding steps/.test(l)), lines.join('\n'));
    // the same review under the mean readout reaches the words: no such note
    assert.ok(!(await logs({ ...m, readout: 'mean' }, 'a bit boring film good')).some((l) => l.startsWith('All words')));
  });
});
