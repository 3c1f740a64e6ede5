import { strict as assert } from 'node:assert';
import type { DemoEvent } from '../shared/events';
import { explodeDemo } from '../demos/explode';
import { stepDemo } from '../demos/step';
import { vanishDemo } from '../demos/vanish';
import { choicesFor, engineAnswer, isCorrect, parseQuestion, type Question } from '../shared/questions';
import { parseRendererMessage, parseHostMessage } from '../shared/lesson-messages';

async function all(gen: AsyncIterable<DemoEvent>): Promise<DemoEvent[]> {
  const out: DemoEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

const q = (ask: Question['ask'], extra: Partial<Question> = {}): Question => ({ id: `q-${ask}`, prompt: '?', ask, ...extra });

describe('lesson questions: the engine\'s answer, from the cell\'s own events', function () {
  this.timeout(60_000);
  let step: DemoEvent[];
  before(async () => {
    step = await all(stepDemo({}));
  });

  it('smallest / largest gradient word: the real words are the choices, the answer is the arg-min / arg-max of ‖∂L/∂x_t‖', () => {
    const snap = step.find((e) => e.type === 'snapshot');
    assert.ok(snap?.type === 'snapshot' && snap.inputGradNorm);
    const g = Array.from(snap.inputGradNorm);
    const choices = choicesFor(q('smallest-gradient-word'), step);
    assert.deepEqual(choices.map((c) => c.label), ['this', 'movie', 'was', 'absolutely', 'amazing', 'and', 'wonderful']);
    const small = engineAnswer(q('smallest-gradient-word'), step);
    const large = engineAnswer(q('largest-gradient-word'), step);
    assert.ok(small.ok && large.ok);
    assert.equal(Number(small.value.answer), g.indexOf(Math.min(...g)));
    assert.equal(Number(large.value.answer), g.indexOf(Math.max(...g)));
    assert.match(small.value.explain, new RegExp(`gets ‖∂L/∂x‖ = ${Math.min(...g).toPrecision(3)}`));
    assert.deepEqual(isCorrect(q('smallest-gradient-word'), step, small.value.answer), { ok: true, value: true });
    assert.deepEqual(isCorrect(q('smallest-gradient-word'), step, large.value.answer), { ok: true, value: false });
  });

  it('clipping-needed and larger-first-token-gradient read the clip and the two snapshots', async () => {
    const ex = await all(explodeDemo({}));
    const clip = ex.find((e) => e.type === 'clip');
    assert.ok(clip?.type === 'clip');
    const a = engineAnswer(q('clipping-needed'), ex);
    assert.ok(a.ok);
    assert.equal(a.value.answer, clip.before > clip.maxNorm ? 'yes' : 'no');
    const va = await all(vanishDemo({}));
    const v = engineAnswer(q('larger-first-token-gradient'), va);
    assert.deepEqual(choicesFor(q('larger-first-token-gradient'), va).map((c) => c.label), ['100 tokens', '4 tokens']);
    assert.ok(v.ok);
    assert.equal(v.value.answer, '1', 'the 4-token sequence (snapshot 1)');
    const end = va.find((e) => e.type === 'demo-end');
    assert.ok(end?.type === 'demo-end' && end.summary);
    const { firstTokenGradLong: gl, firstTokenGradShort: gs } = end.summary as { firstTokenGradLong: number; firstTokenGradShort: number };
    assert.ok(gl < 1e-15 && gs > 1e-2, `${gl} vs ${gs}`);
    assert.equal(v.value.explain, `100 tokens: first token ‖∂L/∂x‖ = ${gl.toPrecision(3)}; 4 tokens: first token ‖∂L/∂x‖ = ${gs.toPrecision(3)}.`);
  });

  it('predicted-class, test-accuracy-above, better-series and strongest-word from their events', () => {
    const events: DemoEvent[] = [
      { type: 'output', logits: [0.1, 0.9], probs: [0.31, 0.69], predicted: 1 },
      { type: 'eval', split: 'test', series: 'notebook (final)', loss: 0.69, acc: 51.5 },
      { type: 'eval', split: 'test', series: 'improved (mean)', loss: 0.5, acc: 74.75 },
      { type: 'snapshot', id: 0, tokens: ['great', 'dull', 'pad'], unknown: [false, false, false], length: 2, activation: 'tanh',
        hidden: { layers: 1, steps: 3, units: 1, data: new Float32Array(3) },
        preact: { layers: 1, steps: 3, units: 1, data: new Float32Array(3) },
        contribution: Float32Array.from([0.4, -0.9, 5]), logits: [0, 0], probs: [0.5, 0.5], readout: 'mean' },
    ];
    assert.deepEqual(engineAnswer(q('predicted-class'), events), { ok: true, value: { answer: '1', explain: 'The model says Positive: P(positive) = 0.6900.' } });
    assert.deepEqual(engineAnswer(q('test-accuracy-above', { threshold: 70 }), events), { ok: true, value: { answer: 'yes', explain: 'Test accuracy 74.75 % > 70 %.' } });
    assert.equal((engineAnswer(q('better-series'), events) as { value: { answer: string } }).value.answer, 'improved (mean)');
    const s = engineAnswer(q('strongest-word'), events);
    assert.ok(s.ok);
    assert.equal(s.value.answer, '1', '|−0.9| beats 0.4; the padding step is not a word');
    assert.deepEqual(choicesFor(q('strongest-word'), events).map((c) => c.label), ['great', 'dull']);
  });

  it('a stopped cell has no answer, and says why', () => {
    const r = engineAnswer(q('test-accuracy-above', { threshold: 50 }), step);
    assert.deepEqual(r, { ok: false, reason: 'the output has no test accuracy (was the cell stopped early?)' });
  });

  it('validates questions as written in a lesson, and the renderer\'s messages', () => {
    assert.deepEqual(parseQuestion({ id: 'a', prompt: 'Why?', ask: 'predicted-class' }), { ok: true, value: { id: 'a', prompt: 'Why?', ask: 'predicted-class' } });
    assert.equal((parseQuestion({ id: 'a b', prompt: '?', ask: 'predicted-class' }) as { reason: string }).reason, '"id" must be 1-64 letters, digits, "_", "." or "-"');
    assert.equal((parseQuestion({ id: 'a', prompt: '?', ask: 'test-accuracy-above' }) as { reason: string }).reason, '"threshold" must be a percentage from 0 to 100');
    assert.equal((parseQuestion({ id: 'a', prompt: '?', ask: 'predicted-class', threshold: 3 }) as { reason: string }).reason, '"threshold" belongs to test-accuracy-above questions, not predicted-class');
    assert.deepEqual(parseRendererMessage({ type: 'answer', questionId: 'q1', guess: '3', correct: true }), { type: 'answer', questionId: 'q1', guess: '3', correct: true });
    assert.deepEqual(parseRendererMessage({ type: 'answer', questionId: 'q1' }), { type: 'answer', questionId: 'q1' });
    assert.equal(parseRendererMessage({ type: 'answer', questionId: 'q1', guess: 3 }), undefined);
    assert.equal(parseRendererMessage({ type: 'get-answer', questionId: '../x y' }), undefined);
    assert.equal(parseRendererMessage({ type: 'run', questionId: 'q' }), undefined);
    assert.deepEqual(parseHostMessage({ type: 'answer-state', questionId: 'q1', guess: '2' }), { type: 'answer-state', questionId: 'q1', guess: '2' });
  });

  it('presenter mode: the renderer asks once, the host says on or off; anything else is refused', () => {
    assert.deepEqual(parseRendererMessage({ type: 'get-presenter' }), { type: 'get-presenter' });
    assert.deepEqual(parseHostMessage({ type: 'presenter', on: true }), { type: 'presenter', on: true });
    assert.deepEqual(parseHostMessage({ type: 'presenter', on: false }), { type: 'presenter', on: false });
    assert.equal(parseHostMessage({ type: 'presenter', on: 'yes' }), undefined);
    assert.equal(parseHostMessage({ type: 'presenter' }), undefined);
  });
});
