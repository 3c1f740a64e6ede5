import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExtensionStorage } from './extension-storage';
import { RunRecord } from './run-record';
import { snapshot } from '../../test/support/test-events';

function record(runId: number, title: string): RunRecord {
  const r = new RunRecord(runId, 'vanish', title, true);
  r.add([{ type: 'demo-start', demo: 'vanish', title, config: {} }, snapshot(0)]);
  r.finish({ type: 'run-end', runId, status: 'done' });
  return r;
}

describe('host: the last run is kept in the workspace storage and in the global storage', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'unrolled-storage-'));
  const global = path.join(root, 'global');
  it('a second workspace storage folder (the page opened twice) still finds the run, through the global copy', async () => {
    const first = new ExtensionStorage(path.join(root, 'ws-1'), undefined, global);
    await first.save(record(5, 'Vanishing Gradients'));
    assert.ok(existsSync(first.file) && existsSync(path.join(global, 'last-run.json')));
    const second = new ExtensionStorage(path.join(root, 'ws-2'), undefined, global);
    const r = await second.load();
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.record.runId, 5);
    assert.equal(r.record.title, 'Vanishing Gradients');
  });
  it('reads both copies and takes the newer', async () => {
    const a = new ExtensionStorage(path.join(root, 'ws-a'), undefined, path.join(root, 'g2'));
    await a.save(record(1, 'older'), new Date('2026-01-01T10:00:00Z'));
    const b = new ExtensionStorage(path.join(root, 'ws-b'), undefined, path.join(root, 'g2'));
    await b.save(record(2, 'newer'), new Date('2026-01-01T11:00:00Z')); // the global copy is now "newer"
    const r = await a.load();
    assert.ok(r.ok && r.record.title === 'newer', 'the global copy is newer than ws-a’s own');
    await a.save(record(3, 'newest'), new Date('2026-01-01T12:00:00Z'));
    const r2 = await b.load();
    assert.ok(r2.ok && r2.record.title === 'newest');
  });
  it('a broken workspace copy falls back to the global one; no mirror when both folders are one', async () => {
    const c = new ExtensionStorage(path.join(root, 'ws-c'), undefined, path.join(root, 'g3'));
    await c.save(record(9, 'kept'));
    writeFileSync(c.file, '{ not json');
    const r = await c.load();
    assert.ok(r.ok && r.record.runId === 9);
    const same = new ExtensionStorage(path.join(root, 'g4'), undefined, path.join(root, 'g4'));
    assert.equal(same.mirrorFile, undefined);
    if (process.getuid?.() !== 0) {
      const ro = path.join(root, 'ro');
      const d = new ExtensionStorage(path.join(root, 'ws-d'), undefined, ro);
      await d.save(record(1, 'x'));
      chmodSync(ro, 0o500);
      await d.save(record(2, 'y')); // the mirror cannot be written: the main copy is, and save resolves
      chmodSync(ro, 0o700);
      const back = await d.load();
      assert.ok(back.ok && back.record.runId === 2);
    }
  });
});
