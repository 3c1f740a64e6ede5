/**
 * Where the network's tooltip goes: beside the pointer, inside the network's box (the canvas area), never over
 * the side card (Output box, inspector) and never under the pointer. Pure.
 */
export interface Box { left: number; top: number; right: number; bottom: number }

const GAP = 14;

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, hi));

/**
 * `size` of the tooltip, pointer at (`x`, `y`), `area` the box it should stay in (the network's scroller),
 * `avoid` what it must not cover (the side card), `view` the window. Tries right-below, right-above,
 * left-below, left-above of the pointer, each clamped into the area; the first that covers neither the side
 * card nor the pointer wins. If none fits in the area, the window is the area (still avoiding the card).
 */
export function placeTooltip(size: { w: number; h: number }, x: number, y: number, area: Box, avoid: Box | null,
  view: { w: number; h: number }): { left: number; top: number } {
  const win: Box = { left: 4, top: 4, right: view.w - 4, bottom: view.h - 4 };
  const inner: Box = { left: Math.max(area.left, win.left), top: Math.max(area.top, win.top), right: Math.min(area.right, win.right),
    bottom: Math.min(area.bottom, win.bottom) };
  const pointer: Box = { left: x - 2, top: y - 2, right: x + 2, bottom: y + 2 };
  for (const box of [inner, win]) {
    for (const [dx, dy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
      const l0 = dx > 0 ? x + GAP : x - GAP - size.w, t0 = dy > 0 ? y + GAP : y - GAP - size.h;
      const left = clamp(l0, box.left, Math.max(box.left, box.right - size.w));
      const top = clamp(t0, box.top, Math.max(box.top, box.bottom - size.h));
      const r: Box = { left, top, right: left + size.w, bottom: top + size.h };
      if (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5) continue; // does not fit in this box
      if (avoid && overlaps(r, avoid)) continue;
      if (overlaps(r, pointer)) continue;
      return { left, top };
    }
  }
  // Nothing fits: below-right of the pointer in the window, as before.
  return { left: clamp(x + GAP, win.left, Math.max(win.left, win.right - size.w)),
    top: clamp(y + GAP, win.top, Math.max(win.top, win.bottom - size.h)) };
}
