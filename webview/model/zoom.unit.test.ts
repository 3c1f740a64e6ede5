import { strict as assert } from 'node:assert';
import { nextZoom, PRESENTER_ZOOM, stepZoom, wheelZoom, ZOOMS, zoomKey, zoomLabel } from './zoom';
import { DEFAULT_SPEED } from './playback';

describe('webview model: zoom 50–300 % and a pace to talk over', () => {
  it('offers 50 % to 300 % and fit width, with presenter mode at 200 %', () => {
    assert.deepEqual(ZOOMS.map(zoomLabel), ['300 %', '250 %', '200 %', '150 %', '125 %', '100 %', '75 %', '50 %', 'fit width']);
    assert.ok((ZOOMS as readonly number[]).includes(PRESENTER_ZOOM));
  });
  it('steps in and out within the range, from fit width too', () => {
    assert.equal(stepZoom(1, 1), 1.25);
    assert.equal(stepZoom(2.5, 1), 3);
    assert.equal(stepZoom(3, 1), 3);
    assert.equal(stepZoom(0.75, -1), 0.5);
    assert.equal(stepZoom(0.5, -1), 0.5);
    assert.equal(stepZoom(0, 1, 0.62), 0.75);
  });
  it('a 100-step pass plays in at most 15 s at the default speed', () => {
    assert.ok(100 / DEFAULT_SPEED <= 15, `${100 / DEFAULT_SPEED} s`);
  });
});

describe('webview model: Ctrl +/−/0 and Ctrl+wheel (pinch) zoom', () => {
  const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = { ctrlKey: true }) =>
    zoomKey({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  it('reads Ctrl/⌘ with + = − _ 0 and nothing else', () => {
    assert.deepEqual(['+', '=', '-', '_', '0'].map((x) => k(x)), [1, 1, -1, -1, 0]);
    assert.equal(k('=', { metaKey: true }), 1);
    assert.equal(k('+', {}), null, 'no modifier: the speed key, not zoom');
    assert.equal(k('+', { ctrlKey: true, altKey: true }), null);
    assert.equal(k('a'), null);
  });
  it('adds small pinch deltas up to one step, and a wheel notch is one step', () => {
    let s = { acc: 0, dir: null as 1 | -1 | null };
    const dirs: Array<1 | -1 | null> = [];
    for (let i = 0; i < 12; i++) { s = wheelZoom(s.acc, -10); dirs.push(s.dir); }
    assert.deepEqual(dirs.filter((d) => d !== null), [1, 1, 1], '120 px of pinch-out: three steps in');
    assert.equal(wheelZoom(0, 100).dir, -1, 'a wheel notch down: out');
    assert.equal(wheelZoom(0, -3, 1).dir, 1, '3 lines up: in');
    assert.equal(wheelZoom(40, -10).acc, -10, 'a change of direction starts over');
  });
  it('steps from the setting, from fit width via the fitted zoom, and 0 is 100 %', () => {
    assert.equal(nextZoom(2, 1, 2), 2.5);
    assert.equal(nextZoom(3, 1, 3), 3, 'stops at 300 %');
    assert.equal(nextZoom(0.5, -1, 0.5), 0.5, 'stops at 50 %');
    assert.equal(nextZoom(0, 1, 0.3), 0.5);
    assert.equal(nextZoom(2.5, 0, 2.5), 1);
  });
});
