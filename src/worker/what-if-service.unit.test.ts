import { strict as assert } from 'node:assert';
import type { WorkerToHost } from '../shared/protocol';
import type { WhatIfSetup } from '../shared/what-if';
import type { JacobianEvent, SnapshotEvent } from '../shared/events';
import { WhatIfService, type WhatIfEngine } from './what-if-service';

const setup: WhatIfSetup = { demo: 'vanish', seed: 1, std: 0.1, scale: 1, cell: 'tanh', truncate: 0, tokens: ['a'], layers: 1, hidden: 2 };
const series = () => ({ layers: 1, steps: 1, units: 2, data: new Float32Array(2) });

/** Counts what it computes; its answers carry the scale so replies can be told apart. */
function fakeEngine(): WhatIfEngine & { jacobians: number } {
  const e = {
    jacobians: 0,
    run: async (s: WhatIfSetup) => ({
      snapshot: { type: 'snapshot', id: -2, tokens: s.tokens, unknown: [false], length: 1, activation: 'tanh', hidden: series(), preact: series(), logits: [0, 0], probs: [0.5, 0.5], readout: 'final' } as SnapshotEvent,
      figures: { firstGradNorm: [s.scale], lastGradNorm: [1], gradRatio: [s.scale], firstInputGradNorm: 0, gradNormTotal: 0, whhGradNorm: 0,
        loss: 0, positive: 0.5, computeMs: 0 },
    }),
    jacobian: async (s: WhatIfSetup): Promise<JacobianEvent> => {
      e.jacobians++;
      if (s.cell !== 'tanh') throw new Error('for the tanh cell');
      return { type: 'jacobian', snapshotId: -2, layers: 1, steps: 1, jacobianNorm: [[s.scale]], productNorm: [[1]], saturated: [[0]], whhSingularValues: [[s.scale]], whhSpectralRadius: [s.scale], reading: ['r'] };
    },
  };
  return e;
}

describe('worker: what-if service', () => {
  it('answers the fast re-run with the snapshot, its buffers listed for transfer', async () => {
    const posts: Array<[WorkerToHost, ArrayBuffer[] | undefined]> = [];
    const svc = new WhatIfService(fakeEngine());
    await svc.handle({ type: 'what-if', requestId: 5, setup: { ...setup, scale: 2 } }, (m, t) => posts.push([m, t]));
    const [m, t] = posts[0];
    assert.equal(m.type, 'what-if-result');
    assert.equal(m.type === 'what-if-result' && m.figures?.gradRatio[0], 2);
    assert.ok(t && t.length >= 2);
  });

  it('a Jacobian request overtaken by a newer what-if is answered stale, not computed', async () => {
    const eng = fakeEngine();
    const svc = new WhatIfService(eng);
    const posts: WorkerToHost[] = [];
    const post = (m: WorkerToHost) => posts.push(m);
    const a = svc.handle({ type: 'what-if-jacobian', requestId: 1, setup }, post);
    const b = svc.handle({ type: 'what-if', requestId: 2, setup: { ...setup, scale: 3 } }, post);
    const c = svc.handle({ type: 'what-if-jacobian', requestId: 3, setup: { ...setup, scale: 3 } }, post);
    await Promise.all([a, b, c]);
    const j1 = posts.find((m) => m.type === 'what-if-jacobian-result' && m.requestId === 1);
    const j3 = posts.find((m) => m.type === 'what-if-jacobian-result' && m.requestId === 3);
    assert.deepEqual(j1, { type: 'what-if-jacobian-result', requestId: 1, stale: true });
    assert.equal(j3?.type === 'what-if-jacobian-result' && j3.jacobian?.whhSpectralRadius[0], 3);
    assert.equal(eng.jacobians, 1);
  });

  it('an engine error is answered as the reply\'s error', async () => {
    const posts: WorkerToHost[] = [];
    await new WhatIfService(fakeEngine()).handle({ type: 'what-if-jacobian', requestId: 9, setup: { ...setup, cell: 'gru' } }, (m) => posts.push(m));
    assert.deepEqual(posts, [{ type: 'what-if-jacobian-result', requestId: 9, error: 'for the tanh cell' }]);
  });

  it('remembers the data set of the last gradient demo run', () => {
    const svc = new WhatIfService(fakeEngine());
    svc.noteRun({ type: 'run', runId: 1, demo: 'vanish', params: { dataPath: '/d.csv', glovePath: '/g.txt' } });
    svc.noteRun({ type: 'run', runId: 2, demo: 'train', params: { dataPath: '/other.csv' } });
    assert.deepEqual(svc.data, { dataPath: '/d.csv', glovePath: '/g.txt' });
  });
});
