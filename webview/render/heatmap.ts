/**
 * Canvas drawing of everything that moves or is dense: every cell's hidden vector as a grid of coloured
 * units, the arrows (faded where the pass has not arrived yet), the active column, the flow dot and the
 * log-scale gradient bars. An atlas image (one pixel per unit) is built once per snapshot; each frame only
 * copies the visible cells out of it, so 100 × 64 × 2 units stay cheap. The canvas covers only the
 * visible part of a long sequence.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import type { NetworkLayout, Arrow } from '../model/layout';
import { COL_GAP } from '../model/layout';
import type { GradScale } from '../model/gradient';
import type { PhaseAt } from '../model/playback';
import { colourLut, lutIndex, NON_FINITE_RGB } from '../../src/shared/colour';

const LUT = colourLut();

export interface Theme {
  bg: string;
  fg: string;
  muted: string;
  empty: string;
  grad: string;
  gradBad: string;
  border: string;
  active: string;
  activeFill: string;
  arrow: string;
  recurrent: string;
  readout: string;
}

/** One pixel per unit: x = t*cols + u%cols, y = layer*rows + floor(u/cols). */
export function buildAtlas(s: SnapshotEvent, l: NetworkLayout): HTMLCanvasElement {
  const { cols, rows } = l.grid;
  const T = s.hidden.steps, L = s.hidden.layers, H = s.hidden.units;
  const w = T * cols, h = L * rows;
  const img = new ImageData(w, h);
  const px = img.data;
  for (let layer = 0; layer < L; layer++) {
    for (let t = 0; t < T; t++) {
      const off = (layer * T + t) * H;
      for (let u = 0; u < H; u++) {
        const x = t * cols + (u % cols), y = layer * rows + Math.floor(u / cols);
        const p = (y * w + x) * 4;
        const i = lutIndex(s.hidden.data[off + u]);
        if (i < 0) {
          px[p] = NON_FINITE_RGB[0]; px[p + 1] = NON_FINITE_RGB[1]; px[p + 2] = NON_FINITE_RGB[2];
        } else {
          px[p] = LUT[i * 3]; px[p + 1] = LUT[i * 3 + 1]; px[p + 2] = LUT[i * 3 + 2];
        }
        px[p + 3] = 255;
      }
    }
  }
  const c = document.createElement('canvas');
  c.width = w; c.height = h;
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c;
}

export interface DrawArgs {
  ctx: CanvasRenderingContext2D;
  layout: NetworkLayout;
  atlas: HTMLCanvasElement;
  grad: GradScale | null;
  phase: PhaseAt;
  frac: number;
  theme: Theme;
  /** Only columns in [t0, t1] are drawn (the visible part of a long sequence). */
  t0: number;
  t1: number;
  /** Arrows grouped by column (index t), from arrowsByColumn. */
  arrows: Arrow[][];
  /** P(positive) if read out at each step. */
  runningProb?: Float32Array;
}

export function arrowsByColumn(l: NetworkLayout): Arrow[][] {
  const by: Arrow[][] = Array.from({ length: l.steps }, () => []);
  for (const a of l.arrows) by[a.t].push(a);
  return by;
}

function arrow(ctx: CanvasRenderingContext2D, a: Arrow): void {
  // The head points along the last segment (from the last bend, if any).
  const from = a.via?.length ? a.via[a.via.length - 1] : { x: a.x1, y: a.y1 };
  const dx = a.x2 - from.x, dy = a.y2 - from.y, len = Math.hypot(dx, dy) || 1;
  const ux = dx / len, uy = dy / len, head = 6;
  ctx.beginPath();
  ctx.moveTo(a.x1, a.y1);
  for (const p of a.via ?? []) ctx.lineTo(p.x, p.y);
  ctx.lineTo(a.x2 - ux * head * 0.8, a.y2 - uy * head * 0.8);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(a.x2, a.y2);
  ctx.lineTo(a.x2 - ux * head - uy * head * 0.5, a.y2 - uy * head + ux * head * 0.5);
  ctx.lineTo(a.x2 - ux * head + uy * head * 0.5, a.y2 - uy * head - ux * head * 0.5);
  ctx.closePath();
  ctx.fill();
}

export function drawNetwork(a: DrawArgs): void {
  const { ctx, layout: l, atlas, phase, theme } = a;
  const { cols, rows } = l.grid;
  ctx.imageSmoothingEnabled = false;
  const top = l.output.y + l.output.h + 4;
  // The active column.
  const ac = l.columns[phase.t];
  if (phase.t >= a.t0 - 1 && phase.t <= a.t1 + 1) {
    ctx.fillStyle = theme.activeFill;
    ctx.fillRect(ac.x - l.cellW / 2 - 5, top - 2, l.cellW + 10, l.height - top - 4);
    ctx.strokeStyle = theme.active;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(ac.x - l.cellW / 2 - 5, top - 2, l.cellW + 10, l.height - top - 4);
  }
  // Arrows: solid where the forward pass has been, faint ahead of it.
  for (let t = a.t0; t <= a.t1; t++) {
    const done = t <= phase.computedUpTo;
    ctx.globalAlpha = done ? 1 : 0.25;
    for (const ar of a.arrows[t]) {
      const c = ar.kind === 'recurrent' ? theme.recurrent : ar.kind === 'readout' ? theme.readout : theme.arrow;
      ctx.strokeStyle = c; ctx.fillStyle = c;
      ctx.lineWidth = ar.kind === 'recurrent' || ar.kind === 'readout' ? 1.6 : 1.2;
      arrow(ctx, ar);
    }
  }
  ctx.globalAlpha = 1;
  // Cells.
  for (let t = a.t0; t <= a.t1; t++) {
    const computed = t <= phase.computedUpTo;
    for (let layer = 0; layer < l.layers; layer++) {
      const c = l.cells[t * l.layers + layer];
      if (!computed) {
        ctx.fillStyle = theme.empty;
        ctx.fillRect(c.x, c.y, l.cellW, l.cellH);
        continue;
      }
      ctx.globalAlpha = phase.phase === 'forward' && t === phase.t ? 0.25 + 0.75 * a.frac : 1;
      ctx.drawImage(atlas, t * cols, layer * rows, cols, rows, c.x, c.y, l.cellW, l.cellH);
      ctx.globalAlpha = 1;
    }
  }
  // The flow dot travels along the recurrence: left to right forward, right to left backward.
  if (a.frac < 1) {
    const topCell = l.cells[phase.t * l.layers + l.layers - 1];
    const cy = topCell.y + l.cellH / 2;
    const e = 1 - (1 - a.frac) * (1 - a.frac);
    const cx = phase.phase === 'forward' ? ac.x - l.cellW / 2 - COL_GAP + e * COL_GAP : ac.x + l.cellW / 2 + COL_GAP - e * COL_GAP;
    ctx.fillStyle = phase.phase === 'forward' ? theme.recurrent : theme.grad;
    ctx.beginPath();
    ctx.arc(cx, cy, 4.5, 0, Math.PI * 2);
    ctx.fill();
  }
  if (a.runningProb && l.probRow) {
    // Bars up from the middle line towards red when P(positive) > 0.5, down towards blue below it.
    const r = l.probRow, mid = r.y + r.h / 2;
    for (let t = a.t0; t <= Math.min(a.t1, phase.computedUpTo); t++) {
      const p = a.runningProb[t];
      if (!Number.isFinite(p)) continue;
      const i = lutIndex((p - 0.5) * 2);
      ctx.fillStyle = `rgb(${LUT[i * 3]},${LUT[i * 3 + 1]},${LUT[i * 3 + 2]})`;
      const h = (p - 0.5) * r.h;
      ctx.fillRect(l.columns[t].x - l.cellW / 2 + 2, h > 0 ? mid - Math.max(2, h) : mid, l.cellW - 4, Math.max(2, Math.abs(h)));
    }
    ctx.fillStyle = theme.border;
    ctx.fillRect(l.columns[a.t0].x - l.cellW / 2, mid, l.columns[a.t1].x - l.columns[a.t0].x + l.cellW, 1);
  }
  if (!a.grad) return;
  const x0 = l.columns[a.t0].x - l.cellW / 2, x1 = l.columns[a.t1].x + l.cellW / 2;
  for (const row of l.gradRows) {
    ctx.fillStyle = theme.border;
    ctx.fillRect(x0, row.y + row.h, x1 - x0, 1);
    if (phase.phase !== 'backward') continue;
    for (let t = Math.max(a.t0, phase.gradFrom); t <= a.t1; t++) {
      const bar = a.grad.bars[row.layer * l.steps + t];
      const grow = t === phase.t ? a.frac : 1;
      const h = Math.max(bar.flag === 'zero' ? 0 : 1, bar.frac * row.h * grow);
      const x = l.columns[t].x - l.cellW / 2 + 2;
      ctx.fillStyle = bar.flag === 'ok' ? theme.grad : theme.gradBad;
      ctx.fillRect(x, row.y + row.h - h, l.cellW - 4, h);
    }
  }
}
