import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { initTf } from './tf';
import { formatVerifyReport, verifyFixture } from './verify';

const load = (name: string): Record<string, any> => JSON.parse(readFileSync(path.join(__dirname, 'testdata', name), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('verifyFixture against the PyTorch fixtures', () => {
  before(async () => {
    await initTf();
  });

  it('passes the UnrolledRNN fixture: every case, every quantity, and clipping', () => {
    const r = verifyFixture(load('unrolled-rnn.json'));
    assert.equal(r.kind, 'unrolled-rnn');
    assert.equal(r.ok, true, formatVerifyReport(r));
    assert.equal(r.quantities.length, 4 * 8 + 2);
    assert.ok(r.maxAbsErr < 1e-6 && r.maxAbsErr > 0, `max abs ${r.maxAbsErr}`);
    assert.ok(r.quantities.some((q) => q.name === 'clip clippedGrads' && q.ok && q.count === 353));
  });

  it('passes the simple RNN fixture, including the SGD step', () => {
    const r = verifyFixture(load('simple-rnn.json'));
    assert.equal(r.kind, 'simple-rnn');
    assert.equal(r.ok, true, formatVerifyReport(r));
    assert.deepEqual(r.quantities.map((q) => q.name), ['steps hidden', 'steps logits', 'loss', 'grads', 'i2hGradNorm', 'weightsAfterSgd']);
  });

  it('fails when an expected hidden value is perturbed by 1e-3, and names the quantity', () => {
    const fx = load('unrolled-rnn.json');
    fx.cases[2].expected.hidden[1][0][3] += 1e-3;
    const r = verifyFixture(fx);
    assert.equal(r.ok, false);
    const bad = r.quantities.filter((q) => !q.ok);
    assert.deepEqual(bad.map((q) => q.name), ['case 2 (mean) hidden']);
    assert.ok(Math.abs(bad[0].maxAbsErr - 1e-3) < 1e-5);
    assert.match(formatVerifyReport(r), /case 2 \(mean\) hidden .*FAIL/);
    assert.match(formatVerifyReport(r), /1 of 34 quantities out of tolerance/);
  });

  it('fails on a gradient off by 1 % and on a wrong SGD result', () => {
    const fx = load('unrolled-rnn.json');
    const g = fx.cases[1].expected.grads['rnn_cells.0.h2h.weight'].data;
    g[0] *= 1.01;
    const r = verifyFixture(fx);
    const bad = r.quantities.filter((q) => !q.ok);
    assert.deepEqual(bad.map((q) => q.name), ['case 1 (last-token) grads']);
    assert.match(bad[0].detail ?? '', /rnn_cells\.0\.h2h\.weight/);
    const s = load('simple-rnn.json');
    s.weightsAfterSgd['h2o.bias'].data[1] += 0.01;
    const rs = verifyFixture(s);
    assert.deepEqual(rs.quantities.filter((q) => !q.ok).map((q) => q.name), ['weightsAfterSgd']);
  });

  it('reports a shape mismatch instead of comparing', () => {
    const fx = load('unrolled-rnn.json');
    fx.cases[0].expected.inputGradNorm.pop();
    const r = verifyFixture(fx);
    const q = r.quantities.find((x) => x.name === 'case 0 (final) inputGradNorm');
    assert.equal(q?.ok, false);
    assert.match(q?.detail ?? '', /computed 11 values, fixture has 10/);
  });

  it('throws a clear error for something that is not a fixture', () => {
    assert.throws(() => verifyFixture({ hello: 1 }), /not a fixture/);
    const fx = load('unrolled-rnn.json');
    fx.cases[1].readout = 'first';
    assert.throws(() => verifyFixture(fx), /fixture\.cases\[1\]\.readout must be one of final, last-token, mean, got "first"/);
    const bad = load('unrolled-rnn.json');
    bad.checkpoint.weights['fc_out.bias'].data = [1];
    assert.throws(() => verifyFixture(bad), /fixture\.checkpoint: weight "fc_out\.bias" has 1 values, expected 2/);
  });
});
