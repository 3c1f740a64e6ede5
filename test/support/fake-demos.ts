/**
 * Stand-in demos for tests of the worker machinery (runner, client, lag bench): they yield the same kinds
 * of events as the real ones and burn CPU like a training batch, but need no data.
 */
import type { DemoEvent } from '../../src/shared/events';
import type { RunParams } from '../../src/shared/protocol';
import type { DemoContext, DemoFactory, ModelServices } from '../../src/worker/runner';
import { batchEvent, snapshot } from './test-events';

/** Busy-waits `ms` milliseconds of synchronous work (a stand-in for one training batch). */
export function burn(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
}

/** A "training" run: `epochs` × `batch` batches of `lr*1000` ms work each (test knobs reuse RunParams). */
export const fakeTrain: DemoFactory = async function* (p: RunParams, ctx: DemoContext): AsyncGenerator<DemoEvent> {
  const batches = p.batch ?? 10;
  const epochs = p.epochs ?? 1;
  const ms = (p.lr ?? 0.01) * 1000;
  yield { type: 'demo-start', demo: 'train', title: 'fake training', config: { batches, epochs } };
  let id = 0;
  for (let e = 1; e <= epochs; e++) {
    for (let b = 1; b <= batches; b++) {
      if (ctx.signal.aborted) return;
      burn(ms);
      yield batchEvent(b, 1 / b);
      yield snapshot(id++, p.seqLength ?? 4, p.hidden ?? 8, p.layers ?? 2);
    }
    yield { type: 'epoch', epoch: e, epochs, loss: 0.5, acc: 60, seconds: 1 };
    yield { type: 'log', level: 'info', text: `Epoch ${e}/${epochs}, Loss: 0.5000, Acc: 60.00%` };
  }
  yield { type: 'demo-end', demo: 'train', summary: { epochs } };
};

/** A demo that fails after one event. */
export const fakeFailing: DemoFactory = async function* (): AsyncGenerator<DemoEvent> {
  yield { type: 'log', level: 'info', text: 'starting' };
  throw new Error('data/imdb.csv:3: sentiment must be positive or negative');
};

export function fakeModel(): ModelServices {
  let weights = 'none';
  return {
    async *predict(text: string) {
      if (weights === 'none') throw new Error('no trained model yet: run Train on IMDB or Load Checkpoint first');
      yield { type: 'tokens', tokens: text.split(' '), ids: [], unknown: [], length: 1, seqLength: 1 };
      yield { type: 'output', logits: [0, 1], probs: [0.27, 0.73], predicted: 1 };
    },
    saveCheckpoint() {
      return { json: JSON.stringify({ weights }), summary: `model ${weights}` };
    },
    loadCheckpoint(json: string) {
      const o = JSON.parse(json) as { weights?: unknown };
      if (typeof o.weights !== 'string') throw new Error('checkpoint: "weights" must be a string');
      weights = o.weights;
      return `model ${weights}`;
    },
  };
}
