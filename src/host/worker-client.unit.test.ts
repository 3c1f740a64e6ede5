import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventsMessage } from '../shared/protocol';
import { WorkerClient, type WorkerLike } from './worker-client';

const fixture = path.resolve(__dirname, '../../test/support/fake-worker.fixture.ts');
// The fixture is TypeScript: register tsx's CommonJS hook inside the thread, then load it.
const boot = `require('tsx/cjs'); require(${JSON.stringify(fixture)});`;
const newWorker = () => new Worker(boot, { eval: true, execArgv: [] }) as unknown as WorkerLike;

describe('WorkerClient with a real worker thread', function () {
  this.timeout(20000);
  let client: WorkerClient;
  afterEach(() => client?.dispose());

  it('creates the worker on first use only, streams a run and terminates on dispose', async () => {
    client = new WorkerClient(newWorker);
    assert.equal(client.alive, false);
    const batches: EventsMessage[] = [];
    const run = client.run('train', { batch: 12, lr: 0.005 }, (m) => batches.push(m));
    assert.equal(client.alive, true);
    const end = await run.done;
    assert.deepEqual(end, { type: 'run-end', runId: run.runId, status: 'done' });
    const events = batches.flatMap((b) => b.events);
    assert.equal(events.filter((e) => e.type === 'batch').length, 12);
    const snap = events.find((e) => e.type === 'snapshot');
    assert.ok(snap && snap.type === 'snapshot' && snap.hidden.data instanceof Float32Array, 'Float32Array survives the thread hop');
    assert.equal(client.workersStarted, 1);
    client.dispose();
    assert.equal(client.alive, false);
  });

  it('cancel ends a busy run within 0.5 s, and the worker is reused', async () => {
    client = new WorkerClient(newWorker);
    let started!: () => void;
    const first = new Promise<void>((r) => (started = r));
    const run = client.run('train', { batch: 10000, lr: 0.03 }, () => started());
    await first; // the worker is up and training
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    const end = await run.cancel();
    const ms = performance.now() - t0;
    assert.equal(end.status, 'cancelled');
    assert.equal(end.message, undefined, 'stopped by the worker itself, not by terminating it');
    assert.ok(ms < 500, `${ms.toFixed(0)} ms`);
    const again = await client.run('train', { batch: 2, lr: 0.001 }, () => undefined).done;
    assert.equal(again.status, 'done');
    assert.equal(client.workersStarted, 1);
  });

  it('terminates a worker that ignores cancel and starts a new one next time', async () => {
    client = new WorkerClient(newWorker, { cancelTimeoutMs: 300 });
    let started!: () => void;
    const first = new Promise<void>((r) => (started = r));
    const run = client.run('vanish', {}, () => started());
    await first; // it is now blocked for 3 s
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const end = await run.cancel();
    assert.ok(performance.now() - t0 < 500);
    assert.equal(end.status, 'cancelled');
    assert.match(end.message ?? '', /terminated/);
    assert.equal(client.alive, false);
    const again = await client.run('train', { batch: 1, lr: 0.001 }, () => undefined).done;
    assert.equal(again.status, 'done');
    assert.equal(client.workersStarted, 2);
  });

  it('a crashed worker ends its run with an error and rejects waiting requests', async () => {
    client = new WorkerClient(newWorker);
    const end = await client.run('explode', {}, () => undefined).done;
    assert.equal(end.status, 'error');
    assert.match(end.message ?? '', /boom in the worker/);
    const r = await client.loadCheckpoint('{"weights":"w"}');
    assert.equal(r.summary, 'model w');
    const p = await client.predict('great');
    assert.equal(p.events.length, 2);
  });
});
