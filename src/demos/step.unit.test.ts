import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoEvent } from '../shared/events';
import { stepDemo } from './step';

interface Fx { data: number[] }
const fixture = JSON.parse(readFileSync(path.join(__dirname, '../engine/testdata/simple-rnn.json'), 'utf8')) as {
  sentence: string; vocab: string[]; hiddenSize: number; weights: Record<string, Fx>;
  steps: Array<{ word: string; hidden: number[]; logits: number[] }>; loss: number; i2hGradNorm: number;
  weightsAfterSgd: Record<string, Fx>;
};

async function collect(gen: AsyncIterable<DemoEvent>): Promise<DemoEvent[]> {
  const out: DemoEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('demo: step (the simple RNN)', () => {
  it('equals PyTorch on the fixture weights: hidden and logits per word, loss, i2h grad norm, SGD update', async () => {
    const weights = Object.fromEntries(Object.entries(fixture.weights).map(([k, v]) => [k, Float32Array.from(v.data.flat(2))]));
    const events = await collect(stepDemo({ sentence: fixture.sentence, hidden: fixture.hiddenSize, vocab: fixture.vocab, weights }));
    const steps = events.filter((e) => e.type === 'forward-step');
    assert.equal(steps.length, fixture.steps.length);
    steps.forEach((e, t) => {
      assert.ok(e.type === 'forward-step');
      assert.equal(e.word, fixture.steps[t].word);
      assert.ok(maxAbs(e.hidden[0], fixture.steps[t].hidden.flat()) < 1e-5, `hidden at ${t}`);
      assert.ok(maxAbs(e.logits ?? [], fixture.steps[t].logits.flat()) < 1e-5, `logits at ${t}`);
    });
    const end = events[events.length - 1];
    assert.ok(end.type === 'demo-end');
    const s = end.summary as { loss: number; i2hGradNorm: number; weightChange: number; weightsAfter: Record<string, Float32Array> };
    assert.ok(Math.abs(s.loss - fixture.loss) < 1e-5);
    assert.ok(Math.abs(s.i2hGradNorm - fixture.i2hGradNorm) / fixture.i2hGradNorm < 1e-4);
    for (const [k, v] of Object.entries(fixture.weightsAfterSgd)) assert.ok(maxAbs(s.weightsAfter[k], v.data.flat(2)) < 1e-5, k);
    // weightChange = lr × ‖grad‖ over all weights: at least lr × ‖∂L/∂i2h‖
    assert.ok(s.weightChange >= 0.1 * fixture.i2hGradNorm * (1 - 1e-4));
    // The update event's summary for the panel: ‖W‖ before (the fixture's weights) and after (PyTorch's SGD), ‖ΔW‖.
    const up = events.find((e) => e.type === 'update');
    assert.ok(up?.type === 'update' && up.params && up.moved);
    assert.deepEqual(up.params.map((p) => p.name), Object.keys(fixture.weights));
    const nrm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    for (const p of up.params) {
      const b = fixture.weights[p.name].data.flat(2), a = fixture.weightsAfterSgd[p.name].data.flat(2);
      assert.ok(Math.abs(p.before - nrm(b)) < 1e-5, `${p.name} before`);
      assert.ok(Math.abs(p.after - nrm(a)) < 1e-5, `${p.name} after`);
      assert.ok(Math.abs(p.change - nrm(a.map((x, i) => x - b[i]))) < 1e-5, `${p.name} change`);
    }
    const i2h = up.params.find((p) => p.name === 'i2h.weight')!;
    assert.ok(Math.abs(i2h.change - 0.1 * fixture.i2hGradNorm) / i2h.change < 1e-4, 'SGD: ‖ΔW_i2h‖ = lr × ‖∂L/∂W_i2h‖');
    assert.ok(Math.abs(Math.hypot(...up.params.map((p) => p.change)) - up.weightChange) < 1e-6);
    assert.equal(up.moved.length, 3);
    for (const m of up.moved) assert.ok(Math.abs(m.after - (m.before - 0.1 * m.grad)) < 1e-6, `${m.name}[${m.index}] = before − lr·grad`);
    const all = up.params.flatMap((p) => fixture.weightsAfterSgd[p.name].data.flat(2)
      .map((x, i) => Math.abs(x - fixture.weights[p.name].data.flat(2)[i])));
    assert.ok(Math.abs(Math.abs(up.moved[0].after - up.moved[0].before) - Math.max(...all)) < 1e-6, 'the first moved entry is the largest change');
  });
  it('is reproducible from its seed and prints the notebook sequence of events', async () => {
    const a = await collect(stepDemo({ seed: 5 }));
    const b = await collect(stepDemo({ seed: 5 }));
    const endA = a[a.length - 1];
    const endB = b[b.length - 1];
    assert.ok(endA.type === 'demo-end' && endB.type === 'demo-end');
    assert.deepEqual(endA.summary.logits, endB.summary.logits);
    assert.deepEqual(a.map((e) => e.type).filter((t, i, all) => all.indexOf(t) === i),
      ['demo-start', 'tokens', 'forward-step', 'output', 'loss', 'backward-step', 'grad-norms', 'update', 'snapshot', 'demo-end']);
    assert.equal((endA.summary.words as string[]).length, 7);
  });
});
