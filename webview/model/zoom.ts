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
