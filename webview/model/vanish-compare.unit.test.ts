import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeRecording } from '../../src/shared/recording';
import type { SnapshotEvent } from '../../src/shared/events';
import { gradScale } from './gradient';
import { gradAxisFor, ratioText, stepFactor, vanishComparison } from './vanish-compare';

const recording = decodeRecording(readFileSync(path.join(__dirname, '..', '..', 'test', 'browser', 'recordings', 'vanish.json'), 'utf8'));
const snaps = recording.events.filter((e): e is SnapshotEvent => e.type === 'snapshot');
const summary = recording.events.find((e) => e.type === 'demo-end');

describe('webview model: the vanishing comparison on one axis', () => {
  it('takes the first-token gradients of the recorded run and states their ratio as the demo does', () => {
    const c = vanishComparison(snaps);
    assert.ok(c);
    assert.deepEqual([c.long.length, c.short.length], [100, 4]);
    assert.ok(summary?.type === 'demo-end');
    const s = summary.summary as { firstTokenGradLong: number; firstTokenGradShort: number };
    // the snapshots' ‖∂L/∂x_0‖ are the demo's printed figures (float32 of the embedding row's norm)
    assert.ok(Math.abs(c.long.first / s.firstTokenGradLong - 1) < 1e-6, `${c.long.first} vs ${s.firstTokenGradLong}`);
    assert.ok(Math.abs(c.short.first / s.firstTokenGradShort - 1) < 1e-6);
    const ratio = s.firstTokenGradShort / s.firstTokenGradLong;
    assert.ok(c.ratio !== null && Math.abs(c.ratio / ratio - 1) < 1e-5);
    // the demo's own log line says the same ratio
    const line = recording.events.find((e) => e.type === 'log' && /times the gradient of the first of 100/.test(e.text));
    assert.ok(line?.type === 'log');
    assert.ok(line.text.includes(ratioText(c.ratio).replace('−', '-')), `${line.text} vs ${ratioText(c.ratio)}`);
    assert.match(c.narration, /^On one axis: the first of 4 tokens gets \d\.\d\de\+1\d times the gradient of the first of 100 \(‖∂L\/∂x_0‖ = 0\.0\d+ vs \d\.\d\de−1\d\) — the same weights, 96 more steps back/);
  });

  it('a what-if answer beyond the shared axis widens it by whole decades; inside it, the axis stays', () => {
    const run = { demo: 'vanish', snapshots: snaps };
    const axis = vanishComparison(snaps)!.axis;
    assert.deepEqual(gradAxisFor(run, snaps[0]), axis);
    const big = { ...snaps[0], hiddenGradNorm: new Float32Array(snaps[0].hiddenGradNorm!).map((_, i) => (i === 3 ? 3e4 : 1e-3)) };
    assert.deepEqual(gradAxisFor(run, big), { lo: axis.lo, hi: 5 });
    assert.equal(gradAxisFor({ demo: 'explode', snapshots: snaps }, snaps[0]), undefined);
  });

  it('one axis covers both sequences: the 4-token bars sit near the top, the long sequence reaches the floor', () => {
    const c = vanishComparison(snaps)!;
    const long = snaps[c.long.index], short = snaps[c.short.index];
    const own = gradScale(short.hiddenGradNorm!, 1, short.hidden.steps);
    const shared = gradScale(short.hiddenGradNorm!, 1, short.hidden.steps, c.axis);
    // On its own axis the short sequence's one decade fills the chart as the long one's 17 do: they look alike.
    assert.equal(own.hi - own.lo, 1);
    assert.ok(own.bars[0].frac < 0.3, `${own.bars[0].frac}`);
    // On the shared axis its smallest bar is still above 90 % of the height, where the long one's first is at 0.
    assert.ok(Math.min(...shared.bars.map((b) => b.frac)) > 0.9, shared.bars.map((b) => b.frac).join(', '));
    const longShared = gradScale(long.hiddenGradNorm!, 1, long.hidden.steps, c.axis);
    assert.ok(longShared.bars[0].frac < 0.05);
    assert.ok(c.axis.hi - c.axis.lo >= 16);
  });

  it('needs two sequences of different lengths with gradients, and says so when a ratio cannot be formed', () => {
    assert.equal(vanishComparison(snaps.slice(0, 1)), null);
    assert.equal(vanishComparison([snaps[0], snaps[0]]), null);
    const zero = { ...snaps[0], inputGradNorm: Float32Array.from(snaps[0].inputGradNorm!, (v, i) => (i === 0 ? 0 : v)) };
    const c = vanishComparison([zero, snaps[1]]);
    assert.ok(c && c.ratio === null);
    assert.match(c.narration, /no ratio/);
    assert.equal(ratioText(7.77e15), '7.77e+15');
    assert.equal(ratioText(12.5), '12.5');
  });

  it('names what multiplies each step back by the cell: tanh\'s slope, or the LSTM\'s f / the GRU\'s z with its mean along the path', () => {
    assert.match(stepFactor(snaps[0]), /W_hh and tanh’s slope/);
    // 3 steps, 2 units; f (block 1) = 0.6 at t = 1, 0.8 at t = 2; t = 0 is not on the path back
    const data = new Float32Array(3 * 4 * 2).fill(0.1);
    data.set([0.6, 0.6], (1 * 4 + 1) * 2);
    data.set([0.8, 0.8], (2 * 4 + 1) * 2);
    const lstm = { ...snaps[1], length: 3, gates: { cell: 'lstm', layers: 1, steps: 3, gates: 4, units: 2, data } } as SnapshotEvent;
    assert.equal(stepFactor(lstm), 'each multiplying the cell-state path by the forget gate f (mean 0.70 along it) — the nearer f is to 1, the less is lost');
    const gru = { ...lstm, gates: { cell: 'gru', layers: 1, steps: 3, gates: 3, units: 2, data: new Float32Array(3 * 3 * 2).fill(0.25) } } as SnapshotEvent;
    assert.match(stepFactor(gru), /update gate z \(mean 0\.25 along it\)/);
    assert.doesNotMatch(stepFactor(gru), /tanh/);
  });
});
