import { strict as assert } from 'node:assert';
import { PRESENTER_ZOOM, stepZoom, ZOOMS, zoomLabel } from './zoom';
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
