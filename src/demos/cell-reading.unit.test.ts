import { strict as assert } from 'node:assert';
import { firstTokenGrads } from './compare-cells';
import { cellReading, trainingReading, type ReadingRow } from './cell-reading';
import { DEFAULT_SEED, VANISH_DEFAULTS } from './options';
import { vanishDemo } from './vanish';
import type { DemoEvent } from '../shared/events';

// The vanish demo's own defaults: seed 1234, weight_hh ~ N(0, 0.1²), 100 and 4 random tokens, the embedded data.
const demo = { seed: DEFAULT_SEED, std: VANISH_DEFAULTS.std, longLength: VANISH_DEFAULTS.longLength,
  shortLength: VANISH_DEFAULTS.shortLength };

describe('demo: the gated cells cure vanishing gradients on the vanish demo\'s sequence', function () {
  this.timeout(120_000);

  it('with the keep gate open (bias 1) the LSTM\'s first token gets > 1e6 × tanh\'s gradient, the GRU\'s > 1e5 × (measured 1.8e9, 4.8e7)', async () => {
    const tanh = await firstTokenGrads('tanh', demo);
    const lstm = await firstTokenGrads('lstm', demo);
    const gru = await firstTokenGrads('gru', demo);
    assert.deepEqual(lstm.longIds, tanh.longIds);
    const lf = lstm.long / tanh.long, gf = gru.long / tanh.long;
    assert.ok(lf > 1e6, `lstm ${lstm.long} / tanh ${tanh.long} = ${lf}`);
    assert.ok(gf > 1e5, `gru ${gru.long} / tanh ${tanh.long} = ${gf}`);
    // the forget / update gate along the path is σ(1 + small) ≈ 0.73, not 0.5
    for (const g of [lstm, gru]) assert.ok(g.path.keepGateMean !== null && Math.abs(g.path.keepGateMean - 0.73) < 0.03, `${g.path.keepGate} mean ${g.path.keepGateMean}`);
    assert.ok(lstm.path.gradPerStep !== null && tanh.path.gradPerStep !== null && lstm.path.gradPerStep > tanh.path.gradPerStep);
  });

  it('with PyTorch\'s plain draw (keepGateBias null) f ≈ 0.5 and the LSTM does worse than tanh — the defect the init fixes', async () => {
    const tanh = await firstTokenGrads('tanh', demo);
    const lstm = await firstTokenGrads('lstm', { ...demo, keepGateBias: null });
    assert.ok(lstm.long < tanh.long, `lstm ${lstm.long} vs tanh ${tanh.long}`);
    assert.ok(lstm.path.keepGateMean !== null && Math.abs(lstm.path.keepGateMean - 0.5) < 0.03, `f mean ${lstm.path.keepGateMean}`);
    const [, line] = cellReading([{ ...tanh.path, firstTokenGradLong: tanh.long, firstTokenGradShort: tanh.short, keepGateBias: null },
      { ...lstm.path, firstTokenGradLong: lstm.long, firstTokenGradShort: lstm.short, keepGateBias: 'pytorch' }], 100).slice(1);
    assert.match(line, /^lstm does worse than tanh here: its first token gets \d\.\de-\d+ × tanh's gradient \(f ≈ 0\.50\)/);
  });

  it('the vanish demo on an LSTM speaks of the forget gate, not tanh\'s slope, with the measured mean', async () => {
    const logs: string[] = [];
    for await (const e of vanishDemo({ cell: 'lstm' }) as AsyncGenerator<DemoEvent>) if (e.type === 'log') logs.push(e.text);
    const why = logs.find((l) => l.startsWith('lstm: '));
    assert.ok(why, logs.join('\n'));
    assert.match(why, /forget gate f at each step \(mean 0\.7\d, initial bias 1\)/);
    assert.ok(!logs.some((l) => /tanh's slope/.test(l)), logs.join('\n'));
    assert.ok(logs.some((l) => l.startsWith('weight_hh weights drawn')));
  });
});

describe('demo: the compare-cells reading is computed from the rows', () => {
  const row = (cell: 'tanh' | 'gru' | 'lstm', long: number, keep: number | null): ReadingRow => ({
    cell, firstTokenGradLong: long, firstTokenGradShort: 0.05, gradPerStep: 0.8, keepGate: keep === null ? null : cell === 'lstm' ? 'f' : 'z',
    keepGateMean: keep, tanhSlopeMean: keep === null ? 0.9 : null, keepGateBias: keep === null ? null : 1,
  });

  it('says helps, does not help or does worse by the measured factor against tanh', () => {
    const lines = cellReading([row('tanh', 1e-10, null), row('gru', 3e-10, 0.61), row('lstm', 1e-6, 0.8)], 100);
    assert.equal(lines.length, 5);
    assert.match(lines[0], /^tanh: each step back multiplies by W_hh and tanh's slope 1 − h² \(mean 0\.90\)/);
    assert.equal(lines[3], 'gru does not help here: its first token gets 3.0e+0 × tanh\'s gradient (z ≈ 0.61) — a gate near 0.5 halves the path at every step, as tanh\'s slope and W_hh shrink it.');
    assert.equal(lines[4], 'lstm helps: its first token gets 1.0e+4 × tanh\'s gradient after 100 tokens (f ≈ 0.80); still 5.0e+4 × less than the first of the short sequence gets (tanh: 5.0e+8 ×).');
  });

  it('names a cell near chance and the time each gated cell costs against tanh', () => {
    const lines = trainingReading([{ cell: 'tanh', testAcc: 52, secondsPerEpoch: 2 }, { cell: 'gru', testAcc: 79.25, secondsPerEpoch: 5 }, { cell: 'lstm', testAcc: 70.5, secondsPerEpoch: 7 }]);
    assert.deepEqual(lines, [
      'Test accuracy: gru 79.25 %, lstm 70.50 %, tanh 52.00 %.',
      'tanh is within 5 points of chance (50 %): it did not learn to classify here.',
      'Seconds per epoch against tanh\'s 2.00 s: gru 2.5 ×, lstm 3.5 × (gate blocks per step: gru 3, lstm 4; tanh 1).',
    ]);
  });
});
