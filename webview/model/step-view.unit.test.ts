import { strict as assert } from 'node:assert';
import { stepDemoEvents } from '../../test/support/step-events';
import { applyEvents, emptyRun } from './store';
import { stepView } from './step-view';

async function stepRun() {
  const events = await stepDemoEvents(1234);
  return { run: applyEvents(emptyRun(1, 'step'), events), events };
}

describe('webview model: Step Through a Sentence in the panel (logits per word, the SGD step)', () => {
  it('reveals each word’s logits as the forward pass computes them, the engine’s values', async () => {
    const { run, events } = await stepRun();
    const steps = events.filter((e) => e.type === 'forward-step');
    const v = stepView(run, { phase: 'forward', t: 2, computedUpTo: 2, gradFrom: 7 })!;
    assert.equal(v.rows.length, 7);
    assert.deepEqual(v.rows.map((r) => r.word), ['this', 'movie', 'was', 'absolutely', 'amazing', 'and', 'wonderful']);
    assert.deepEqual(v.rows.map((r) => r.logits !== null), [true, true, true, false, false, false, false]);
    assert.deepEqual(v.rows.map((r) => r.active), [false, false, true, false, false, false, false]);
    for (const r of v.rows.slice(0, 3)) {
      const l = steps[r.t].type === 'forward-step' ? (steps[r.t] as { logits: number[] }).logits : [];
      assert.deepEqual(r.logits!.map((x) => Number(x.replace('−', '-'))), l.map((x) => Number(x.toFixed(4))));
    }
    assert.equal(v.sgd, null);
    assert.match(v.sgdPending!, /backward pass reaches the first word/);
  });
  it('shows the SGD step at the end of the backward pass: loss, i2h gradient norm, ‖W‖ before/after', async () => {
    const { run, events } = await stepRun();
    const end = events[events.length - 1];
    assert.ok(end.type === 'demo-end');
    const sum = end.summary as { loss: number; i2hGradNorm: number; weightChange: number };
    assert.equal(stepView(run, { phase: 'backward', t: 1, computedUpTo: 6, gradFrom: 1 })!.sgd, null);
    const v = stepView(run, { phase: 'backward', t: 0, computedUpTo: 6, gradFrom: 0 })!;
    assert.ok(v.rows.every((r) => r.logits && !r.active));
    assert.deepEqual(v.sgd!.lines.slice(0, 2), [`Loss against class 0: ${sum.loss.toFixed(4)}`, `Gradient norm for i2h weights: ‖∂L/∂W_i2h‖ = ${sum.i2hGradNorm.toFixed(4)}`]);
    assert.ok(v.sgd!.lines[2].endsWith(`‖ΔW‖ = ${sum.weightChange.toPrecision(4)}`), v.sgd!.lines[2]);
    assert.deepEqual(v.sgd!.params.map((p) => p.name), ['i2h.weight', 'i2h.bias', 'h2o.weight', 'h2o.bias']);
    assert.equal(v.sgd!.moved.length, 3);
    assert.match(v.sgd!.moved[0], /^(i2h|h2o)\.(weight\[\d+, \d+\]|bias\[\d+\]): [ −]\d\.\d{4} → [ −]\d\.\d{4} \(gradient [ −]\d\.\d{4}\)$/);
  });
  it('is absent for other demos', () => {
    assert.equal(stepView(emptyRun(1, 'vanish'), { phase: 'forward', t: 0, computedUpTo: 0, gradFrom: 1 }), null);
  });
});
