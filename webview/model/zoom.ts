/**
 * The network's zoom steps, 50–300 %, and "fit width" (0). Presenter mode starts at PRESENTER_ZOOM. Pure.
 */
export const ZOOMS = [3, 2.5, 2, 1.5, 1.25, 1, 0.75, 0.5, 0] as const;
export const PRESENTER_ZOOM = 2;

export function zoomLabel(z: number): string {
  return z <= 0 ? 'fit width' : `${Math.round(z * 100)} %`;
}

/** The next zoom step in (dir = +1) or out (−1) from `z`, within 50–300 % (from "fit width": the nearest step). */
export function stepZoom(z: number, dir: 1 | -1, fitted = 1): number {
  const steps = ZOOMS.filter((v) => v > 0).slice().sort((a, b) => a - b);
  const cur = z > 0 ? z : fitted;
  if (dir > 0) return steps.find((v) => v > cur + 1e-9) ?? steps[steps.length - 1];
  return [...steps].reverse().find((v) => v < cur - 1e-9) ?? steps[0];
}

/** The zoom a key press asks for with Ctrl (or ⌘) held: +1 in (Ctrl + / =), −1 out (Ctrl −), 0 back to 100 % (Ctrl 0); null otherwise. */
export function zoomKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): 1 | -1 | 0 | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.key === '+' || e.key === '=' || e.key === 'Add') return 1;
  if (e.key === '-' || e.key === '_' || e.key === 'Subtract' || e.key === '−') return -1;
  if (e.key === '0') return 0;
  return null;
}

/** Pixels of Ctrl+wheel (or pinch: the browser sends it as a Ctrl+wheel) per zoom step. */
export const WHEEL_STEP_PX = 40;

/**
 * Ctrl+wheel and pinch: the deltas add up (a pinch sends many small ones) until they make one step; wheel up /
 * pinch out zooms in. `deltaMode` 1 is lines, 2 pages (as WheelEvent says). Returns the new total and the step, if any.
 */
export function wheelZoom(acc: number, deltaY: number, deltaMode = 0): { acc: number; dir: 1 | -1 | null } {
  const px = deltaY * (deltaMode === 1 ? 16 : deltaMode === 2 ? 400 : 1);
  const sum = (Math.sign(px) !== Math.sign(acc) ? 0 : acc) + px;
  if (sum <= -WHEEL_STEP_PX) return { acc: 0, dir: 1 };
  if (sum >= WHEEL_STEP_PX) return { acc: 0, dir: -1 };
  return { acc: sum, dir: null };
}

/** The zoom setting after a zoom key or wheel step: `dir` 0 is 100 %; from "fit width" it steps from the fitted zoom. */
export function nextZoom(setting: number, dir: 1 | -1 | 0, fitted: number): number {
  return dir === 0 ? 1 : stepZoom(setting, dir, fitted);
}
