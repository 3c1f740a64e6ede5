import { strict as assert } from 'node:assert';
import type { SnapshotEvent, LayeredSeries } from '../../src/shared/events';
import { cellInfo, tooltipLines, equation, equationRowText, vectorLines, cellTitle, unreadNote } from './inspect';

function series(L: number, T: number, H: number, f: (l: number, t: number, u: number) => number): LayeredSeries {
  const data = new Float32Array(L * T * H);
  for (let l = 0; l < L; l++) for (let t = 0; t < T; t++) for (let u = 0; u < H; u++) data[(l * T + t) * H + u] = f(l, t, u);
  return { layers: L, steps: T, units: H, data };
}

function snap(split: boolean): SnapshotEvent {
  const inputPart = series(2, 3, 4, (l, t, u) => 0.1 * (u + 1) - 0.05 * t + l);
  const recurrentPart = series(2, 3, 4, (l, t, u) => -0.02 * u * t);
  const preact = series(2, 3, 4, (l, t, u) => inputPart.data[(l * 3 + t) * 4 + u] + recurrentPart.data[(l * 3 + t) * 4 + u]);
  const hidden = series(2, 3, 4, (l, t, u) => Math.tanh(preact.data[(l * 3 + t) * 4 + u]));
  return {
    type: 'snapshot', id: 1, tokens: ['good', 'film', '<PAD>'], unknown: [false, true, false], length: 2, activation: 'tanh',
    hidden, preact, hiddenGradNorm: Float32Array.from([1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3]),
    runningProb: Float32Array.from([0.4, 0.6, 0.7]), logits: [0, 1], probs: [0.27, 0.73], readout: 'final',
    ...(split ? { inputPart, recurrentPart } : {}),
  };
}

describe('webview model: inspecting a cell', () => {
  it('gives the exact vector, its norm and the gradient norm at that step', () => {
    const s = snap(true);
    const c = cellInfo(s, 1, 2);
    assert.equal(c.h.length, 4);
    assert.equal(c.h[3], s.hidden.data[(1 * 3 + 2) * 4 + 3]);
    const expectNorm = Math.sqrt(Array.from(c.h).reduce((a, v) => a + v * v, 0));
    assert.ok(Math.abs(c.norm - expectNorm) < 1e-12);
    assert.equal(c.gradNorm, s.hiddenGradNorm![5]);
    assert.equal(c.runningProb, s.runningProb![2]);
    assert.equal(cellTitle(c), 'layer 2, t = 2, “<PAD>” (padding)');
    assert.equal(cellTitle(cellInfo(s, 0, 1)), 'layer 1, t = 1, “film” (unknown word)');
    assert.throws(() => cellInfo(s, 2, 0), /outside the snapshot \(2 layers × 3 steps\)/);
  });
  it('lists the hovered unit with full precision in the tooltip', () => {
    const s = snap(true);
    const lines = tooltipLines(cellInfo(s, 0, 1), 2);
    const h = s.hidden.data[(0 * 3 + 1) * 4 + 2];
    assert.ok(lines.some((l) => l.includes(`unit 2: h = ${h.toPrecision(7)}, pre-activation = `)), lines.join('\n'));
    assert.ok(lines.some((l) => l === '‖∂L/∂h_t‖ = 0.00200000'), lines.join('\n'));
  });
  it('splits the equation into input and recurrent parts when the engine sends them', () => {
    const s = snap(true);
    const c = cellInfo(s, 0, 1);
    const eq = equation(s, c, 3);
    assert.equal(eq.split, true);
    assert.equal(eq.rows.length, 3);
    const r = eq.rows[1];
    assert.ok(Math.abs((r.input! + r.recurrent!) - r.preact) < 1e-6);
    assert.ok(Math.abs(Math.tanh(r.preact) - r.h) < 1e-6);
    assert.match(equationRowText(r, false), /^u1: tanh\(0\.1500 \+ −0\.02000\) = tanh\(0\.130000\) = 0\.129\d+$/);
    assert.match(eq.note, /h_\{t−1\} = layer 1 at t = 0/);
    assert.equal(eq.formula, 'h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)');
  });
  it('falls back to the pre-activation alone', () => {
    const s = snap(false);
    const eq = equation(s, cellInfo(s, 1, 0), 2);
    assert.equal(eq.split, false);
    assert.equal(eq.rows[0].input, null);
    assert.equal(eq.note, 'x_t = h_t of layer 1; this run recorded only the sum W_ih x_t + b_ih + W_hh h_{t−1} + b_hh (the pre-activation), not its two parts');
    assert.equal(eq.inputName, 'h_t of layer 1');
    assert.match(equationRowText(eq.rows[0], false), /^u0: tanh\(1\.10000\) = 0\.80\d+$/);
  });
  it('prints the whole vector in aligned rows', () => {
    const lines = vectorLines(Float32Array.from([0.5, -0.25, 0, 1, 2]), 4);
    assert.equal(lines.length, 2);
    assert.equal(lines[0], '  0:   0.500000  −0.250000   0.000000   1.000000');
    assert.equal(lines[1], '  4:   2.000000');
    assert.deepEqual(vectorLines(Float32Array.from([1.5e-29, -2e-30]), 4), ['  0:  1.500e−29 −2.000e−30']);
  });
  it('says in words why ∂L/∂h is 0 at a state nothing reads: the simple RNN\'s last state, padding after a last-token/mean readout', () => {
    const simple: SnapshotEvent = {
      ...snap(false), readout: 'simple', activation: 'linear', length: 3, hidden: series(1, 3, 4, () => 0.1), preact: series(1, 3, 4, () => 0.1),
      hiddenGradNorm: Float32Array.from([0.01, 0.2, 0]),
    };
    const last = cellInfo(simple, 0, 2);
    assert.equal(last.unread, 'Nothing reads h_2: the last output is h2o([x_2 ; h_1]) and there is no step 3, so ∂L/∂h_2 is 0.');
    assert.ok(tooltipLines(last, null).includes(last.unread!), 'the tooltip says it too');
    assert.equal(cellInfo(simple, 0, 1).unread, null, 'h_1 is read by the last output');
    // The notebook readout reads t = T-1: a zero there would be a real zero, not an unread state.
    const fin = { ...snap(false), hiddenGradNorm: Float32Array.from([0, 0, 0, 0, 0, 0]) };
    assert.equal(cellInfo(fin, 1, 2).unread, null);
    assert.match(unreadNote({ ...fin, readout: 'last-token' }, 2)!, /the classifier reads the state at t = 1, and this padding step only feeds later padding states/);
    assert.equal(unreadNote({ ...fin, readout: 'mean' }, 1), null);
  });
});
