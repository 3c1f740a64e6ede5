import { strict as assert } from 'node:assert';
import type { SnapshotEvent } from '../../src/shared/events';
import { cellLane, gatedEquation, gateStep, gateStrip, logPos } from './gates';
import { normalizeEvent } from './arrays';
import { cellInfo, equation, equationOutput } from './inspect';

const f32 = (a: number[]) => Float32Array.from(a);

/**
 * A 1-layer LSTM with 2 units over 3 steps whose gates are fixed numbers; c_t and h_t computed from them in
 * float32 as PyTorch's LSTMCell does (c = f c_{t−1} + i g, h = o tanh c).
 */
function lstmSnapshot(): SnapshotEvent {
  const T = 3, H = 2;
  // [t][gate i, f, g, o][unit]
  const gates = [
    [[0.5, 0.25], [0.9, 0.1], [0.8, -0.6], [0.7, 0.3]],
    [[0.2, 0.6], [0.95, 0.5], [-0.4, 0.2], [0.6, 0.9]],
    [[0.1, 0.3], [0.99, 0.2], [0.3, -0.9], [0.5, 0.4]],
  ];
  const c = new Float32Array(T * H), h = new Float32Array(T * H);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < H; j++) {
      const [i, f, g, o] = gates[t].map((row) => Math.fround(row[j]));
      c[t * H + j] = f * (t ? c[(t - 1) * H + j] : 0) + i * g;
      h[t * H + j] = o * Math.tanh(c[t * H + j]);
    }
  }
  const series = (data: Float32Array) => ({ layers: 1, steps: T, units: H, data });
  return {
    type: 'snapshot', id: 0, tokens: ['a', 'b', '<PAD>'], unknown: [false, false, false], length: 2, activation: 'lstm',
    hidden: series(h), preact: series(new Float32Array(T * H)),
    gates: { cell: 'lstm', layers: 1, steps: T, gates: 4, units: H, data: f32(gates.flat(2)) },
    cellState: series(c),
    cellGradNorm: f32([0.5, 0.8, 1]),
    hiddenGradNorm: f32([2e-4, 0.03, 1]),
    logits: [0, 0], probs: [0.5, 0.5], readout: 'final',
  };
}

function gruSnapshot(): SnapshotEvent {
  const T = 2, H = 1;
  const gates = [[[0.3], [0.25], [0.8]], [[0.5], [0.6], [-0.5]]]; // r, z, n
  const h = new Float32Array(T);
  h[0] = (1 - 0.25) * 0.8;
  h[1] = (1 - 0.6) * -0.5 + 0.6 * h[0];
  const series = (data: Float32Array) => ({ layers: 1, steps: T, units: H, data });
  return {
    type: 'snapshot', id: 1, tokens: ['x', 'y'], unknown: [false, false], length: 2, activation: 'gru',
    hidden: series(h), preact: series(new Float32Array(T)),
    gates: { cell: 'gru', layers: 1, steps: T, gates: 3, units: H, data: f32(gates.flat(2)) },
    logits: [0, 0], probs: [0.5, 0.5], readout: 'final',
  };
}

describe('webview model: gates', () => {
  it('gateStep: each LSTM gate at one step, its function, role and range', () => {
    const v = gateStep(lstmSnapshot(), 0, 1);
    assert.ok(v);
    assert.deepEqual(v.rows.map((r) => [r.name, r.fn]), [['i', 'σ'], ['f', 'σ'], ['g', 'tanh'], ['o', 'σ']]);
    assert.deepEqual(Array.from(v.rows[1].values), [Math.fround(0.95), Math.fround(0.5)]);
    assert.ok(Math.abs(v.rows[1].mean - 0.725) < 1e-6);
    assert.equal(v.rows[2].min, Math.fround(-0.4));
    assert.equal(v.rows[2].max, Math.fround(0.2));
    assert.match(v.rows[1].role, /forget/);
    // c_{t−1} is c_0 = 0.9·0 + 0.5·0.8 = 0.4 (unit 0)
    assert.ok(v.cPrev && Math.abs(v.cPrev[0] - 0.4) < 1e-6);
    assert.equal(gateStep({ ...lstmSnapshot(), activation: 'tanh', gates: undefined }, 0, 0), null);
    assert.throws(() => gateStep(lstmSnapshot(), 0, 3), /outside the snapshot/);
  });

  it('gateStrip: the mean over units of every gate at every step', () => {
    const s = gateStrip(lstmSnapshot(), 0);
    assert.ok(s);
    assert.deepEqual(s.names, ['i', 'f', 'g', 'o']);
    // f at t = 0, 1, 2: (0.9 + 0.1)/2, (0.95 + 0.5)/2, (0.99 + 0.2)/2
    const f = Array.from(s.mean.subarray(3, 6));
    [0.5, 0.725, 0.595].forEach((want, t) => assert.ok(Math.abs(f[t] - want) < 1e-6, `f̄ at t=${t}: ${f[t]}`));
  });

  it('gatedEquation (LSTM): the numbers shown add up to the recorded c_t and h_t', () => {
    const s = lstmSnapshot();
    const eq = gatedEquation(s, 0, 1, 2);
    assert.ok(eq);
    assert.deepEqual(eq.formula.slice(1), ['c_1 = f ⊙ c_0 + i ⊙ g', 'h_1 = o ⊙ tanh(c_1)']);
    assert.ok(eq.residual < 1e-6, `residual ${eq.residual}`);
    // unit 0: c_1 = 0.95·0.4 + 0.2·(−0.4) = 0.3; h_1 = 0.6·tanh(0.3) = 0.17479
    assert.equal(eq.rows[0], 'u0: c = 0.950·0.4000 + 0.200·(−0.4000) = 0.30000;  h = 0.600·tanh(0.3000) = 0.17479');
    assert.equal(eq.rows.length, 2);
    // a tampered h_t is caught by the residual
    const bad = lstmSnapshot();
    bad.hidden.data[3] += 0.01;
    assert.ok((gatedEquation(bad, 0, 1)?.residual ?? 0) > 0.009);
  });

  it('gatedEquation (GRU): h_t = (1 − z)·n + z·h_{t−1} with live numbers', () => {
    const eq = gatedEquation(gruSnapshot(), 0, 1);
    assert.ok(eq);
    assert.equal(eq.formula[2], 'h_1 = (1 − z) ⊙ n + z ⊙ h_0');
    assert.equal(eq.rows[0], 'u0: h = (1 − 0.600)·(−0.5000) + 0.600·0.6000 = 0.16000');
    assert.ok(eq.residual < 1e-6);
    assert.equal(gatedEquation(gruSnapshot(), 0, 0)?.formula[2], 'h_0 = (1 − z) ⊙ n + z ⊙ h_−1');
  });

  it('cellLane: c_t and both gradient norms on one log axis, and the ratio first/last step', () => {
    const lane = cellLane(lstmSnapshot(), 0);
    assert.ok(lane);
    assert.deepEqual(lane.decades, [-4, 0]);
    assert.equal(lane.steps.length, 3);
    assert.ok(Math.abs(lane.steps[0].cNorm - Math.hypot(0.4, -0.15)) < 1e-6);
    // log10(0.5) = −0.301 on [−4, 0] → 0.9247; log10(2e−4) = −3.699 → 0.0753
    assert.ok(Math.abs(lane.steps[0].dcPos - 0.92474) < 1e-4);
    assert.ok(Math.abs(lane.steps[0].dhPos - 0.07526) < 1e-4);
    assert.equal(lane.steps[2].pad, true);
    assert.ok(Math.abs((lane.cellRatio ?? 0) - 0.5) < 1e-7);
    assert.ok(Math.abs((lane.hiddenRatio ?? 0) - 2e-4) < 1e-9);
    assert.equal(lane.summary, 'From t = 2 back to t = 0, ‖∂L/∂c_t‖ changes by ×5.00e−1 and ‖∂L/∂h_t‖ by ×2.00e−4: ' +
      'the cell state carries 2.5e+3 times more of the gradient to the first word (c_t is updated by f ⊙ c_{t−1}, no squashing in between).');
    assert.equal(cellLane(gruSnapshot(), 0), null);
  });

  it('logPos: clamps, and 0 for zero, negative and non-finite norms', () => {
    assert.equal(logPos(1e-2, -4, 0), 0.5);
    assert.equal(logPos(1e3, -4, 0), 1);
    assert.equal(logPos(0, -4, 0), 0);
    assert.equal(logPos(NaN, -4, 0), 0);
    assert.equal(logPos(Infinity, -4, 0), 0);
  });

  it('normalizeEvent restores gates sent as JSON arrays and refuses wrong sizes and cells', () => {
    const s = lstmSnapshot();
    const wire = JSON.parse(JSON.stringify({ ...s, gates: { ...s.gates, data: Array.from(s.gates!.data) },
      cellState: { ...s.cellState, data: Array.from(s.cellState!.data) }, cellGradNorm: Array.from(s.cellGradNorm!) })) as SnapshotEvent;
    const back = normalizeEvent({ ...wire, hidden: s.hidden, preact: s.preact }) as SnapshotEvent;
    assert.ok(back.gates?.data instanceof Float32Array && back.cellState?.data instanceof Float32Array &&
      back.cellGradNorm instanceof Float32Array);
    assert.deepEqual(Array.from(back.gates.data), Array.from(s.gates!.data));
    assert.throws(() => normalizeEvent({ ...s, gates: { ...s.gates!, gates: 3 } }), /a lstm has 4 gates, not 3/);
    assert.throws(() => normalizeEvent({ ...s, gates: { ...s.gates!, data: new Float32Array(5) } }), /data has 5 values/);
    assert.throws(() => normalizeEvent({ ...s, gates: { ...s.gates!, cell: 'tanh' as never } }), /cell must be gru or lstm/);
  });

  it('the inspector\'s equation of a gated cell ends at its candidate (LSTM g, GRU n), not at h_t', () => {
    const s = lstmSnapshot();
    const eq = equation(s, cellInfo(s, 0, 1), 2);
    assert.match(eq.formula, /^g = tanh\(W_ig x_t \+ b_ig \+ W_hg h_\{t−1\} \+ b_hg\)/);
    assert.deepEqual(eq.rows.map((r) => r.h), [Math.fround(-0.4), Math.fround(0.2)]);
    assert.equal(equationOutput(s), 'g');
    const g = gruSnapshot();
    assert.match(equation(g, cellInfo(g, 0, 1)).formula, /^n = tanh\(W_in x_t \+ b_in \+ r ⊙ \(W_hn h_\{t−1\} \+ b_hn\)\)/);
    assert.equal(equation(g, cellInfo(g, 0, 1)).rows[0].h, Math.fround(-0.5));
    const tanh = { ...s, activation: 'tanh' as const, gates: undefined };
    assert.equal(equation(tanh, cellInfo(tanh, 0, 1)).rows[0].h, s.hidden.data[2]);
  });
});
