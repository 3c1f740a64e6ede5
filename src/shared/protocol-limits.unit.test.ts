/** Issue 16 case 9: the webview validator refuses dot names and never echoes unbounded input. */
import { strict as assert } from 'node:assert';
import { MAX_REASON_CHARS, parseWebviewMessage } from './protocol';

describe('shared/protocol: export names and bounded rejection reasons (issue 16)', () => {
  it('refuses ".", "..", only dots, empty and path separators as export file names; accepts a plain name', () => {
    for (const fileName of ['.', '..', '...', '', 'a/b.svg', 'a\\b.svg', '../x.svg', 'x'.repeat(101), 5]) {
      const r = parseWebviewMessage({ type: 'export', format: 'svg', fileName, data: '<svg/>' });
      assert.deepEqual(r, { ok: false, reason: 'export: fileName must be a plain file name' }, JSON.stringify(fileName));
    }
    assert.equal(parseWebviewMessage({ type: 'export', format: 'svg', fileName: '.hidden.svg', data: '' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'export', format: 'json', fileName: 'unrolled-run.json', data: '{}' }).ok, true);
  });

  it('caps every rejection reason, whatever the size of what was sent', () => {
    const huge = 'x'.repeat(10_000_000);
    for (const raw of [
      { type: huge },
      { type: 'run-command', command: huge },
      { type: 'export', format: huge, fileName: 'a.svg', data: '' },
      { type: 'run-command', command: new Array(1_000_000).fill('x') },
      { type: { nested: huge } },
    ]) {
      const r = parseWebviewMessage(raw);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.ok(r.reason.length <= MAX_REASON_CHARS, `${r.reason.length} chars`);
        assert.match(r.reason, /^(unknown message type|run-command: unknown command|export: format must be svg, png or json, not) /);
      }
    }
    const r = parseWebviewMessage({ type: 'run-command', command: [1, 2] });
    assert.deepEqual(r, { ok: false, reason: 'run-command: unknown command a list' });
  });
});
