import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from './protocol';
import { encodeViewLink, MAX_VIEW_LINK_CHARS, parseViewLink, parseViewLinkQuery, parseViewLinkState, type ViewLinkState } from './view-link';

const ID = 'unrolled.unrolled';
const state = (): ViewLinkState => ({
  v: 1, demo: 'explode', seed: 7, std: 1.5, cell: 'tanh', length: 30, view: 'network', snapshotId: 2, pos: 41, pinned: { layer: 0, t: 12 },
  whatIf: { scale: 0.65, truncate: 5, cell: 'tanh', edit: { t: 3, word: 'très' }, std: 0.8, length: 20, clipExp: -0.5 },
});
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('view links (issue 14 item 5)', () => {
  it('round-trips a state through the vscode:// link, the bare query and the bare payload', () => {
    const link = encodeViewLink(state(), ID);
    assert.match(link, /^vscode:\/\/unrolled\.unrolled\/open\?state=[A-Za-z0-9_-]+$/);
    assert.deepEqual(parseViewLink(link, ID), { ok: true, value: state() });
    assert.deepEqual(parseViewLink(`  ${link}\n`, ID), { ok: true, value: state() });
    const q = link.split('?')[1];
    assert.deepEqual(parseViewLinkQuery(q), { ok: true, value: state() });
    assert.deepEqual(parseViewLink(q.slice('state='.length), ID), { ok: true, value: state() });
    // the payload is the JSON itself, base64url (Node's own encoder agrees, the non-ASCII word included)
    assert.equal(q.slice('state='.length), b64(state()));
  });

  it('drops keys it does not know and keeps null what-if parts', () => {
    const s = { ...state(), extra: 1, pinned: null, snapshotId: null, whatIf: { ...state().whatIf, edit: null, std: null, clipExp: null } };
    const r = parseViewLinkState(s);
    assert.ok(r.ok);
    assert.equal('extra' in r.value, false);
    assert.equal(r.value.pinned, null);
    assert.equal(r.value.whatIf.clipExp, null);
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '   ', /the link is empty/],
    ['other extension', encodeViewLink(state(), 'someone.else'), /the link is for someone\.else, not unrolled\.unrolled/],
    ['other path', encodeViewLink(state(), ID).replace('/open?', '/x?'), /path must be \/open, not \/x/],
    ['no query', `vscode://${ID}/open`, /no \?state=… part/],
    ['no state param', `vscode://${ID}/open?foo=1`, /no state=… parameter/],
    ['cut short', encodeViewLink(state(), ID).slice(0, -9), /not JSON|state\./],
    ['not base64url', `vscode://${ID}/open?state=ab$c`, /not base64url/],
    ['too long', 'a'.repeat(MAX_VIEW_LINK_CHARS + 1), /longer than 8000/],
    ['version', b64({ ...state(), v: 2 }), /state\.v must be 1/],
    ['demo', b64({ ...state(), demo: 'train' }), /state\.demo must be vanish or explode/],
    ['seed', b64({ ...state(), seed: -1 }), /state\.seed/],
    ['std', b64({ ...state(), std: 0 }), /state\.std/],
    ['view', b64({ ...state(), view: 'gates' }), /state\.view must be network, training or predict/],
    ['pin', b64({ ...state(), pinned: { layer: 0, t: 1.5 } }), /state\.pinned/],
    ['pos', b64({ ...state(), pos: -3 }), /state\.pos/],
    ['scale', b64({ ...state(), whatIf: { ...state().whatIf, scale: 9 } }), /state\.whatIf\.scale must be a number in \[0\.1, 3\]/],
    ['word', b64({ ...state(), whatIf: { ...state().whatIf, edit: { t: 1, word: '' } } }), /state\.whatIf\.edit/],
    ['controls', b64({ ...state(), whatIf: 'x' }), /state\.whatIf must be an object/],
  ];
  for (const [what, text, want] of bad) {
    it(`names what is wrong in one line: ${what}`, () => {
      const r = parseViewLink(text, ID);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.match(r.reason, want);
      assert.equal(r.reason.includes('\n'), false);
      assert.ok(r.reason.length < 200, r.reason);
    });
  }

  it('checks the copy-link message from the webview', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'copy-link', state: state() }), { ok: true, value: { type: 'copy-link', state: state() } });
    const r = parseWebviewMessage({ type: 'copy-link', state: { ...state(), seed: 'x' } });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /^copy-link: state\.seed/);
  });
});
