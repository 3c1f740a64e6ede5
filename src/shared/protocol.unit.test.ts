import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from './protocol';

describe('protocol: messages from the webview', () => {
  it('accepts a ready message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, value: { type: 'ready' } });
  });
  it('accepts a predict request and keeps its text', () => {
    const r = parseWebviewMessage({ type: 'predict', requestId: 3, text: 'great movie' });
    assert.deepEqual(r, { ok: true, value: { type: 'predict', requestId: 3, text: 'great movie' } });
  });
  it('rejects non-objects, unknown types and bad fields with a reason', () => {
    for (const [raw, reason] of [
      [null, 'message is not an object'],
      [[1, 2], 'message is not an object'],
      [{ type: 'rm -rf' }, 'unknown message type "rm -rf"'],
      [{ type: 'predict', requestId: -1, text: 'x' }, 'predict: requestId must be a non-negative integer'],
      [{ type: 'predict', requestId: 1, text: 5 }, 'predict: text must be a string'],
      [{ type: 'run-command', command: 'workbench.action.quit' }, 'run-command: unknown command "workbench.action.quit"'],
      [{ type: 'export', format: 'svg', fileName: '../../etc/passwd', data: '' }, 'export: fileName must be a plain file name'],
    ] as const) {
      const r = parseWebviewMessage(raw);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.reason, reason);
    }
  });
  it('accepts a get-snapshot request and rejects one without ids', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'get-snapshot', requestId: 1, runId: 2, snapshotId: 7, extra: 'x' }), {
      ok: true, value: { type: 'get-snapshot', requestId: 1, runId: 2, snapshotId: 7 },
    });
    const r = parseWebviewMessage({ type: 'get-snapshot', requestId: 1, runId: 2 });
    assert.equal(!r.ok && r.reason, 'get-snapshot: snapshotId must be a non-negative integer');
  });
  it('accepts only the listed commands', () => {
    const r = parseWebviewMessage({ type: 'run-command', command: 'unrolled.train' });
    assert.deepEqual(r, { ok: true, value: { type: 'run-command', command: 'unrolled.train' } });
  });
});
