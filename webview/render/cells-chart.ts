/**
 * Compare Cells on ONE log axis (D3): per cell the long sequence's ‖∂L/∂x_t‖ over t, its first-token gradient
 * as a labelled dot at t = 0, and the short sequence's first-token gradient in a column of its own on the same
 * axis; a key with test accuracy and seconds per epoch; the demo's reading. The model is model/cells-compare.ts.
 */
import { select } from 'd3-selection';
import { scaleLinear, scaleLog } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line } from 'd3-shape';
import type { CellsChart } from '../model/cells-compare';
import { logTick, sci } from '../model/format';
import { el, svgEl } from './dom';

const W = 760, H = 300;
const M = { top: 26, right: 16, bottom: 34, left: 58 };
const SHORT_W = 96; // the short sequence's column

/** Label y positions at least `gap` apart, each as near its wish as it can be, within [lo, hi]. */
function spread(ys: number[], gap: number, lo: number, hi: number): number[] {
  const order = ys.map((y, i) => ({ y: Math.min(hi, Math.max(lo, y)), i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) order[k].y = Math.max(order[k].y, order[k - 1].y + gap);
  for (let k = order.length - 1; k >= 0; k--) order[k].y = Math.min(order[k].y, k === order.length - 1 ? hi : order[k + 1].y - gap);
  const out = new Array<number>(ys.length);
  for (const o of order) out[o.i] = o.y;
  return out;
}

export function cellsChartView(c: CellsChart): HTMLElement {
  const innerH = H - M.top - M.bottom;
  const plotW = W - M.left - M.right - SHORT_W;
  const x = scaleLinear().domain([0, Math.max(1, c.longLength - 1)]).range([0, plotW]);
  const y = scaleLog().domain([10 ** c.axis.lo, 10 ** c.axis.hi]).range([innerH, 0]).clamp(true);
  const desc = c.lines.map((l) => `${l.cell}: ${sci(l.long, 2)} after ${c.longLength} tokens, ${sci(l.short, 2)} after ${c.shortLength}`).join('; ');
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart cells-chart', role: 'img', 'aria-label': `First-token gradients of the cells on one log axis. ${desc}` });
  const title = svgEl('text', { x: M.left, y: 15, class: 'chart-title' });
  title.textContent = `‖∂L/∂x_t‖ of the ${c.longLength}-token sequence, every cell on one log axis`;
  svg.append(title);
  const g = select(svg).append('g').attr('transform', `translate(${M.left},${M.top})`);
  const decades = c.axis.hi - c.axis.lo;
  const ticks = Array.from({ length: decades + 1 }, (_, k) => 10 ** (c.axis.lo + k))
    .filter((_, k) => decades <= 12 || k % Math.ceil(decades / 10) === 0);
  g.append('g').attr('class', 'axis').call(axisLeft(y).tickValues(ticks).tickFormat((v) => logTick(Number(v))));
  g.append('g').attr('class', 'axis').attr('transform', `translate(0,${innerH})`).call(axisBottom(x).ticks(10).tickFormat((v) => String(v)));
  g.append('text').attr('class', 'axis-label').attr('x', plotW).attr('y', innerH + 30).attr('text-anchor', 'end').text('token position t (0 = the first token)');
  // the short sequence's column
  const sx = plotW + SHORT_W / 2 + 8;
  g.append('line').attr('class', 'cells-sep').attr('x1', plotW + 12).attr('x2', plotW + 12).attr('y1', 0).attr('y2', innerH);
  g.append('text').attr('class', 'axis-label').attr('x', sx).attr('y', innerH + 16).attr('text-anchor', 'middle').text(`first of ${c.shortLength}`);
  g.append('text').attr('class', 'axis-label').attr('x', sx).attr('y', innerH + 30).attr('text-anchor', 'middle').text('tokens');
  const mk = line<{ t: number; v: number }>().x((p) => x(p.t)).y((p) => y(p.v));
  // below-right of each dot, where the rising line is not
  const labelYs = spread(c.lines.map((l) => y(l.long > 0 && Number.isFinite(l.long) ? l.long : 10 ** c.axis.lo) + 14), 15, 6, innerH - 4);
  const shortYs = spread(c.lines.map((l) => y(l.short > 0 && Number.isFinite(l.short) ? l.short : 10 ** c.axis.lo)), 14, 6, innerH - 4);
  c.lines.forEach((l, i) => {
    const cls = `cell-${l.cell}`;
    const line_ = g.append('path').attr('class', `cells-line ${cls}`).attr('d', mk(l.points) ?? '');
    line_.append('title').text(`${l.cell}: ‖∂L/∂x_t‖ of the ${c.longLength}-token sequence`);
    if (l.long > 0 && Number.isFinite(l.long)) {
      g.append('circle').attr('class', `cells-first ${cls}`).attr('r', 5).attr('cx', x(0)).attr('cy', y(l.long))
        .append('title').text(`${l.cell}: the first of ${c.longLength} tokens gets ${sci(l.long, 3)}`);
    }
    g.append('text').attr('class', `cells-label ${cls}`).attr('x', x(0) + 10).attr('y', labelYs[i] + 4).text(`${l.cell} ${sci(l.long, 2)}`);
    if (l.short > 0 && Number.isFinite(l.short)) {
      g.append('circle').attr('class', `cells-short ${cls}`).attr('r', 5).attr('cx', sx - 40 + 8 * i).attr('cy', y(l.short))
        .append('title').text(`${l.cell}: the first of ${c.shortLength} tokens gets ${sci(l.short, 3)}`);
      g.append('text').attr('class', `cells-label ${cls}`).attr('x', sx - 16).attr('y', shortYs[i] + 4).text(l.cell);
    }
  });
  const key = el('ul', { class: 'cells-key', 'aria-label': 'The cells: first-token gradients, test accuracy, seconds per epoch' },
    ...c.lines.map((l) => el('li', {},
      el('span', { class: `cells-swatch cell-${l.cell}`, 'aria-hidden': 'true' }),
      el('b', { text: l.cell }),
      document.createTextNode(
        `${l.keepGate && l.keepGateMean !== null ? ` (${l.keepGate} ≈ ${l.keepGateMean.toFixed(2)})` : ''}: first token ${sci(l.long, 2)} after ${c.longLength}, ` +
        `${sci(l.short, 2)} after ${c.shortLength} · test ${l.testAcc === null ? 'not tested' : `${l.testAcc.toFixed(2)} %`} · ` +
        `${l.secondsPerEpoch === null ? '–' : l.secondsPerEpoch.toFixed(2)} s/epoch`))));
  return el('figure', { class: 'cells-fig cells-chart-fig' },
    svg, key,
    ...c.reading.map((s) => el('p', { class: 'cells-reading', text: s })));
}
