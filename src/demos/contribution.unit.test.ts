import { strict as assert } from 'node:assert';
import { PAD, vocabFromWords } from '../data/index';
import { createUnrolledModel } from '../engine/index';
import { analyzeDemo } from './analyze';
import { contributionScale, formatContribution, negligibleContributionsNote } from './contribution';
import type { DemoEvent } from './events';
import type { ModelForDemo } from './model-file';

async function logs(m: ModelForDemo, text: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of analyzeDemo(m, { text }) as AsyncIterable<DemoEvent>) if (e.type === 'log') out.push(e.text);
  return out;
}

describe('contributions: what is shown and when it means nothing', () => {
  it('writes the real magnitude: three decimals from 1e-3 up, else an exponent', () => {
    assert.deepEqual([0.5123, -0.02, 6.1e-13, -4.4e-4, 0, Number.NaN].map(formatContribution), ['+0.512', '-0.020', '+6.1e-13', '-4.4e-4', '0', 'NaN']);
  });

  it('floors the colour scale at 0.1 logit', () => {
    assert.deepEqual([0, 6e-13, 0.05, 0.1, 2.5, Number.NaN].map(contributionScale), [0.1, 0.1, 0.1, 0.1, 2.5, 0.1]);
  });

  it('says why all contributions are negligible, and nothing when one is not', () => {
    assert.equal(
      negligibleContributionsNote(6.1e-13, 'final', 66),
      'All words\' contributions are below 1e-3 (largest 6.1e-13): the gradient vanished in the 66 padding steps before ' +
        'reaching the words (readout "final"), so no word is coloured and their ranking means nothing.',
    );
    assert.match(negligibleContributionsNote(2e-4, 'mean', 66) ?? '', /\(largest 2\.0e-4\): too small to mean anything/);
    assert.equal(negligibleContributionsNote(0.002, 'final', 66), undefined);
  });

  it('the analyze log shows vanished contributions as such (readout final, a short review and 75 pad steps)', async () => {
    const words = [PAD, 'a', 'bit', 'boring', 'film', 'good'];
    const model = createUnrolledModel({ vocabSize: words.length, embeddingDim: 4, hiddenSize: 4, numLayers: 2, outputSize: 2, seqLength: 80 }, { seed: 3 });
    const m: ModelForDemo = { model, vocab: vocabFromWords(words), readout: 'final', source: 'test' };
    const lines = await logs(m, 'a bit boring film good');
    const strongest = lines.find((l) => l.startsWith('Strongest words'));
    assert.ok(strongest, lines.join('\n'));
    assert.doesNotMatch(strongest, /[+-]0\.000\b/, 'no noise written as +0.000');
    assert.match(strongest, /\(([+-]\d\.\de-\d+)\)/);
    assert.ok(lines.some((l) => /^All words' contributions are below 1e-3 \(largest .*\): the gradient vanished in the 75 padding steps/.test(l)), lines.join('\n'));
    // the same review under the mean readout reaches the words: no such note
    assert.ok(!(await logs({ ...m, readout: 'mean' }, 'a bit boring film good')).some((l) => l.startsWith('All words')));
  });
});
