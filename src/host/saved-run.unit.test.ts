import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DemoEvent, SnapshotEvent } from '../shared/events';
import { batchEvent, snapshot } from '../../test/support/test-events';
import { typedBytes } from '../shared/transfer';
import { RunRecord } from './run-record';
import { decodeSavedRun, encodeSavedRun, encodeSavedRunAsync, eventsToSave, SavedRunError } from './saved-run';
import { ExtensionStorage, MODEL_FILE, SAVED_RUN_FILE } from './extension-storage';

function trainingRun(): RunRecord {
  const r = new RunRecord(7, 'train', 'Train on IMDB', true);
  r.add([batchEvent(0, 0.69), snapshot(0)]);
  const overflow: DemoEvent = { type: 'batch', epoch: 1, batch: 1, batches: 50, loss: NaN, acc: 50, gradNorm: Infinity, clipped: false, skipped: true };
  r.add([overflow, snapshot(1)], [5]);
  r.finish({ type: 'run-end', runId: 7, status: 'cancelled', message: 'stopped by the user' });
  return r;
}

describe('saved run (the panel after a window reload)', () => {
  it('reads back the same run bit for bit: events, typed arrays, NaN and infinity, status', () => {
    const before = trainingRun();
    const after = decodeSavedRun(encodeSavedRun(before, new Date('2026-11-29T12:00:00Z')));
    assert.equal(after.runId, 7);
    assert.equal(after.demo, 'train');
    assert.equal(after.title, 'Train on IMDB');
    assert.equal(after.inWorker, false);
    assert.deepEqual(after.end, { type: 'run-end', runId: 7, status: 'cancelled', message: 'stopped by the user' });
    const a = before.batches.flatMap((b) => b.events);
    const b = after.batches.flatMap((x) => x.events);
    assert.equal(b.length, a.length);
    const s0 = a[1] as SnapshotEvent, s1 = b[1] as SnapshotEvent;
    assert.ok(s1.hidden.data instanceof Float32Array);
    assert.deepEqual(Array.from(s1.hidden.data), Array.from(s0.hidden.data));
    assert.deepEqual(Array.from(s1.runningProb!), Array.from(s0.runningProb!));
    const nanBatch = b[2] as Extract<typeof b[number], { type: 'batch' }>;
    assert.ok(Number.isNaN(nanBatch.loss));
    assert.equal(nanBatch.gradNorm, Infinity);
    assert.equal(after.snapshot(1)?.id, 1);
    assert.equal(after.status.state, 'cancelled');
    // The replay a revived panel gets: show-run, the events, the end.
    assert.deepEqual(after.replay().map((m) => m.type), ['show-run', 'events', 'run-end']);
  });

  it('encodes in slices the same text as in one call, letting the event loop run between big snapshots', async () => {
    const r = new RunRecord(3, 'train', 'Train on IMDB', true);
    // 6 snapshots of 2 × 100 × 128 floats (hidden + preact: 205 KB each, 273 KB as base64) between batches.
    for (let i = 0; i < 6; i++) r.add([batchEvent(i), snapshot(i, 100, 128)]);
    r.finish({ type: 'run-end', runId: 3, status: 'done' });
    const at = new Date('2026-12-04T20:00:00Z');
    let pauses = 0;
    const text = await encodeSavedRunAsync(r, at, undefined, async () => { pauses++; });
    assert.equal(text, encodeSavedRun(r, at), 'the same bytes');
    assert.ok(pauses >= 5, `${pauses} pauses for 6 snapshots of ~273 KB of text`);
    assert.equal(decodeSavedRun(text).eventCount, 12);
    // A small run: no pause at all, still the same text.
    const small = trainingRun();
    assert.equal(await encodeSavedRunAsync(small, at, undefined, async () => { throw new Error('paused'); }), encodeSavedRun(small, at));
  });

  it('marks a run that was still going as cancelled', () => {
    const r = new RunRecord(2, 'compare', 'Compare Readouts', true);
    r.add([batchEvent(0)]);
    const back = decodeSavedRun(encodeSavedRun(r, new Date()));
    assert.equal(back.end?.status, 'cancelled');
    assert.match(back.end?.message ?? '', /reloaded/);
  });

  it('leaves the oldest snapshots out past the budget, keeping every other event', () => {
    const r = new RunRecord(1, 'train', 't', true);
    for (let i = 0; i < 5; i++) r.add([snapshot(i), batchEvent(i)]);
    const kept = eventsToSave(r, typedBytes(snapshot(0)) * 2);
    assert.deepEqual(kept.filter((e) => e.type === 'snapshot').map((e) => (e as SnapshotEvent).id), [3, 4]);
    assert.equal(kept.filter((e) => e.type === 'batch').length, 5);
  });

  it('names what is wrong with a damaged file', () => {
    const good = JSON.parse(encodeSavedRun(trainingRun(), new Date())) as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>) => JSON.stringify({ ...good, ...patch });
    assert.throws(() => decodeSavedRun('{"format":'), (e: Error) => e instanceof SavedRunError && /not JSON/.test(e.message));
    assert.throws(() => decodeSavedRun('[]'), (e: Error) => e instanceof SavedRunError && e.message === 'not a saved-run object');
    assert.throws(() => decodeSavedRun(bad({ format: 'x' })), /format must be "unrolled-saved-run"/);
    assert.throws(() => decodeSavedRun(bad({ events: [{ type: 'dance' }] })), /events\[0\]: unknown event type "dance"/);
    assert.throws(() => decodeSavedRun(bad({ version: 9 })), /unsupported version 9/);
    assert.throws(() => decodeSavedRun(bad({ demo: 'dance' })), /unknown demo "dance"/);
    assert.throws(() => decodeSavedRun(bad({ status: 'running' })), /status must be done, cancelled or error/);
    assert.throws(() => decodeSavedRun(bad({ runId: -3 })), /runId must be a positive integer/);
    assert.throws(() => decodeSavedRun(bad({ events: [{ type: 'snapshot', hidden: { data: { $f32: 'A' } } }] })), /events\[0\]\.hidden\.data: base64/);
  });
});

describe('ExtensionStorage', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'unrolled-store-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says nothing is saved before the first run, then loads the last run saved', async () => {
    const store = new ExtensionStorage(path.join(dir, 'nested', 'storage'));
    const none = await store.load();
    assert.equal(none.ok, false);
    assert.equal(!none.ok && none.missing, true);
    const first = trainingRun();
    const second = new RunRecord(9, 'vanish', 'Vanishing gradients', true);
    second.add([snapshot(0, 4, 3, 1)]);
    second.finish({ type: 'run-end', runId: 9, status: 'done' });
    void store.save(first);
    await store.save(second);
    const got = await store.load();
    assert.ok(got.ok);
    assert.equal(got.record.runId, 9);
    assert.equal(got.record.title, 'Vanishing gradients');
    // Only the file itself is left: the temporary file was renamed over it.
    assert.deepEqual(readdirSync(path.join(dir, 'nested', 'storage')), [SAVED_RUN_FILE]);
  });

  it('keeps the model\'s checkpoint beside the run, and says when there is none', async () => {
    const store = new ExtensionStorage(path.join(dir, 'storage'));
    assert.equal(await store.loadModel(), undefined);
    await store.saveModel('{"format":"unrolled-checkpoint","v":1}');
    await store.save(trainingRun());
    assert.equal(await store.loadModel(), '{"format":"unrolled-checkpoint","v":1}');
    assert.deepEqual(readdirSync(path.join(dir, 'storage')).sort(), [SAVED_RUN_FILE, MODEL_FILE].sort());
  });

  it('reports a damaged file with its path and keeps it for inspection', async () => {
    const store = new ExtensionStorage(dir);
    writeFileSync(store.file, '{"format":"unrolled-saved-run","version":1,"runId":1,"demo":"step","title":"x","status":"done","events":7}');
    const got = await store.load();
    assert.equal(got.ok, false);
    assert.ok(!got.ok && !got.missing && got.reason.includes(store.file) && /events must be an array/.test(got.reason));
    assert.match(readFileSync(store.file, 'utf8'), /"events":7/);
  });

  it('names the folder when it cannot write', async () => {
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, 'not a folder');
    const store = new ExtensionStorage(path.join(blocker, 'storage'));
    await assert.rejects(store.save(trainingRun()), (e: Error) => e.message.startsWith(`could not save the run to ${store.file}`));
    // A failed write does not block the next one on the same store.
    rmSync(blocker);
    await store.save(trainingRun());
    assert.ok((await store.load()).ok);
  });
});
