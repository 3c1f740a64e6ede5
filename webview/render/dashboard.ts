/**
 * The training dashboard: per model (side by side in Compare Readouts) loss, accuracy and gradient-norm
 * charts with d3-axis and d3-shape. Drawn from the pure `Dashboard` model; redrawn at most a few times a second.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear, scaleLog } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line } from 'd3-shape';
import type { Dashboard, SeriesData } from '../model/dashboard';
import { dashboardSummary } from '../model/dashboard';
import { el, svgEl } from './dom';
import { logTick } from '../model/format';
import { cellsTable } from './cells-table';
import { cellsChartView } from './cells-chart';

const W = 420, H = 170;
const M = { top: 22, right: 12, bottom: 30, left: 52 };

type G = Selection<SVGGElement, unknown, null, undefined>;

export class DashboardView {
  readonly root: HTMLDivElement;
  private readonly grid: HTMLDivElement;
  private readonly flags: HTMLUListElement;
  private readonly summary: HTMLDivElement;
  private readonly empty: HTMLParagraphElement;
  private readonly key: HTMLParagraphElement;
  private readonly from: HTMLParagraphElement;
  private readonly cells: HTMLDivElement;

  constructor() {
    this.summary = el('div', { class: 'dash-summary', 'aria-live': 'polite' });
    this.flags = el('ul', { class: 'flags', 'aria-label': 'Warnings' });
    this.grid = el('div', { class: 'dash-grid' });
    this.empty = el('p', { class: 'hint' });
    this.from = el('p', { class: 'dash-from', role: 'note' });
    const key = el('p', { class: 'dash-key', 'aria-hidden': 'true' },
      el('span', { class: 'k-batch' }), document.createTextNode(' train, per batch   '),
      el('span', { class: 'k-epoch' }), document.createTextNode(' train, per epoch   '),
      el('span', { class: 'k-test' }), document.createTextNode(' test   '),
      el('span', { class: 'k-clip' }), el('span', { class: 'k-clip-text', text: ' clipping threshold   ' }),
      el('span', { class: 'k-clipped', text: '▼' }), el('span', { class: 'k-clipped-text', text: ' clipped batch (its update was scaled down to the threshold)' }));
    this.key = key;
    this.cells = el('div', { class: 'dash-cells' });
    this.root = el('div', { class: 'dashboard' }, this.from, this.empty, this.summary, this.flags, this.cells, key, this.grid);
  }

  /** `from` names the run the charts come from when it is not the run on screen; `waiting`: a training run has started. */
  update(d: Dashboard, from: string | null = null, waiting = false): void {
    const has = d.series.some((s) => s.batches.length || s.epochs.length || s.tests.length);
    this.empty.hidden = has;
    this.empty.textContent = waiting
      ? 'Training has started: loss, accuracy and gradient norms appear here after the first batch.'
      : 'No training yet. Run “Unrolled: Train on IMDB” or “Compare Readouts”: loss, accuracy and gradient norms appear here live, batch by batch.';
    this.from.textContent = from ?? '';
    this.from.hidden = !from;
    this.key.hidden = !has;
    for (const k of this.key.querySelectorAll<HTMLElement>('.k-clip, .k-clip-text')) k.hidden = d.clipThreshold === null;
    for (const k of this.key.querySelectorAll<HTMLElement>('.k-clipped, .k-clipped-text')) k.hidden = !d.clipNotes.length;
    this.summary.replaceChildren(...(has ? dashboardSummary(d).map((l) => el('span', { text: l })) : []));
    this.flags.replaceChildren(
      ...d.flags.map((f) => el('li', { class: 'flag-warn', text: `⚠ ${f}`, title: 'A warning: this batch’s gradient could not be used as it is.' })),
      ...d.clipNotes.map((n) => el('li', { class: 'clip-note', title: n.title, tabindex: 0 }, el('span', { class: 'k-clipped', text: '▼', 'aria-hidden': 'true' }), document.createTextNode(` ${n.text}`))));
    this.grid.replaceChildren(...(has ? d.series.map((s) => this.column(s, d)) : []));
    this.grid.classList.toggle('side-by-side', d.series.length > 1);
    this.grid.classList.toggle('three', d.series.length === 3);
    this.cells.replaceChildren(...(d.cellsChart ? [cellsChartView(d.cellsChart)] : []), ...(d.cells?.length ? [cellsTable(d.cells)] : []));
  }

  private column(s: SeriesData, d: Dashboard): HTMLElement {
    const multi = d.series.length > 1;
    const col = el('section', { class: 'dash-col', 'aria-label': `Training curves of ${s.name}` }, el('h3', { text: multi ? `${d.seriesKind}: ${s.name}` : 'Training' }));
    if (multi) {
      // The figures a class compares, big enough to read from the back of the room.
      const t = s.tests[s.tests.length - 1];
      const clip = s.clip !== null ? `clips gradients at norm ${s.clip}` : 'no gradient clipping';
      const secs = d.cells?.find((r) => r.cell === s.name)?.secondsPerEpoch;
      col.append(el('p', { class: 'dash-col-figure' },
        el('span', { class: 'dash-test', text: t ? `test accuracy ${t.acc.toFixed(2)} %` : 'test accuracy after the last epoch' }),
        ...(typeof secs === 'number' ? [el('span', { class: 'dash-secs', text: ` · ${secs.toFixed(2)} s/epoch` })] : []),
        el('span', { class: 'dash-clip', text: ` · ${clip}` })));
    }
    col.append(this.lossChart(s, d), this.accChart(s, d), this.gradChart(s, d));
    return col;
  }

  private frame(title: string, desc: string): { svg: SVGSVGElement; g: G } {
    const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': `${title}. ${desc}` });
    const t = svgEl('text', { x: M.left, y: 14, class: 'chart-title' });
    t.textContent = title;
    svg.append(t);
    const g = select(svg).append('g').attr('transform', `translate(${M.left},${M.top})`) as unknown as G;
    return { svg, g };
  }

  private xAxis(g: G, d: Dashboard) {
    const x = scaleLinear().domain([0, d.xMax]).range([0, W - M.left - M.right]);
    g.append('g').attr('class', 'axis').attr('transform', `translate(0,${H - M.top - M.bottom})`).call(axisBottom(x).ticks(Math.min(10, Math.ceil(d.xMax))).tickFormat((v) => String(v)));
    g.append('text').attr('class', 'axis-label').attr('x', W - M.left - M.right).attr('y', H - M.top - 4).attr('text-anchor', 'end').text('epoch');
    return x;
  }

  private lossChart(s: SeriesData, d: Dashboard): SVGSVGElement {
    const last = s.epochs[s.epochs.length - 1];
    const { svg, g } = this.frame('Loss (cross-entropy)', last ? `last epoch ${last.epoch}: ${last.loss.toFixed(4)}` : 'per batch');
    const x = this.xAxis(g, d);
    const y = scaleLinear().domain([0, d.lossMax * 1.05]).range([H - M.top - M.bottom, 0]).nice();
    g.append('g').attr('class', 'axis').call(axisLeft(y).ticks(4));
    this.lines(g, x, y, s, (p) => p.loss);
    return svg;
  }

  private accChart(s: SeriesData, d: Dashboard): SVGSVGElement {
    const t = s.tests[s.tests.length - 1];
    const { svg, g } = this.frame('Accuracy (%)', t ? `test ${t.acc.toFixed(2)} %` : 'train per batch and epoch');
    const x = this.xAxis(g, d);
    const y = scaleLinear().domain([0, 100]).range([H - M.top - M.bottom, 0]);
    g.append('g').attr('class', 'axis').call(axisLeft(y).ticks(5));
    g.append('line').attr('class', 'chance').attr('x1', 0).attr('x2', x.range()[1]).attr('y1', y(50)).attr('y2', y(50));
    // Named in the title row, right-aligned, with a sample of its dashes: inside the plot the label sat on the curve.
    const right = x.range()[1];
    g.append('text').attr('class', 'chance-label').attr('x', right).attr('y', -8).attr('text-anchor', 'end').text('chance (50 %)');
    g.append('line').attr('class', 'chance chance-key').attr('x1', right - 102).attr('x2', right - 82).attr('y1', -12).attr('y2', -12);
    this.lines(g, x, y, s, (p) => p.acc);
    return svg;
  }

  private lines(g: G, x: (v: number) => number, y: (v: number) => number, s: SeriesData,
    v: (p: { loss: number; acc: number }) => number): void {
    const fin = <T extends { x: number }>(ps: T[]) => ps.filter((p) => Number.isFinite(v(p as never)));
    const mk = line<{ x: number }>().x((p) => x(p.x)).y((p) => y(v(p as never)));
    g.append('path').attr('class', 'series batch').attr('d', mk(fin(s.batches)) ?? '');
    g.append('path').attr('class', 'series epoch').attr('d', mk(fin(s.epochs)) ?? '');
    for (const p of fin(s.epochs)) g.append('circle').attr('class', 'pt epoch').attr('r', 3.5).attr('cx', x(p.x)).attr('cy', y(v(p)));
    for (const p of fin(s.tests)) g.append('rect').attr('class', 'pt test').attr('width', 8).attr('height', 8).attr('x', x(p.x) - 4).attr('y', y(v(p)) - 4);
    for (const p of fin(s.validations)) g.append('circle').attr('class', 'pt val').attr('r', 3).attr('cx', x(p.x)).attr('cy', y(v(p)));
  }

  private gradChart(s: SeriesData, d: Dashboard): SVGSVGElement {
    const bad = s.batches.filter((b) => !Number.isFinite(b.gradNorm)).length;
    const { svg, g } = this.frame('Gradient norm per batch (log scale)', `${s.clip !== null ? `clip threshold ${s.clip}, ${s.clipped} clipped; ` : 'no clipping; '}${bad} non-finite`);
    const x = this.xAxis(g, d);
    // Whole decades, so the axis always has labelled powers of ten at both ends.
    const lo = 10 ** Math.floor(Math.log10(d.gradMin) - 1e-9), hi = 10 ** Math.ceil(Math.log10(d.gradMax) + 1e-9);
    const y = scaleLog().domain([lo, hi === lo ? hi * 10 : hi]).range([H - M.top - M.bottom, 0]).clamp(true);
    g.append('g').attr('class', 'axis').call(axisLeft(y).ticks(4).tickFormat((v) => logTick(Number(v))));
    const fin = s.batches.filter((b) => Number.isFinite(b.gradNorm) && b.gradNorm > 0);
    g.append('path').attr('class', 'series grad').attr('d', line<{ x: number; gradNorm: number }>().x((p) => x(p.x)).y((p) => y(p.gradNorm))(fin) ?? '');
    // The threshold only on the chart of a model that clips; the other model of Compare Readouts says it does not.
    if (s.clip !== null) {
      g.append('line').attr('class', 'clip-line').attr('x1', 0).attr('x2', x.range()[1]).attr('y1', y(s.clip)).attr('y2', y(s.clip));
      g.append('text').attr('class', 'clip-label').attr('x', x.range()[1]).attr('y', y(s.clip) - 4).attr('text-anchor', 'end').text(`clip at ${s.clip}`);
    } else if (d.clipThreshold !== null) {
      g.append('text').attr('class', 'no-clip-label').attr('x', x.range()[1]).attr('y', 10).attr('text-anchor', 'end').text('no clipping in this model');
    }
    for (const m of s.clipMarks) {
      if (!Number.isFinite(m.gradNorm) || m.gradNorm <= 0) continue;
      const mark = g.append('path').attr('class', 'clipped-mark').attr('d', `M${x(m.x)},${y(m.gradNorm) - 2}l-5,-8h10z`);
      mark.append('title').text(m.title);
    }
    for (const b of s.batches) {
      if (Number.isFinite(b.gradNorm)) continue;
      g.append('text').attr('class', 'nonfinite').attr('x', x(b.x)).attr('y', 8).attr('text-anchor', 'middle').text(Number.isNaN(b.gradNorm) ? 'NaN' : '∞');
    }
    return svg;
  }
}
