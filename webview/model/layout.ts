/**
 * Where everything of the unrolled network goes, in pixels, computed from the snapshot's shape only.
 * Top to bottom: the output, one row of cells per layer (top layer first), the inputs x_t, the tokens,
 * then one row of log-scale gradient bars per layer. One column per timestep, left to right.
 */
import type { ReadoutName } from '../../src/shared/events';

export const MARGIN_LEFT = 118;
export const MARGIN_RIGHT = 150;
export const MARGIN_TOP = 12;
export const OUTPUT_H = 46;
export const READOUT_GAP = 34;
export const LAYER_GAP = 26;
export const COL_GAP = 22;
export const INPUT_H = 14;
export const INPUT_GAP = 24;
export const TOKEN_H = 64;
/** Tall enough that the fade of a vanishing gradient over many decades reads at a glance (one layer; each of
 * several layers gets GRAD_ROW_H_STACKED so the whole network still fits the box's height). */
export const GRAD_ROW_H = 100;
export const GRAD_ROW_H_STACKED = 80;
export const GRAD_GAP = 24;
/** P(positive) 0…1 with 0.5 in the middle: ±20 px for ±0.5. */
export const PROB_H = 40;
/** Target size of a cell's heatmap, px. */
export const CELL_TARGET = 34;

export type ArrowKind = 'input' | 'recurrent' | 'layer' | 'readout';

/** From (x1, y1) to (x2, y2), through `via` when given (a bend); `t` is the column that draws it. */
export interface Arrow {
  kind: ArrowKind; layer: number; t: number; x1: number; y1: number; x2: number; y2: number; via?: Array<{ x: number; y: number }>;
}
export interface Column { t: number; x: number; token: string; unknown: boolean; pad: boolean }
export interface Cell { layer: number; t: number; x: number; y: number }
export interface RowLabel { label: string; y: number; h: number; kind: 'output' | 'layer' | 'input' | 'token' | 'grad' | 'prob' }

export interface NetworkLayout {
  width: number;
  height: number;
  steps: number;
  layers: number;
  units: number;
  /** Units are drawn as a grid of cols × rows squares of unitPx. */
  grid: { cols: number; rows: number };
  unitPx: number;
  cellW: number;
  cellH: number;
  colW: number;
  columns: Column[];
  cells: Cell[];
  arrows: Arrow[];
  output: { x: number; y: number; w: number; h: number };
  /** The hidden states the readout reads, by column (one for final/last-token, 0…length-1 for mean, T-2 for the
   * notebook's simple RNN, whose output is h2o([x_t ; h_{t-1}])). */
  readoutFrom: number[];
  /** The column whose input x_t the readout also reads (the simple RNN: T-1), or null. */
  readoutInput: number | null;
  /** The output exists once the forward pass has computed this column. */
  readoutReadyAt: number;
  rows: RowLabel[];
  inputY: number;
  tokenY: number;
  gradRows: Array<{ layer: number; y: number; h: number }>;
  /** Row of P(positive)-if-read-here bars, when the snapshot has a running probability. */
  probRow: { y: number; h: number } | null;
}

/** Unit grid for H units: as square as possible, wider than tall. */
export function unitGrid(units: number): { cols: number; rows: number } {
  if (units <= 0) return { cols: 1, rows: 1 };
  const cols = Math.ceil(Math.sqrt(units));
  return { cols, rows: Math.ceil(units / cols) };
}

export interface LayoutInput {
  layers: number;
  steps: number;
  units: number;
  tokens: readonly string[];
  unknown: readonly boolean[];
  /** Real tokens before padding. */
  length: number;
  readout: ReadoutName | 'simple';
  /** Gradient rows are laid out only when the snapshot has gradient norms. */
  hasGrad: boolean;
  /** A running-probability row is laid out when the snapshot has one. */
  hasProb?: boolean;
}

/**
 * Which columns the readout reads: `from` (top-layer states: one for final/last-token, 0…length-1 for mean, T-2
 * for the notebook's simple RNN), `input` (the column whose x_t it also reads: the simple RNN's T-1, else null)
 * and `readyAt`, the column after which the output exists (the forward pass has computed everything it reads).
 */
export function readoutSteps(readout: ReadoutName | 'simple', length: number, steps: number): { from: number[]; input: number | null; readyAt: number } {
  let from: number[];
  let input: number | null = null;
  if (readout === 'mean') from = range(Math.max(1, Math.min(length, steps)));
  else if (readout === 'last-token') from = [Math.max(0, Math.min(length, steps) - 1)];
  else if (readout === 'simple') { from = steps >= 2 ? [steps - 2] : []; input = steps - 1; } else from = [steps - 1];
  return { from, input, readyAt: Math.max(input ?? 0, ...from) };
}

export function layoutNetwork(s: LayoutInput): NetworkLayout {
  const { layers, steps, units } = s;
  if (layers < 1 || steps < 1 || units < 1) throw new Error(`network layout: empty snapshot (layers ${layers}, steps ${steps}, units ${units})`);
  const grid = unitGrid(units);
  const unitPx = Math.max(2, Math.floor(CELL_TARGET / Math.max(grid.cols, grid.rows)));
  const cellW = grid.cols * unitPx, cellH = grid.rows * unitPx;
  const colW = cellW + COL_GAP;
  const xOf = (t: number) => MARGIN_LEFT + t * colW;
  const rows: RowLabel[] = [];
  let y = MARGIN_TOP;
  const output = { x: 0, y, w: Math.max(170, cellW + 60), h: OUTPUT_H };
  rows.push({ label: 'output', y, h: OUTPUT_H, kind: 'output' });
  y += OUTPUT_H + READOUT_GAP;
  const layerY: number[] = new Array<number>(layers);
  for (let l = layers - 1; l >= 0; l--) {
    layerY[l] = y;
    rows.push({ label: `layer ${l + 1}  h_t`, y, h: cellH, kind: 'layer' });
    y += cellH + (l > 0 ? LAYER_GAP : 0);
  }
  y += INPUT_GAP;
  const inputY = y;
  rows.push({ label: 'input  x_t', y, h: INPUT_H, kind: 'input' });
  y += INPUT_H + 6;
  const tokenY = y;
  rows.push({ label: 'token', y, h: TOKEN_H, kind: 'token' });
  y += TOKEN_H;
  let probRow: NetworkLayout['probRow'] = null;
  if (s.hasProb) {
    y += GRAD_GAP;
    probRow = { y, h: PROB_H };
    rows.push({ label: 'P(positive) here', y, h: PROB_H, kind: 'prob' });
    y += PROB_H;
  }
  const gradRows: NetworkLayout['gradRows'] = [];
  if (s.hasGrad) {
    y += GRAD_GAP;
    const h = layers > 1 ? GRAD_ROW_H_STACKED : GRAD_ROW_H;
    for (let l = layers - 1; l >= 0; l--) {
      gradRows.push({ layer: l, y, h });
      rows.push({ label: `‖∂L/∂h_t‖ layer ${l + 1}`, y, h, kind: 'grad' });
      y += h + GRAD_GAP;
    }
  }
  const height = y + 8;

  const columns: Column[] = [];
  const cells: Cell[] = [];
  const arrows: Arrow[] = [];
  for (let t = 0; t < steps; t++) {
    const x = xOf(t);
    columns.push({ t, x: x + cellW / 2, token: s.tokens[t] ?? '', unknown: !!s.unknown[t], pad: t >= s.length });
    for (let l = 0; l < layers; l++) {
      cells.push({ layer: l, t, x, y: layerY[l] });
      const cy = layerY[l] + cellH / 2;
      if (t > 0) arrows.push({ kind: 'recurrent', layer: l, t, x1: x - COL_GAP + 2, y1: cy, x2: x - 2, y2: cy });
      if (l > 0) arrows.push({ kind: 'layer', layer: l, t, x1: x + cellW / 2, y1: layerY[l - 1] - 2, x2: x + cellW / 2, y2: layerY[l] + cellH + 2 });
    }
    arrows.push({ kind: 'input', layer: 0, t, x1: x + cellW / 2, y1: inputY - 2, x2: x + cellW / 2, y2: layerY[0] + cellH + 2 });
  }

  // The readout: which top-layer states the classifier reads.
  const { from: readoutFrom, input: readoutInput, readyAt: readoutReadyAt } = readoutSteps(s.readout, s.length, steps);
  const top = layerY[layers - 1];
  if (readoutInput !== null) {
    // output = h2o([x_{T-1} ; h_{T-2}]): one arrow up from h_{T-2}, one from x_{T-1} round the right of the last
    // column (past h_{T-1}, which nothing reads), into a box between them.
    const T1 = readoutInput;
    const routeX = xOf(T1) + cellW + COL_GAP / 2 + 4;
    const hx = readoutFrom.length ? xOf(readoutFrom[0]) + cellW / 2 : xOf(T1) - COL_GAP;
    output.w = Math.max(output.w, routeX - hx + 48);
    output.x = Math.max(MARGIN_LEFT, (hx + routeX) / 2 - output.w / 2);
    const bottom = output.y + output.h + 2;
    for (const _t of readoutFrom) {
      arrows.push({ kind: 'readout', layer: layers - 1, t: T1, x1: hx, y1: top - 2, x2: Math.min(hx + 12, routeX - 24), y2: bottom });
    }
    const xy = inputY + INPUT_H / 2;
    arrows.push({ kind: 'readout', layer: 0, t: T1, x1: xOf(T1) + cellW + 2, y1: xy, via: [{ x: routeX, y: xy }], x2: routeX, y2: bottom });
  } else {
    const lastFrom = readoutFrom[readoutFrom.length - 1];
    output.x = Math.max(MARGIN_LEFT, xOf(lastFrom) + cellW / 2 - output.w / 2);
    for (const t of readoutFrom) {
      const cx = xOf(t) + cellW / 2;
      arrows.push({ kind: 'readout', layer: layers - 1, t, x1: cx, y1: top - 2, x2: output.x + output.w / 2, y2: output.y + output.h + 2 });
    }
  }
  const width = Math.max(xOf(steps - 1) + cellW, output.x + output.w) + MARGIN_RIGHT;
  return { width, height, steps, layers, units, grid, unitPx, cellW, cellH, colW, columns, cells, arrows, output, readoutFrom, readoutInput,
    readoutReadyAt, rows, inputY, tokenY, gradRows, probRow };
}

/** Overflow at 100 % zoom below this share of the drawing's width is fitted instead of scrolled. */
export const FIT_SLACK = 0.15;

/**
 * The zoom actually used for a zoom setting (0 = fit the width) and a box `boxWidth` px wide: the setting itself,
 * except that at 100 % a drawing only slightly wider than the box (overflow < FIT_SLACK of its width) is
 * shrunk to fit — a few px of scrolling would only hide the first column under the pinned row labels.
 */
export function effectiveZoom(setting: number, layoutWidth: number, boxWidth: number): number {
  const avail = boxWidth - 4;
  const fit = Math.min(1, Math.max(0.15, avail / layoutWidth));
  if (setting <= 0) return fit;
  if (setting === 1 && boxWidth > 0 && layoutWidth > avail && layoutWidth - avail < FIT_SLACK * layoutWidth) return fit;
  return setting;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Top-left of unit u inside a cell. */
export function unitOffset(l: NetworkLayout, u: number): { x: number; y: number } {
  return { x: (u % l.grid.cols) * l.unitPx, y: Math.floor(u / l.grid.cols) * l.unitPx };
}

export type Hit =
  | { kind: 'cell'; layer: number; t: number; unit: number | null }
  | { kind: 'token'; t: number }
  | { kind: 'grad'; layer: number; t: number }
  | { kind: 'prob'; t: number }
  | { kind: 'output' };

/** What is under the point (x, y) in layout coordinates, or null. */
export function hitTest(l: NetworkLayout, x: number, y: number): Hit | null {
  const o = l.output;
  if (x >= o.x && x <= o.x + o.w && y >= o.y && y <= o.y + o.h) return { kind: 'output' };
  const rel = x - MARGIN_LEFT;
  if (rel < 0) return null;
  const t = Math.floor(rel / l.colW);
  if (t >= l.steps) return null;
  const inCol = rel - t * l.colW;
  if (y >= l.tokenY - 6 - INPUT_H && y < l.tokenY + TOKEN_H && inCol <= l.cellW + COL_GAP / 2) return { kind: 'token', t };
  if (l.probRow && y >= l.probRow.y && y < l.probRow.y + l.probRow.h && inCol <= l.cellW) return { kind: 'prob', t };
  for (const g of l.gradRows) {
    if (y >= g.y && y < g.y + g.h && inCol <= l.cellW) return { kind: 'grad', layer: g.layer, t };
  }
  if (inCol > l.cellW) return null;
  for (let layer = 0; layer < l.layers; layer++) {
    const c = l.cells[t * l.layers + layer];
    if (y >= c.y && y < c.y + l.cellH) {
      const ux = Math.floor(inCol / l.unitPx), uy = Math.floor((y - c.y) / l.unitPx);
      const u = uy * l.grid.cols + ux;
      return { kind: 'cell', layer, t, unit: u < l.units && ux < l.grid.cols ? u : null };
    }
  }
  return null;
}
