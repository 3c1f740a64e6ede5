import { strict as assert } from 'node:assert';
import { DEFAULT_UI } from './persist';
import { uiOfLink, viewLinkState } from './view-link';
import { DEFAULT_CONTROLS } from './what-if';

describe('view link state of the screen (issue 14 item 5)', () => {
  const controls = { ...DEFAULT_CONTROLS, scale: 2.5, truncate: 4, edit: { t: 2, word: 'bad' } };
  const ui = { ...DEFAULT_UI, view: 'network' as const, pinned: { layer: 0, t: 9 } };

  it('takes the demo options from the run config and the view from the UI', () => {
    const r = viewLinkState({ demo: 'explode', config: { seed: 11, length: 50, h2hStd: 2, maxNorm: 5 }, ui, pos: 63, snapshotId: 1, controls });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.deepEqual(r.value, { v: 1, demo: 'explode', seed: 11, std: 2, cell: 'tanh', length: 50, view: 'network', snapshotId: 1, pos: 63, pinned: { layer: 0, t: 9 }, whatIf: controls });
    // vanish's lengths are the demo's own (not an option): the link does not carry one
    const v = viewLinkState({ demo: 'vanish', config: { seed: 1, longLength: 100, shortLength: 4, h2hStd: 0.1, cell: 'gru' }, ui, pos: 0, snapshotId: null, controls: { ...controls, cell: 'gru', truncate: 0 } });
    assert.ok(v.ok);
    assert.equal(v.value.cell, 'gru');
    assert.equal('length' in v.value, false);
  });

  it('refuses other demos and runs without seed and std, saying why', () => {
    const t = viewLinkState({ demo: 'train', config: {}, ui, pos: 0, snapshotId: null, controls });
    assert.deepEqual(t, { ok: false, reason: 'a view link can be made of the exploding and vanishing gradients demos only' });
    const n = viewLinkState({ demo: 'vanish', config: { seed: 1 }, ui, pos: 0, snapshotId: null, controls });
    assert.equal(n.ok, false);
    if (!n.ok) assert.match(n.reason, /state\.std/);
  });

  it('restores the link’s view, snapshot, position and pin over the current UI', () => {
    const r = viewLinkState({ demo: 'explode', config: { seed: 11, length: 50, h2hStd: 2 }, ui, pos: 63, snapshotId: 1, controls });
    assert.ok(r.ok);
    const u = uiOfLink(r.value, { ...DEFAULT_UI, view: 'training', predictText: 'kept' });
    assert.deepEqual(u, { ...DEFAULT_UI, view: 'network', predictText: 'kept', snapshotId: 1, shownId: 1, pos: 63, pinned: { layer: 0, t: 9 } });
  });
});
