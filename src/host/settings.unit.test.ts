import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readSettings, validateSetting, type SettingsContext } from './settings';
import { SETTINGS, STEP_HIDDEN } from './settings-schema';

const files = new Set(['/data/imdb.csv', '/ws/data/glove.6B.50d.txt']);
const ctx: SettingsContext = { trusted: true, workspaceFolder: '/ws', isFile: (p) => files.has(p) };
const spec = (key: string) => {
  const s = SETTINGS.find((x) => x.key === key);
  if (!s) throw new Error(key);
  return s;
};

describe('settings validation', () => {
  it('gives the notebook defaults when nothing is set', () => {
    const r = readSettings(() => undefined, ctx);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.params, {
      vocabSize: 5000, seqLength: 100, hidden: 64, layers: 2, readout: 'final', cell: 'tanh', lr: 0.001,
      epochs: 5, batch: 32, clip: 0, truncateBptt: 0, seed: 1234, reviews: 0, threads: 2,
    });
    assert.equal(r.stepHidden, 10);
  });

  it('passes valid values through', () => {
    const v: Record<string, unknown> = { hiddenSize: 128, readout: 'mean', learningRate: 0.01, clip: 5, stepHiddenSize: 4 };
    const r = readSettings((k) => v[k], ctx);
    assert.deepEqual(r.errors, []);
    assert.equal(r.params.hidden, 128);
    assert.equal(r.params.readout, 'mean');
    assert.equal(r.params.lr, 0.01);
    assert.equal(r.params.clip, 5);
    assert.equal(r.stepHidden, 4);
  });

  it('names the setting, the bad value and the allowed range', () => {
    const r = validateSetting(spec('hiddenSize'), 0, ctx);
    assert.equal(r.value, 64);
    assert.equal(r.error, 'Setting "unrolled.hiddenSize" must be a whole number from 1 to 512, not 0 (the notebook uses 64).');
    assert.match(validateSetting(spec('numLayers'), 2.5, ctx).error ?? '', /whole number from 1 to 4, not 2.5/);
    assert.equal(validateSetting(spec('threads'), 3, ctx).error, 'Setting "unrolled.threads" must be a whole number from 1 to 2, not 3 (default 2).');
    assert.match(validateSetting(spec('epochs'), '5', ctx).error ?? '', /not "5"/);
    assert.match(validateSetting(STEP_HIDDEN, 300, ctx).error ?? '', /unrolled.stepHiddenSize.*from 1 to 256, not 300/);
  });

  it('refuses a learning rate of 0 or below, NaN and infinity', () => {
    for (const bad of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY, 2]) {
      const r = validateSetting(spec('learningRate'), bad, ctx);
      assert.match(r.error ?? '', /"unrolled.learningRate" must be a number greater than 0 and at most 1/, String(bad));
    }
    assert.equal(validateSetting(spec('learningRate'), 1e-5, ctx).error, undefined);
    assert.equal(validateSetting(spec('clip'), 0, ctx).error, undefined);
    assert.match(validateSetting(spec('clip'), -1, ctx).error ?? '', /from 0 to 1000000, not -1/);
  });

  it('lists the readouts allowed', () => {
    assert.equal(
      validateSetting(spec('readout'), 'last', ctx).error,
      'Setting "unrolled.readout" must be one of "final", "last-token", "mean", not "last".',
    );
  });

  it('resolves relative data paths against the workspace folder when trusted', () => {
    const r = validateSetting(spec('glovePath'), 'data/glove.6B.50d.txt', ctx);
    assert.equal(r.error, undefined);
    assert.equal(r.value, path.resolve('/ws', 'data/glove.6B.50d.txt'));
    assert.equal(validateSetting(spec('dataPath'), '/data/imdb.csv', ctx).value, '/data/imdb.csv');
    assert.equal(validateSetting(spec('dataPath'), '  ', ctx).value, undefined);
  });

  it('reads no workspace file in an untrusted workspace', () => {
    const r = validateSetting(spec('dataPath'), 'data/imdb.csv', { ...ctx, trusted: false });
    assert.equal(r.value, undefined);
    assert.match(r.error ?? '', /untrusted workspace/);
  });

  it('says which file is missing', () => {
    const r = validateSetting(spec('dataPath'), '/nope/reviews.csv', ctx);
    assert.equal(r.error, 'Setting "unrolled.dataPath": file not found: /nope/reviews.csv');
    assert.match(validateSetting(spec('dataPath'), 'x.csv', { ...ctx, workspaceFolder: undefined }).error ?? '', /no folder is open/);
  });

  it('catches a batch larger than the training split', () => {
    const v: Record<string, unknown> = { reviews: 100, batchSize: 81 };
    const r = readSettings((k) => v[k], ctx);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /"unrolled.batchSize" \(81\) is larger than the training split \(80 % of 100 reviews = 80\)/);
    v.batchSize = 80;
    assert.deepEqual(readSettings((k) => v[k], ctx).errors, []);
  });

  it('refuses a review count together with a CSV of one\'s own', () => {
    const v: Record<string, unknown> = { reviews: 500, dataPath: '/data/imdb.csv' };
    const r = readSettings((k) => v[k], ctx);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /"unrolled.reviews" \(500\) and "unrolled.dataPath" cannot be used together/);
    v.reviews = 0;
    assert.deepEqual(readSettings((k) => v[k], ctx).errors, []);
  });

  it('checks the batch against the embedded 2,000 reviews when no count is set', () => {
    const r = readSettings((k) => ({ batchSize: 1024 } as Record<string, unknown>)[k], ctx);
    assert.deepEqual(r.errors, []);
    const r2 = readSettings((k) => ({ batchSize: 1024, reviews: 1000 } as Record<string, unknown>)[k], ctx);
    assert.match(r2.errors[0], /80 % of 1000 reviews = 800/);
  });

  it('collects every error at once', () => {
    const v: Record<string, unknown> = { hiddenSize: -1, seqLength: 0, readout: 3 };
    assert.equal(readSettings((k) => v[k], ctx).errors.length, 3);
  });
});
