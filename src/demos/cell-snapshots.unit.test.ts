import { strict as assert } from 'node:assert';
import type { DemoEvent, SnapshotEvent } from '../shared/events';
import { decodeRecording, encodeRecording } from '../shared/recording';
import { explodeDemo } from './explode';
import { vanishDemo } from './vanish';

async function collect(gen: AsyncIterable<DemoEvent>): Promise<DemoEvent[]> {
  const events: DemoEvent[] = [];
  for await (const e of gen) events.push(e);
  return events;
}
const snapshots = (events: DemoEvent[]): SnapshotEvent[] => events.filter((e): e is SnapshotEvent => e.type === 'snapshot');
const sigmoidRange = (v: number) => v >= 0 && v <= 1;

describe('demos: gated snapshots carry their cell and gates', () => {
  it('vanish --cell lstm: activation lstm, i/f/g/o per step, c_t = f·c_{t−1} + i·g and h_t = o·tanh(c_t), ‖∂L/∂c_t‖', async () => {
    const [s] = snapshots(await collect(vanishDemo({ seed: 1234, cell: 'lstm' })));
    assert.equal(s.activation, 'lstm');
    const g = s.gates;
    assert.ok(g && s.cellState && s.cellGradNorm);
    assert.deepEqual([g.cell, g.layers, g.steps, g.gates], ['lstm', 1, 100, 4]);
    const H = g.units;
    assert.equal(H, s.hidden.units);
    assert.equal(g.data.length, 100 * 4 * H);
    assert.equal(s.cellState.data.length, 100 * H);
    assert.equal(s.cellGradNorm.length, 100);
    let worstC = 0;
    let worstH = 0;
    for (let t = 0; t < 100; t++) {
      for (let j = 0; j < H; j++) {
        const at = (k: number) => g.data[(t * 4 + k) * H + j];
        const [i, f, gg, o] = [at(0), at(1), at(2), at(3)];
        assert.ok(sigmoidRange(i) && sigmoidRange(f) && sigmoidRange(o), `t=${t} j=${j}: i ${i} f ${f} o ${o}`);
        assert.ok(Math.abs(gg) <= 1);
        const cPrev = t === 0 ? 0 : s.cellState.data[(t - 1) * H + j];
        const c = s.cellState.data[t * H + j];
        worstC = Math.max(worstC, Math.abs(c - (f * cPrev + i * gg)));
        worstH = Math.max(worstH, Math.abs(s.hidden.data[t * H + j] - o * Math.tanh(c)));
      }
    }
    assert.ok(worstC < 1e-5, `c_t off by ${worstC}`);
    assert.ok(worstH < 1e-5, `h_t off by ${worstH}`);
    for (let t = 0; t < 100; t++) assert.ok(Number.isFinite(s.cellGradNorm[t]) && s.cellGradNorm[t] > 0, `‖∂L/∂c_${t}‖ = ${s.cellGradNorm[t]}`);
    // the candidate's tanh argument is what preact holds: g = tanh(preact)
    let worstG = 0;
    for (let t = 0; t < 100; t++) for (let j = 0; j < H; j++) worstG = Math.max(worstG,
      Math.abs(Math.tanh(s.preact.data[t * H + j]) - g.data[(t * 4 + 2) * H + j]));
    assert.ok(worstG < 1e-5, `g vs tanh(preact) off by ${worstG}`);
  });

  it('vanish --cell gru: activation gru, r/z/n per step and h_t = (1 − z)·n + z·h_{t−1}; no cell state', async () => {
    const [s] = snapshots(await collect(vanishDemo({ seed: 1234, cell: 'gru' })));
    assert.equal(s.activation, 'gru');
    const g = s.gates;
    assert.ok(g);
    assert.deepEqual([g.cell, g.layers, g.steps, g.gates], ['gru', 1, 100, 3]);
    assert.equal(s.cellState, undefined);
    assert.equal(s.cellGradNorm, undefined);
    const H = g.units;
    let worst = 0;
    for (let t = 0; t < 100; t++) {
      for (let j = 0; j < H; j++) {
        const z = g.data[(t * 3 + 1) * H + j];
        const n = g.data[(t * 3 + 2) * H + j];
        const hPrev = t === 0 ? 0 : s.hidden.data[(t - 1) * H + j];
        worst = Math.max(worst, Math.abs(s.hidden.data[t * H + j] - ((1 - z) * n + z * hPrev)));
      }
    }
    assert.ok(worst < 1e-5, `h_t off by ${worst}`);
  });

  it('the tanh cell says tanh and carries no gates', async () => {
    const [s] = snapshots(await collect(vanishDemo({ seed: 1234 })));
    assert.equal(s.activation, 'tanh');
    assert.equal(s.gates, undefined);
    assert.equal(s.cellState, undefined);
  });

  it('explode --cell gru: weight_hh drawn N(0, 2²), its norm watched, the snapshot a gru one', async () => {
    const events = await collect(explodeDemo({ seed: 1234, cell: 'gru' }));
    const norms = events.find((e) => e.type === 'grad-norms');
    const clip = events.find((e) => e.type === 'clip');
    const end = events[events.length - 1];
    assert.ok(norms?.type === 'grad-norms' && clip?.type === 'clip' && end.type === 'demo-end');
    assert.equal(clip.watched?.name, 'rnn_cells.0.weight_hh');
    assert.equal(clip.watched?.before, norms.perParam['rnn_cells.0.weight_hh']);
    assert.ok(Number.isFinite(clip.watched?.before) && (clip.watched?.before ?? 0) > 0);
    assert.equal(end.summary.cell, 'gru');
    assert.equal(end.summary.gradNormBefore, norms.perParam['rnn_cells.0.weight_hh']);
    const [s] = snapshots(events);
    assert.equal(s.activation, 'gru');
    assert.equal(s.gates?.steps, 50);
  });

  it('gates, c_t and ‖∂L/∂c_t‖ survive a recording round trip bit for bit', async () => {
    const events = await collect(vanishDemo({ seed: 3, cell: 'lstm' }));
    const [a] = snapshots(events);
    const [b] = snapshots(decodeRecording(encodeRecording(events)).events);
    assert.equal(b.activation, 'lstm');
    assert.deepEqual(Array.from(b.gates?.data ?? []), Array.from(a.gates?.data ?? [1]));
    assert.deepEqual(Array.from(b.cellState?.data ?? []), Array.from(a.cellState?.data ?? [1]));
    assert.deepEqual(Array.from(b.cellGradNorm ?? []), Array.from(a.cellGradNorm ?? [1]));
  });
});
