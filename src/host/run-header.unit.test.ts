import { strict as assert } from 'node:assert';
import { runHeader } from './run-header';
import { resolveTrain } from '../demos/train';

describe('host: the log header of a run', () => {
  it('numbers runs as given and lists the settings sent', () => {
    assert.equal(runHeader('Train on IMDB', 3, 'train', { epochs: 5, readout: 'final', clip: 0 } as never), '── Train on IMDB (run 3) — epochs 5, readout "final", clip 0');
  });
  it('Compare Readouts: each preset’s own readout, length and clip — the ones it trains with, not the Train settings', () => {
    const params = { epochs: 5, readout: 'final', seed: 1234 } as never; // the settings at their defaults
    const h = runHeader('Compare Readouts: final vs mean', 2, 'compare', params);
    assert.ok(!/readout "final"/.test(h), h);
    for (const preset of ['notebook', 'improved'] as const) {
      const r = resolveTrain({ preset }); // what src/demos/compare.ts trains
      assert.ok(h.includes(`${preset}: readout ${r.readout}, seqLength ${r.seqLength}, clip ${r.clip}`), h);
    }
    assert.ok(h.includes('improved: readout mean, seqLength 200, clip 5'), h);
    const user = runHeader('Compare', 4, 'compare', { seqLength: 150 } as never);
    assert.ok(user.includes('notebook: readout final, seqLength 150, clip 0') && user.includes('improved: readout mean, seqLength 150, clip 5'), user);
  });
});
