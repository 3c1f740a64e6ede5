import { strict as assert } from 'node:assert';
import { contributionScale, formatContribution, negligibleContributionsNote } from './contribution';

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
});
