import assert from 'node:assert/strict';
import { resolveTrain } from '../demos/train';
import { PRESETS } from '../demos/options';
import { configOfBoth } from '../demos/compare';
import { answerModel, IMPROVED_PRESET_ARGS } from './answer-model';
import { presetDecides, readSettings } from './settings';

describe('which model answers, and the improved preset in one click', () => {
  it('reads the model label from an answer\'s demo-start, and nothing from an answer without one', () => {
    const label = 'the improved preset (readout mean, test accuracy 79.75 %) — trained in this window by Train on IMDB';
    assert.equal(answerModel([{ type: 'demo-start', demo: 'predict', title: 'p', config: { readout: 'mean', model: label } }]), label);
    assert.equal(answerModel([{ type: 'demo-start', demo: 'predict', title: 'p', config: { readout: 'mean' } }]), undefined);
    assert.equal(answerModel([]), undefined);
  });

  it('the one-click arguments train the improved preset whatever the readout, clip and length settings', () => {
    const s = readSettings(() => undefined, { trusted: true, isFile: () => false });
    assert.deepEqual(s.errors, []);
    assert.equal(s.params.readout, 'final', 'the default setting is the notebook\'s readout');
    const r = resolveTrain({ ...s.params, ...IMPROVED_PRESET_ARGS });
    assert.equal(r.preset, 'improved');
    assert.deepEqual([r.readout, r.clip, r.seqLength], [PRESETS.improved.readout, PRESETS.improved.clip, PRESETS.improved.seqLength]);
    assert.deepEqual([r.readout, r.clip, r.seqLength], ['mean', 5, 200]);
  });

  it('settings left at their defaults let the preset decide length and clipping: Train (mean) = Compare\'s improved run', () => {
    const s = readSettings(() => undefined, { trusted: true, isFile: () => false });
    const unset = presetDecides({ ...s.params, readout: 'mean' as const }, () => false);
    const train = resolveTrain(unset);
    assert.deepEqual([train.preset, train.seqLength, train.clip], ['improved', 200, 5]);
    // Compare resolves each series with its own preset (readout and clip cleared), as compareDemo does
    const series = (['notebook', 'improved'] as const).map((preset) => resolveTrain({ ...presetDecides(s.params, () => false), preset, readout: undefined, clip: undefined }));
    assert.deepEqual(series[1], train);
    assert.deepEqual([series[0].readout, series[0].seqLength, series[0].clip], ['final', 100, 0]);
    // before: the settings' 100 words and no clipping trained a different "improved" model than Train
    const before = resolveTrain({ ...s.params, preset: 'improved', readout: undefined, clip: undefined });
    assert.deepEqual([before.seqLength, before.clip], [100, 5]);
    // a value the user set stays
    const kept = presetDecides({ ...s.params, readout: 'mean' as const, seqLength: 150 }, (k) => k === 'seqLength');
    assert.equal(resolveTrain(kept).seqLength, 150);
    // the header shows both series' values where they differ
    const header = configOfBoth(series.map((x) => ({ ...x, series: x.preset })));
    assert.equal(header.readout, 'final vs mean');
    assert.equal(header.seqLength, '100 vs 200');
    assert.equal(header.clip, '0 vs 5');
    assert.equal(header.epochs, 5);
    assert.equal(header.preset, undefined);
  });
});
