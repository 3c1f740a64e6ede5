import { strict as assert } from 'node:assert';
import { placeTooltip, type Box } from './tooltip-place';

const box = (left: number, top: number, right: number, bottom: number): Box => ({ left, top, right, bottom });
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('webview model: the tooltip keeps off the side card', () => {
  const view = { w: 1280, h: 720 };
  const net = box(10, 100, 890, 600), side = box(902, 100, 1270, 700);
  const size = { w: 300, h: 120 };
  it('sits right-below the pointer when there is room', () => {
    assert.deepEqual(placeTooltip(size, 200, 200, net, side, view), { left: 214, top: 214 });
  });
  it('near the side card it moves left, staying inside the network, instead of over the card', () => {
    const p = placeTooltip(size, 800, 200, net, side, view);
    const r = box(p.left, p.top, p.left + size.w, p.top + size.h);
    assert.ok(!overlaps(r, side), JSON.stringify(p));
    assert.ok(r.right <= 890, 'left of the card');
    assert.ok(r.left >= net.left && r.right <= net.right && r.top >= net.top && r.bottom <= net.bottom, 'inside the network');
  });
  it('near the bottom of the network it stays above the side card below it (narrow panels)', () => {
    const below = box(10, 610, 1270, 710);
    const p = placeTooltip(size, 300, 590, box(10, 100, 1270, 600), below, view);
    assert.ok(p.top + size.h <= 600, `inside the network, above the card: ${JSON.stringify(p)}`);
  });
  it('every pointer position over the network: never over the card, never under the pointer', () => {
    for (let x = 12; x < 890; x += 37) {
      for (let y = 102; y < 600; y += 29) {
        const p = placeTooltip(size, x, y, net, side, view);
        const r = box(p.left, p.top, p.left + size.w, p.top + size.h);
        assert.ok(!overlaps(r, side), `pointer ${x},${y}: ${JSON.stringify(p)}`);
        assert.ok(!overlaps(r, box(x - 2, y - 2, x + 2, y + 2)), `covers the pointer at ${x},${y}`);
      }
    }
  });
});
