import { strict as assert } from 'node:assert';
import type { JacobianEvent, SnapshotEvent } from '../../src/shared/events';
import type { WhatIfFigures } from '../../src/shared/what-if';
import {
  CLIP_OFF, DEFAULT_CONTROLS, WhatIfTracker, clampControls, clipSentence, clipThreshold, figureRows, isUnchanged, jacobianSummaries,
  logSeries, narration, percentile,
  setupFor, snapshotFigures, whatIfBase, type WhatIfBase,
} from './what-if';

function snap(T: number, norms: number[], id = 0): SnapshotEvent {
  const series = { layers: 1, steps: T, units: 2, data: new Float32Array(T * 2) };
  return {
    type: 'snapshot', id, tokens: Array.from({ length: T }, (_, i) => `w${i}`), unknown: [], length: T, activation: 'tanh',
    hidden: series, preact: series, hiddenGradNorm: Float32Array.from(norms), logits: [0, 0], probs: [0.5, 0.5], readout: 'final',
  };
}
const base = (): WhatIfBase => {
  const b = whatIfBase('vanish', { seed: 1234, h2hStd: 0.1, longLength: 4 }, snap(4, [1e-6, 1e-4, 1e-2, 1]));
  assert.ok(!('reason' in b));
  return b;
};
const figs = (ratio: number): WhatIfFigures => ({
  firstGradNorm: [ratio], lastGradNorm: [1], gradRatio: [ratio], firstInputGradNorm: 0, gradNormTotal: 2, whhGradNorm: 0.5, loss: 0.7,
  positive: 0.25, computeMs: 1,
});

describe('webview model: what-if', () => {
  it('the base is the shown demo snapshot with the run\'s seed, std and cell; other demos say why not', () => {
    const b = base();
    assert.deepEqual(b, { demo: 'vanish', seed: 1234, std: 0.1, cell: 'tanh', tokens: ['w0', 'w1', 'w2', 'w3'], layers: 1, hidden: 2, snapshotId: 0 });
    assert.equal((whatIfBase('vanish', { seed: 1, h2hStd: 0.1, cell: 'gru' }, snap(2, [1, 1])) as WhatIfBase).cell, 'gru');
    assert.match((whatIfBase('train', {}, snap(2, [1, 1])) as { reason: string }).reason, /exploding and vanishing/);
    assert.match((whatIfBase('vanish', { seed: 1 }, snap(2, [1, 1])) as { reason: string }).reason, /seed and W_hh std/);
    assert.match((whatIfBase('vanish', { seed: 1, h2hStd: 1 }, snap(2, [1, 1], -2)) as { reason: string }).reason, /Waiting/);
  });

  it('the setup applies scale, truncation, cell and an edited word (lower-cased); truncation only for tanh', () => {
    const b = base();
    const s = setupFor(b, { ...DEFAULT_CONTROLS, scale: 2.5, truncate: 2, cell: 'tanh', edit: { t: 1, word: '  Good ' } });
    assert.deepEqual(s.tokens, ['w0', 'good', 'w2', 'w3']);
    assert.equal(s.scale, 2.5);
    assert.equal(s.truncate, 2);
    assert.equal(setupFor(b, { ...DEFAULT_CONTROLS, cell: 'lstm', truncate: 2 }).truncate, 0);
    assert.deepEqual(setupFor(b, { ...DEFAULT_CONTROLS, edit: { t: 1, word: 'two words' } }).tokens, b.tokens);
    assert.equal(clampControls({ ...DEFAULT_CONTROLS, scale: 9, truncate: 99 }, 4).scale, 3);
    assert.equal(clampControls({ ...DEFAULT_CONTROLS, scale: 9, truncate: 99 }, 4).truncate, 4);
    assert.equal(isUnchanged(b, setupFor(b, DEFAULT_CONTROLS)), true);
    assert.equal(isUnchanged(b, s), false);
  });

  it('init std, sequence length and clipping: the std replaces the demo\'s, the first N words, 10^exp (off at the end)', () => {
    const b = base();
    const s = setupFor(b, { ...DEFAULT_CONTROLS, std: 0.37, length: 3, clipExp: -0.5, truncate: 9 });
    assert.equal(s.std, 0.37);
    assert.deepEqual(s.tokens, ['w0', 'w1', 'w2']);
    assert.equal(s.truncate, 3, 'truncation K never exceeds the length');
    assert.equal(s.clip, 0.3162);
    assert.equal(setupFor(b, { ...DEFAULT_CONTROLS, clipExp: CLIP_OFF }).clip, undefined);
    assert.equal(clipThreshold(1), 10);
    assert.equal(clampControls({ ...DEFAULT_CONTROLS, length: 1 }, 4).length, 2);
    assert.equal(setupFor(b, { ...DEFAULT_CONTROLS, std: 99 }).std, 3);
    for (const c of [{ std: 0.37 }, { length: 3 }, { clipExp: 0 }]) assert.equal(isUnchanged(b, setupFor(b, { ...DEFAULT_CONTROLS, ...c })),
      false, JSON.stringify(c));
    assert.equal(isUnchanged(b, setupFor(b, { ...DEFAULT_CONTROLS, std: b.std, length: 4 })), true);
  });

  it('clipping in words: scaled, left alone, or a non-finite norm', () => {
    assert.equal(clipSentence({ maxNorm: 1, before: 100, after: 1, coef: 0.01, clipped: true, whhAfter: 0.5 }),
      'Clipping at 1.000 scales every weight gradient by 1.00e−2 (global norm 1.00e+2 → 1.00e+0); the bars ‖∂L/∂h_t‖ stay, as clipping acts after BPTT.');
    assert.match(clipSentence({ maxNorm: 5, before: 2, after: 2, coef: 1, clipped: false, whhAfter: 1 }), /leaves the gradients alone: their global norm 2.00e\+0 is below it/);
    assert.match(clipSentence({ maxNorm: 5, before: Infinity, after: Infinity, coef: 1, clipped: false, whhAfter: NaN }), /cannot rescue a non-finite/);
  });

  it('only the newest fast answer counts, and one Jacobian request is out at a time', () => {
    const tr = new WhatIfTracker();
    const a = tr.next(0), b = tr.next(5);
    assert.equal(tr.isCurrent(a), false);
    assert.equal(tr.isCurrent(b), true);
    assert.equal(tr.sentAt.get(b), 5);
    const j = tr.nextJacobian();
    assert.ok(j !== null);
    assert.equal(tr.nextJacobian(), null);
    assert.equal(tr.takeJacobian(j + 100), false);
    assert.equal(tr.takeJacobian(j), true);
    assert.equal(tr.jacobianPending, false);
  });

  it('one fast request is in flight until its answer; a stale answer does not release it', () => {
    const tr = new WhatIfTracker();
    assert.equal(tr.inFlight, false);
    const a = tr.next(0);
    assert.equal(tr.inFlight, true);
    const b = tr.next(1);
    assert.equal(tr.answer(a), false);
    assert.equal(tr.inFlight, true);
    assert.equal(tr.answer(b), true);
    assert.equal(tr.inFlight, false);
    assert.equal(tr.latestId, b);
  });

  it('figures, the demo\'s own ratio beside them, and a sentence from the numbers', () => {
    const sf = snapshotFigures(snap(4, [1e-6, 1e-4, 1e-2, 1]))!;
    assert.deepEqual(sf.gradRatio.map((x) => Number(x.toPrecision(4))), [1e-6]);
    const rows = figureRows(figs(1e-3), sf, 4);
    assert.deepEqual(rows[0], { key: 'ratio-0', label: '‖∂L/∂h_0‖ / ‖∂L/∂h_3‖', value: '1.00e−3', base: '1.00e−6' });
    assert.equal(rows.find((r) => r.key === 'positive')?.value, '0.2500');
    const s = setupFor(base(), { ...DEFAULT_CONTROLS, scale: 2 });
    assert.equal(narration(s, figs(1e-3), sf), '‖∂L/∂h_0‖ / ‖∂L/∂h_3‖ = 1.00e−3: 1000 times the demo’s 1.00e−6.');
    assert.equal(narration(s, figs(1e-9), sf), '‖∂L/∂h_0‖ / ‖∂L/∂h_3‖ = 1.00e−9: 1/1000 of the demo’s 1.00e−6.');
    const cut = setupFor(base(), { ...DEFAULT_CONTROLS, truncate: 2 });
    assert.equal(narration(cut, figs(0), sf), 'Truncated after 2 steps: no gradient reaches steps before t = 2 (‖∂L/∂h_0‖ / ‖∂L/∂h_3‖ = 0).');
    assert.match(narration(s, figs(Infinity), sf), /overflowed/);
  });

  it('Jacobian summaries: σ₁, radius, mean ‖J_t‖, the last product and its per-step factor, saturation', () => {
    const j: JacobianEvent = {
      type: 'jacobian', snapshotId: 0, layers: 1, steps: 3, jacobianNorm: [[0.5, 0.5, 0.2]], productNorm: [[1, 0.5, 0.25]],
      saturated: [[0, 0.5, 1]], whhSingularValues: [[1.5, 0.1]], whhSpectralRadius: [0.8], reading: ['r'],
    };
    const [s] = jacobianSummaries(j);
    assert.equal(s.sigma1, 1.5);
    assert.equal(s.radius, 0.8);
    assert.ok(Math.abs(s.meanNorm - 0.4) < 1e-12);
    assert.equal(s.lastProduct, 0.25);
    assert.ok(Math.abs(s.perStep - 0.5) < 1e-12);
    assert.ok(Math.abs(s.saturatedPct - 50) < 1e-12);
    assert.deepEqual(logSeries([1, 0, 100, Infinity]), [[0, 0], [2, 2]]);
  });

  it('percentile is nearest-rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(xs, 50), 50);
    assert.equal(percentile(xs, 95), 95);
    assert.equal(percentile([3], 95), 3);
    assert.ok(Number.isNaN(percentile([], 50)));
  });
});
