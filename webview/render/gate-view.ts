/**
 * The gated cells' views under the network (drawing only; the numbers come from model/gates.ts):
 * - the gates along the sequence (each gate's mean over the units per step) and, at the pinned or current
 *   step, every gate of every unit as a heatmap, with the cell's equations and live numbers;
 * - for the LSTM, the cell-state lane: c_t per unit along the sequence, then ‖∂L/∂c_t‖ and ‖∂L/∂h_t‖ per
 *   step on one log axis, so a student sees the gradient travel back along c_t while h_t's fades.
 * Hidden for the tanh and linear cells.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import { divergingHex } from '../../src/shared/colour';
import { cellLane, gatedEquation, gateStep, gateStrip, gatesOf, type CellLane } from '../model/gates';
import { fmt, logTick, minus, sci } from '../model/format';
import { el, svgEl } from './dom';

const LABEL_W = 56;

/** Which steps have values (forward: 0…upTo) and gradients (t ≥ gradFrom) at the playback's phase. */
export interface Shown { upTo: number; gradFrom: number }
const ALL: Shown = { upTo: Infinity, gradFrom: 0 };
const ROW_H = 16;

/** Width of one step's column: the whole sequence fits ~1000 px, between 4 and 16 px a step. */
export function columnWidth(steps: number): number {
  return Math.max(4, Math.min(16, Math.floor(1000 / Math.max(1, steps))));
}

function title(node: SVGElement, text: string): void {
  const t = svgEl('title');
  t.textContent = text;
  node.append(t);
}

export class GateView {
  readonly root: HTMLElement;
  /** A step was clicked in the strip or the lane. */
  onSelect: ((t: number) => void) | null = null;
  private key = '';
  private shown: Shown = ALL;

  constructor() {
    this.root = el('section', { class: 'gate-view', 'aria-label': 'Gates and cell state' });
    this.root.hidden = true;
  }

  /** The theme changed: the canvas took its colours from the old one, so the next update draws afresh. */
  retheme(): void {
    this.key = '';
  }

  /**
   * Draw the gates of `layer` with step `t` marked (pinned: the cell the student pinned). `shown` keeps the
   * playback's promise: values only up to the step the forward pass has reached, gradient bars only from
   * where the backward pass has got to (as the network draws them).
   */
  update(s: SnapshotEvent | null, layer: number, t: number, pinned: boolean, shown: Shown = ALL): void {
    const g = s ? gatesOf(s) : null;
    if (!s || !g) {
      this.root.hidden = true;
      this.root.replaceChildren();
      this.key = '';
      return;
    }
    const L = Math.min(Math.max(0, layer), g.layers - 1);
    const tt = Math.min(Math.max(0, t), g.steps - 1);
    this.shown = shown;
    const key = `${s.id}:${s.label ?? ''}:${L}:${tt}:${pinned}:${shown.upTo}:${shown.gradFrom}`;
    if (key === this.key && !this.root.hidden) return;
    this.key = key;
    this.root.hidden = false;
    const kids: Node[] = [];
    const cellName = g.cell.toUpperCase();
    kids.push(el('h2', { text: `${cellName} gates, layer ${L + 1}` }));
    kids.push(this.strip(s, L, tt));
    kids.push(...this.step(s, L, tt, pinned));
    const lane = cellLane(s, L);
    if (lane) kids.push(...this.lane(lane, tt));
    this.root.replaceChildren(...kids);
  }

  private columnHit(svg: Element, cw: number, steps: number): void {
    svg.addEventListener('click', (ev) => {
      const e = ev as MouseEvent;
      const r = svg.getBoundingClientRect();
      const t = Math.floor((e.clientX - r.left - LABEL_W) / cw);
      if (t >= 0 && t < steps) this.onSelect?.(t);
    });
  }

  private strip(s: SnapshotEvent, layer: number, t: number): HTMLElement {
    const st = gateStrip(s, layer)!;
    const cw = columnWidth(st.steps);
    const w = LABEL_W + st.steps * cw + 2;
    const h = st.names.length * ROW_H + 2;
    const svg = svgEl('svg', { class: 'gate-strip', width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': `Mean of each gate over the units at every step` });
    st.names.forEach((name, k) => {
      const label = svgEl('text', { x: LABEL_W - 6, y: k * ROW_H + ROW_H - 4, 'text-anchor': 'end', class: 'gate-label' });
      label.textContent = name;
      svg.append(label);
      for (let x = 0; x < st.steps; x++) {
        const v = st.mean[k * st.steps + x];
        const known = x <= this.shown.upTo;
        const r = svgEl('rect', { x: LABEL_W + x * cw, y: k * ROW_H + 1, width: cw - (cw > 5 ? 1 : 0), height: ROW_H - 2, fill: known ? divergingHex(v, 1) : 'var(--u-empty)' });
        title(r, known ? `${name} at t = ${x} “${s.tokens[x] ?? ''}”: mean ${fmt(v, 4)} over ${s.hidden.units} units` : `t = ${x}: not computed yet`);
        svg.append(r);
      }
    });
    svg.append(svgEl('rect', { class: 'gate-mark', x: LABEL_W + t * cw - 0.5, y: 0.5, width: cw, height: h - 1, fill: 'none' }));
    this.columnHit(svg, cw, st.steps);
    return el('figure', { class: 'gate-fig' }, el('figcaption', { text: 'Each gate’s mean over the units, step by step (click a step). Blue −1, white 0, red +1.' }), svg);
  }

  private step(s: SnapshotEvent, layer: number, t: number, pinned: boolean): Node[] {
    const v = gateStep(s, layer, t)!;
    const H = s.hidden.units;
    const cw = Math.max(6, Math.min(14, Math.floor(900 / H)));
    const w = LABEL_W + H * cw + 2;
    const h = v.rows.length * ROW_H + 2;
    const svg = svgEl('svg', { class: 'gate-heat', width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': `Every gate of every unit at t = ${t}` });
    v.rows.forEach((row, k) => {
      const label = svgEl('text', { x: LABEL_W - 6, y: k * ROW_H + ROW_H - 4, 'text-anchor': 'end', class: 'gate-label' });
      label.textContent = `${row.name} ${row.fn}`;
      svg.append(label);
      row.values.forEach((x, u) => {
        const r = svgEl('rect', { x: LABEL_W + u * cw, y: k * ROW_H + 1, width: cw - 1, height: ROW_H - 2, fill: divergingHex(x, 1) });
        title(r, `${row.name}[u${u}] = ${fmt(x, 6)}`);
        svg.append(r);
      });
    });
    const where = `${pinned ? 'pinned cell' : 'step'} t = ${t}, “${v.word}”${t >= s.length ? ' (padding)' : ''}`;
    const facts = el('dl', { class: 'facts gate-facts' });
    for (const r of v.rows) facts.append(el('dt', { text: `${r.name} (${r.fn})` }), el('dd', { text: `${r.role}; mean ${fmt(r.mean, 4)}, ${fmt(r.min, 3)} … ${fmt(r.max, 3)}` }));
    const eq = gatedEquation(s, layer, t, 4)!;
    const check = `Recomputed from the gates shown, ${v.cell === 'lstm' ? 'h_t and c_t match' : 'h_t matches'} what the engine recorded to within ${sci(eq.residual, 1)}.`;
    return [
      el('h3', { text: `Every gate of every unit, ${where}` }),
      el('figure', { class: 'gate-fig' }, svg),
      facts,
      el('h3', { text: 'The cell, live' }),
      el('pre', { class: 'eq-lines gate-eq', text: [...eq.formula, '', ...eq.rows].join('\n') }),
      el('p', { class: 'note', text: check }),
    ];
  }

  private lane(lane: CellLane, t: number): Node[] {
    const T = lane.steps.length;
    const cw = columnWidth(T);
    const w = LABEL_W + T * cw + 2;
    const barH = 96;
    const svg = svgEl('svg', { class: 'cell-lane', width: w, height: barH + 22, viewBox: `0 0 ${w} ${barH + 22}`, role: 'img', 'aria-label': `‖∂L/∂c_t‖ and ‖∂L/∂h_t‖ at every step on a log axis` });
    const [lo, hi] = lane.decades;
    const step = Math.max(1, Math.ceil((hi - lo) / 5));
    for (let d = lo; d <= hi; d += step) {
      const y = barH - ((d - lo) / (hi - lo)) * barH + 0.5;
      svg.append(svgEl('line', { x1: LABEL_W, x2: w, y1: y, y2: y, class: 'lane-grid' }));
      const tick = svgEl('text', { x: LABEL_W - 4, y: y + 4, 'text-anchor': 'end', class: 'lane-tick' });
      tick.textContent = logTick(10 ** d);
      svg.append(tick);
    }
    const half = Math.max(1, Math.floor(cw / 2) - (cw > 6 ? 1 : 0));
    for (const p of lane.steps) {
      if (p.t < this.shown.gradFrom) continue; // the backward pass has not got there yet
      const x = LABEL_W + p.t * cw;
      if (p.dc !== null) {
        const r = svgEl('rect', { class: 'lane-dc', x, y: barH - p.dcPos * barH, width: half, height: p.dcPos * barH });
        title(r, `t = ${p.t} “${p.word}”: ‖∂L/∂c_t‖ = ${sci(p.dc, 3)}, ‖c_t‖ = ${fmt(p.cNorm, 4)}`);
        svg.append(r);
      }
      if (p.dh !== null) {
        const r = svgEl('rect', { class: 'lane-dh', x: x + half, y: barH - p.dhPos * barH, width: half, height: p.dhPos * barH });
        title(r, `t = ${p.t} “${p.word}”: ‖∂L/∂h_t‖ = ${sci(p.dh, 3)}`);
        svg.append(r);
      }
    }
    svg.append(svgEl('rect', { class: 'gate-mark', x: LABEL_W + t * cw - 0.5, y: 0.5, width: cw, height: barH, fill: 'none' }));
    const axis = svgEl('text', { x: LABEL_W, y: barH + 16, class: 'lane-tick' });
    axis.textContent = minus(`t = 0 … ${T - 1}; bars on a log axis from 1e${lo} to 1e${hi}`);
    svg.append(axis);
    this.columnHit(svg, cw, T);
    const cHeat = this.cellStateHeat(lane, t);
    const known = lane.steps[t];
    const here = { ...known, dc: t >= this.shown.gradFrom ? known.dc : null, dh: t >= this.shown.gradFrom ? known.dh : null };
    const legend = el('p', { class: 'lane-legend' },
      el('span', { class: 'swatch lane-dc-swatch' }), ' ‖∂L/∂c_t‖ (along the cell state)  ',
      el('span', { class: 'swatch lane-dh-swatch' }), ' ‖∂L/∂h_t‖ (along the hidden state)');
    return [
      el('h3', { text: 'The cell-state lane: c_t and its gradient' }),
      el('figure', { class: 'gate-fig' }, el('figcaption', { text: 'c_t, every unit (rows) at every step. Blue −1, white 0, red +1.' }), cHeat),
      el('figure', { class: 'gate-fig' }, svg, legend),
      el('p', { class: 'lane-here', text: `At t = ${t}: ‖c_t‖ = ${fmt(here.cNorm, 4)}` + (here.dc !== null ? `, ‖∂L/∂c_t‖ = ${sci(here.dc, 3)}` : '') + (here.dh !== null ? `, ‖∂L/∂h_t‖ = ${sci(here.dh, 3)}` : '') }),
      el('p', { class: 'story lane-summary', text: this.shown.gradFrom <= 0 ? lane.summary : 'The backward pass has not reached t = 0 yet: the comparison of the two gradients appears when it has.' }),
    ];
  }

  /** c_t as a heat strip on a canvas (units × steps is thousands of cells): one row per unit, one column per step. */
  private cellStateHeat(lane: CellLane, t: number): HTMLElement {
    const T = lane.steps.length;
    const cw = columnWidth(T);
    const units = lane.steps[0]?.c.length ?? 0;
    const rowH = units > 48 ? 1.5 : 3;
    const w = LABEL_W + T * cw + 2;
    const h = Math.ceil(units * rowH) + 2;
    const canvas = el('canvas', { class: 'cell-heat', width: w, height: h, role: 'img', 'aria-label': `c_t of every unit along the sequence; at t = ${t}: ‖c_t‖ = ${fmt(lane.steps[t].cNorm, 4)}` });
    const g = canvas.getContext('2d');
    if (g) {
      g.fillStyle = getComputedStyle(this.root).color || '#000';
      g.font = '11px monospace';
      g.textAlign = 'right';
      g.fillText('c_t', LABEL_W - 6, Math.min(h - 2, 12));
      for (let x = 0; x < T && x <= this.shown.upTo; x++) {
        const col = lane.steps[x].c;
        for (let u = 0; u < units; u++) {
          g.fillStyle = divergingHex(col[u], 1);
          g.fillRect(LABEL_W + x * cw, 1 + u * rowH, cw, rowH);
        }
      }
      g.strokeStyle = getComputedStyle(this.root).getPropertyValue('--u-accent').trim() || '#0078d4';
      g.lineWidth = 2;
      g.strokeRect(LABEL_W + t * cw, 1, cw, h - 2);
    }
    this.columnHit(canvas, cw, T);
    return canvas;
  }
}
