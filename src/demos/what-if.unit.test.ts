import { strict as assert } from 'node:assert';
import type { DemoEvent, JacobianEvent, SnapshotEvent } from '../shared/events';
import type { WhatIfSetup } from '../shared/what-if';
import { jacobianReport } from './jacobian';
import { vanishDemo } from './vanish';
import { explodeDemo } from './explode';
import { WhatIf } from './what-if';

async function collect(gen: AsyncIterable<DemoEvent>): Promise<DemoEvent[]> {
  const out: DemoEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-30, Math.abs(b));

describe('what-if: the vanishing demo re-run with one change', function () {
  this.timeout(120_000);
  const w = new WhatIf();
  let events: DemoEvent[];
  let shown: SnapshotEvent;
  let base: WhatIfSetup;
  before(async () => {
    events = await collect(vanishDemo({ seed: 1234 }));
    shown = events.find((e): e is SnapshotEvent => e.type === 'snapshot' && e.id === 0)!;
    base = { demo: 'vanish', seed: 1234, std: 0.1, scale: 1, cell: 'tanh', truncate: 0, tokens: shown.tokens.slice(0, shown.length), layers: 1, hidden: 64 };
  });

  it('unchanged, it reproduces the demo\'s own ‖∂L/∂h_t‖ and hidden states exactly', async () => {
    const r = await w.run(base);
    assert.deepEqual(Array.from(r.snapshot.hiddenGradNorm!), Array.from(shown.hiddenGradNorm!));
    assert.deepEqual(Array.from(r.snapshot.hidden.data), Array.from(shown.hidden.data));
    assert.equal(r.figures.firstGradNorm[0], shown.hiddenGradNorm![0]);
    assert.ok(r.figures.gradRatio[0] < 1e-10, `vanishing: ratio ${r.figures.gradRatio[0]}`);
  });

  it('init std: the same as the vanishing demo run with that std (the model redrawn, not W_hh scaled)', async () => {
    const demo = await collect(vanishDemo({ seed: 1234, std: 0.3 }));
    const s = demo.find((e): e is SnapshotEvent => e.type === 'snapshot' && e.id === 0)!;
    const r = await w.run({ ...base, std: 0.3 });
    assert.deepEqual(Array.from(r.snapshot.hiddenGradNorm!), Array.from(s.hiddenGradNorm!));
  });

  it('clipping at c: clip_grad_norm_ on the weights\' gradients, the bars untouched; above the norm nothing changes', async () => {
    const plain = await w.run(base);
    const total = plain.figures.gradNormTotal;
    const r = await w.run({ ...base, clip: total / 10 });
    assert.deepEqual(Array.from(r.snapshot.hiddenGradNorm!), Array.from(plain.snapshot.hiddenGradNorm!));
    const c = r.figures.clip!;
    assert.equal(c.clipped, true);
    assert.equal(c.before, total);
    assert.ok(rel(c.coef, total / 10 / (total + 1e-6)) < 1e-12, `coef ${c.coef}`);
    assert.ok(rel(c.after, total / 10) < 1e-5, `after ${c.after} vs ${total / 10}`);
    assert.ok(rel(c.whhAfter, plain.figures.whhGradNorm * c.coef) < 1e-5, `W_hh ${c.whhAfter}`);
    const above = await w.run({ ...base, clip: total * 2 });
    assert.equal(above.figures.clip!.clipped, false);
    assert.equal(above.figures.clip!.whhAfter, plain.figures.whhGradNorm);
    assert.equal(plain.figures.clip, undefined);
  });

  it('a shorter sequence: the first N words, less decay on the way back', async () => {
    const r = await w.run({ ...base, tokens: base.tokens.slice(0, 10) });
    assert.equal(r.snapshot.hidden.steps, 10);
    assert.deepEqual(Array.from(r.snapshot.hidden.data), Array.from(shown.hidden.data.subarray(0, 10 * 64)), 'the first 10 states are the demo\'s');
    assert.ok(r.figures.gradRatio[0] > (await w.run(base)).figures.gradRatio[0] * 1e6);
  });

  it('W_hh ×2 lets far more gradient reach the first step than ×1, ×0.5 far less', async () => {
    const [lo, mid, hi] = await Promise.all([0.5, 1, 2].map((scale) => w.run({ ...base, scale })));
    assert.ok(hi.figures.gradRatio[0] > mid.figures.gradRatio[0] * 1e3, `×2 ${hi.figures.gradRatio[0]} vs ×1 ${mid.figures.gradRatio[0]}`);
    assert.ok(lo.figures.gradRatio[0] < mid.figures.gradRatio[0] * 1e-3, `×0.5 ${lo.figures.gradRatio[0]} vs ×1 ${mid.figures.gradRatio[0]}`);
    assert.notEqual(hi.figures.whhGradNorm, mid.figures.whhGradNorm);
  });

  it('truncation K = 10: ‖∂L/∂h_t‖ is 0 before the last 10 steps and unchanged within them', async () => {
    const full = await w.run(base);
    const cut = await w.run({ ...base, truncate: 10 });
    const T = base.tokens.length;
    for (let t = 0; t < T - 10; t++) assert.equal(cut.snapshot.hiddenGradNorm![t], 0, `t = ${t}`);
    for (let t = T - 10; t < T; t++) assert.ok(rel(cut.snapshot.hiddenGradNorm![t], full.snapshot.hiddenGradNorm![t]) < 1e-6, `t = ${t}`);
    assert.equal(cut.figures.gradRatio[0], 0);
  });

  it('a replaced word changes the states from its step on, never before it', async () => {
    const t = 40;
    const tokens = [...base.tokens];
    tokens[t] = tokens[t] === 'good' ? 'bad' : 'good';
    const a = await w.run(base);
    const b = await w.run({ ...base, tokens });
    const H = 64;
    const diff = (s: number): number => {
      let d = 0;
      for (let i = 0; i < H; i++) d += (a.snapshot.hidden.data[s * H + i] - b.snapshot.hidden.data[s * H + i]) ** 2;
      return Math.sqrt(d);
    };
    assert.equal(diff(t - 1), 0);
    assert.ok(diff(t) > 1e-3, `‖h_t − h′_t‖ at the edit: ${diff(t)}`);
    assert.equal(b.snapshot.tokens[t], tokens[t]);
  });

  it('a word outside the vocabulary is refused, naming it and its position', async () => {
    const tokens = [...base.tokens];
    tokens[3] = 'zzqxv';
    await assert.rejects(w.run({ ...base, tokens }), /word 4, “zzqxv”, is not in the demo's vocabulary/);
  });

  it('a GRU answers the fast re-run; its Jacobian request says it is for the tanh cell', async () => {
    const r = await w.run({ ...base, cell: 'gru' });
    assert.ok(Number.isFinite(r.figures.gradRatio[0]) && r.figures.gradRatio[0] > 0);
    assert.notEqual(r.snapshot.hiddenGradNorm![0], shown.hiddenGradNorm![0]);
    await assert.rejects(w.jacobian({ ...base, cell: 'gru' }), /tanh cell, not gru/);
  });

  it('the demo\'s Jacobian event and the what-if\'s equal `unrolled jacobian` on the same model and tokens', async () => {
    const ev = events.find((e): e is JacobianEvent => e.type === 'jacobian' && e.snapshotId === 0)!;
    assert.ok(ev, 'vanish yields a jacobian event for its 100-token snapshot');
    assert.ok(events.some((e) => e.type === 'jacobian' && e.snapshotId === 1), 'and for the 4-token one');
    const report = await jacobianReport({ seed: 1234, std: 0.1, scale: 2, length: 100 });
    const j = await w.jacobian({ ...base, scale: 2, tokens: report.tokens });
    for (let t = 0; t < 100; t++) {
      assert.ok(rel(j.jacobianNorm[0][t], report.jacobianNorm[0][t]) < 1e-9, `‖J_${t}‖ ${j.jacobianNorm[0][t]} vs ${report.jacobianNorm[0][t]}`);
      assert.ok(rel(j.productNorm[0][t], report.productNorm[0][t]) < 1e-9, `‖J_${t}…J_1‖`);
    }
    assert.deepEqual(j.whhSingularValues, report.whhSingularValues);
    const one = await w.jacobian(base);
    assert.deepEqual(one.productNorm, ev.productNorm);
    assert.ok(one.productNorm[0][99] < j.productNorm[0][99], 'a larger W_hh keeps more of the product');
    assert.match(one.reading[0], /spectral radius 0\.\d+ < 1: products may grow for a few steps, then shrink/);
  });
});

describe('what-if: the exploding demo yields its step Jacobians', function () {
  this.timeout(120_000);
  it('one jacobian event for its snapshot, W_hh\'s largest singular value above 1', async () => {
    const events = await collect(explodeDemo({ seed: 1234 }));
    const j = events.find((e): e is JacobianEvent => e.type === 'jacobian');
    assert.ok(j);
    assert.equal(j.snapshotId, 0);
    assert.equal(j.steps, 50);
    assert.equal(j.productNorm[0][0], 1);
    assert.ok(j.whhSingularValues[0][0] > 1, `σ₁ ${j.whhSingularValues[0][0]}`);
  });
});
