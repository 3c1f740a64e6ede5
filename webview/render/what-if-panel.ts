/**
 * The what-if panel under the Network view (issue 14): W_hh scale, truncation K, the cell and one word of the
 * shown sequence. Every change sends a `what-if` request at once and the answer (a snapshot) is drawn by the
 * network like any other; then one `what-if-jacobian` request fills the step-Jacobian box. The figures come
 * from the worker's numbers through webview/model/what-if.ts. The app owns this panel and forwards to it.
 */
import { select } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line } from 'd3-shape';
import type { JacobianEvent, SnapshotEvent } from '../../src/shared/events';
import type { WebviewToHost } from '../../src/shared/protocol';
import { WHAT_IF_CELLS, WHAT_IF_SCALE, type WhatIfCell, type WhatIfFigures, type WhatIfJacobianResult, type WhatIfResult, type WhatIfSetup } from '../../src/shared/what-if';
import {
  CLIP_OFF, CLIP_RANGE, DEFAULT_CONTROLS, SCALE_STEP, STD_RANGE, WhatIfTracker, clipThreshold, figureRows, isUnchanged, jacobianSummaries,
  logSeries, narration, setupFor,
  snapshotFigures, truncationAllowed, whatIfBase, type WhatIfBase, type WhatIfControls,
} from '../model/what-if';
import { fmt, logTick, sci } from '../model/format';
import { button, el, svgEl } from './dom';

/** What the panel needs from the app. */
export interface WhatIfHost {
  post(m: WebviewToHost): void;
  /** Show a snapshot in the network (the what-if's answer, or the demo's own on reset). */
  show(s: SnapshotEvent): void;
  /** "Copy link to this view" (issue 14 item 5). */
  copyLink?(): void;
}

const CW = 380, CH = 130;

/** Run `fn` in the task after the current frame's rendering (posted from a requestAnimationFrame callback). */
function afterPaint(fn: () => void): void {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => { ch.port1.close(); fn(); };
  ch.port2.postMessage(null);
}
/**
 * The Jacobian request waits until the controls rest this long: the worker computes it in one go (hundreds
 * of ms per layer), and a fast re-run arriving meanwhile would wait for it, so none starts during a drag.
 */
export const JACOBIAN_IDLE_MS = 250;
const CM = { top: 8, right: 10, bottom: 24, left: 44 };

export class WhatIfPanel {
  readonly root: HTMLElement;
  /** Input → pixels of every answered what-if, ms (the browser benchmark reads these). */
  readonly latencies: number[] = [];
  /** Of those, the part from the answer's arrival to the pixels (the webview's own share), ms. */
  readonly drawLatencies: number[] = [];
  private base: WhatIfBase | null = null;
  private baseSnapshot: SnapshotEvent | null = null;
  private baseJacobian: JacobianEvent | null = null;
  private controls: WhatIfControls = { ...DEFAULT_CONTROLS };
  private readonly tracker = new WhatIfTracker();
  private setup: WhatIfSetup | null = null;
  private pendingSetup: WhatIfSetup | null = null;
  private readonly scale: HTMLInputElement;
  private readonly scaleOut: HTMLOutputElement;
  private readonly trunc: HTMLInputElement;
  private readonly truncOut: HTMLOutputElement;
  private readonly cell: HTMLSelectElement;
  private readonly std: HTMLInputElement;
  private readonly stdOut: HTMLOutputElement;
  private readonly len: HTMLInputElement;
  private readonly lenOut: HTMLOutputElement;
  private readonly clip: HTMLInputElement;
  private readonly clipOut: HTMLOutputElement;
  private readonly wordAt: HTMLInputElement;
  private readonly word: HTMLInputElement;
  private readonly why: HTMLParagraphElement;
  private readonly body: HTMLDivElement;
  private readonly story: HTMLParagraphElement;
  private readonly table: HTMLTableSectionElement;
  private readonly jac: HTMLDivElement;
  private readonly chart: SVGSVGElement;
  private readonly status: HTMLSpanElement;

  constructor(private readonly host: WhatIfHost) {
    this.scale = el('input', { type: 'range', class: 'wi-scale', min: WHAT_IF_SCALE.min, max: WHAT_IF_SCALE.max, step: SCALE_STEP, value: 1, 'aria-label': 'Scale of W_hh' });
    this.scaleOut = el('output', { class: 'wi-scale-value', text: '×1.00' });
    this.trunc = el('input', { type: 'range', class: 'wi-trunc', min: 0, max: 100, step: 1, value: 0, 'aria-label': 'Truncated BPTT after K steps (0 = full)' });
    this.truncOut = el('output', { class: 'wi-trunc-value', text: 'full' });
    this.std = el('input', { type: 'range', class: 'wi-std', min: STD_RANGE.min, max: STD_RANGE.max, step: STD_RANGE.step, value: 0.1, 'aria-label': 'Init std of W_hh' });
    this.stdOut = el('output', { class: 'wi-std-value', text: '' });
    this.len = el('input', { type: 'range', class: 'wi-length', min: 2, max: 100, step: 1, value: 100, 'aria-label': 'Sequence length (the first N words)' });
    this.lenOut = el('output', { class: 'wi-length-value', text: '' });
    this.clip = el('input', { type: 'range', class: 'wi-clip', min: CLIP_RANGE.min, max: CLIP_RANGE.max, step: CLIP_RANGE.step, value: CLIP_OFF, 'aria-label': 'Clip the gradients at this global norm (right end: no clipping)' });
    this.clipOut = el('output', { class: 'wi-clip-value', text: 'off' });
    this.std.addEventListener('input', () => this.change({ std: Number(this.std.value) }));
    this.len.addEventListener('input', () => this.change({ length: Number(this.len.value) }));
    this.clip.addEventListener('input', () => { const v = Number(this.clip.value); this.change({ clipExp: v >= CLIP_OFF ? null : v }); });
    this.cell = el('select', { class: 'wi-cell', 'aria-label': 'Recurrent cell' });
    for (const c of WHAT_IF_CELLS) this.cell.append(el('option', { value: c, text: c === 'tanh' ? 'tanh (the notebook’s)' : c.toUpperCase() }));
    this.wordAt = el('input', { type: 'number', class: 'wi-word-at', min: 0, value: 0, 'aria-label': 'Position of the word to change' });
    this.word = el('input', { type: 'text', class: 'wi-word', placeholder: 'a word', spellcheck: 'false', 'aria-label': 'The word to put there' });
    this.scale.addEventListener('input', () => this.change({ scale: Number(this.scale.value) }));
    this.trunc.addEventListener('input', () => this.change({ truncate: Number(this.trunc.value) }));
    this.cell.addEventListener('change', () => this.change({ cell: this.cell.value as WhatIfCell }));
    const applyWord = (): void => this.change({ edit: this.word.value.trim() ? { t: Number(this.wordAt.value),
      word: this.word.value } : null });
    this.word.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); applyWord(); } });
    this.wordAt.addEventListener('input', () => { if (this.word.value.trim()) applyWord(); else this.word.placeholder = this.base?.tokens[Number(this.wordAt.value)] ?? 'a word'; });
    this.why = el('p', { class: 'wi-why' });
    this.story = el('p', { class: 'wi-story', 'aria-live': 'polite' });
    this.status = el('span', { class: 'wi-status', 'aria-live': 'polite' });
    this.table = el('tbody');
    this.chart = svgEl('svg', { class: 'wi-chart', width: CW, height: CH, role: 'img', 'aria-label': 'Step Jacobian norms per step, log scale' });
    this.jac = el('div', { class: 'wi-jacobian' });
    const controls = el('div', { class: 'wi-controls' },
      el('label', {}, 'W_hh ×', this.scale, this.scaleOut),
      el('label', {}, 'truncate after K =', this.trunc, this.truncOut),
      el('label', {}, 'init std', this.std, this.stdOut),
      el('label', {}, 'length', this.len, this.lenOut),
      el('label', {}, 'clip at', this.clip, this.clipOut),
      el('label', {}, 'cell', this.cell),
      el('label', {}, 'word at t =', this.wordAt, this.word, button('Apply', 'Put the word at that position and re-run', applyWord)),
      button('Reset', 'Back to the demo as it ran', () => this.reset()),
      button('Copy link', 'Copy link to this view: a vscode:// link that reopens this demo, what-if, step and pin', () => this.host.copyLink?.()),
      this.status);
    const table = el('table', { class: 'wi-figures' }, el('thead', {}, el('tr', {}, el('th', { text: '' }), el('th', { text: 'what-if' }), el('th', { text: 'demo' }))), this.table);
    this.body = el('div', { class: 'wi-body' }, controls, this.story, el('div', { class: 'wi-results' }, table, el('div', { class: 'wi-jac-box' }, this.jac, this.chart)));
    this.root = el('section', { class: 'what-if', 'aria-label': 'What if' }, el('h2', { text: 'What if…' }), this.why, this.body);
    this.refresh();
  }

  /** The app shows a snapshot: a demo snapshot becomes the base (the what-if's own answers leave it). */
  setContext(demo: string | null, config: Record<string, unknown>, shown: SnapshotEvent | null, jacobians: readonly JacobianEvent[]): void {
    if (shown && shown.label === 'what-if') return;
    const b = whatIfBase(demo, config, shown);
    const next = 'reason' in b ? null : b;
    const same = next && this.base && next.snapshotId === this.base.snapshotId && next.tokens.length === this.base.tokens.length &&
      next.seed === this.base.seed;
    if (!same) {
      this.base = next;
      this.baseSnapshot = next ? shown : null;
      this.controls = { ...DEFAULT_CONTROLS, cell: next?.cell ?? 'tanh' };
      this.setup = null;
    }
    this.baseJacobian = next ? (jacobians.find((j) => j.snapshotId === next.snapshotId) ?? null) : null;
    this.why.textContent = 'reason' in b ? b.reason : 'Change one thing and the network, the gradient bars and these figures are recomputed at once.';
    this.refresh();
    if (!same && this.base) this.showFigures(null);
  }

  /** The base snapshot and the controls, for a view link; null when there is no what-if base. */
  linkPart(): { snapshotId: number; controls: WhatIfControls } | null {
    const edit = this.controls.edit ? { ...this.controls.edit } : null;
    return this.base ? { snapshotId: this.base.snapshotId, controls: { ...this.controls, edit } } : null;
  }

  /** Set every control at once (a view link being opened) and re-run. */
  apply(c: WhatIfControls): void {
    this.word.value = c.edit?.word ?? '';
    if (c.edit) this.wordAt.value = String(c.edit.t);
    this.change({ ...c });
  }

  /** An answer from the host (stale ones are dropped). */
  onMessage(m: WhatIfResult | WhatIfJacobianResult): void {
    if (m.type === 'what-if-result') {
      if (!this.tracker.answer(m.requestId)) return;
      if (m.error || !m.snapshot || !m.figures) {
        this.status.textContent = `could not re-run: ${m.error ?? 'no answer'}`;
        if (this.queued) { const q = this.queued; this.queued = null; this.send(q.setup, q.input); }
        return;
      }
      this.setup = this.pendingSetup;
      const arrived = performance.now();
      const input = this.tracker.sentAt.get(m.requestId) ?? arrived;
      this.host.show(m.snapshot);
      this.showFigures(m.figures);
      // show() asked for the app's frame first: this callback runs after it has drawn, in the same frame; the
      // message it posts is handled after that frame's style, layout and paint — the pixels are then new
      requestAnimationFrame(() => afterPaint(() => {
        const now = performance.now();
        this.latencies.push(now - input);
        this.drawLatencies.push(now - arrived);
        if (this.latencies.length > 1000) { this.latencies.splice(0, 500); this.drawLatencies.splice(0, 500); }
      }));
      if (this.queued) { const q = this.queued; this.queued = null; this.send(q.setup, q.input); }
      this.status.textContent = `worker ${fmt(m.figures.computeMs, 2)} ms`;
      window.clearTimeout(this.jacTimer);
      this.jacTimer = window.setTimeout(() => this.askJacobian(), JACOBIAN_IDLE_MS);
      return;
    }
    if (!this.tracker.takeJacobian(m.requestId)) return;
    if (m.jacobian && this.setup) this.showJacobian(m.jacobian, this.setup);
    else if (m.error) this.jac.replaceChildren(el('p', { class: 'wi-note', text: m.error }));
    // a newer setup may have been drawn while this one was computed
    if (this.setup && this.jacSetup !== this.setup) this.jacTimer = window.setTimeout(() => this.askJacobian(), JACOBIAN_IDLE_MS);
  }

  private jacSetup: WhatIfSetup | null = null;
  private jacTimer = 0;

  private askJacobian(): void {
    const s = this.setup;
    if (!s || s.cell !== 'tanh') {
      if (s) this.jac.replaceChildren(el('p', { class: 'wi-note', text: `The step Jacobians diag(1 − h_t²) W_hh are the tanh cell’s; the ${s.cell.toUpperCase()} cell’s gates add paths of their own.` }));
      select(this.chart).selectAll('*').remove();
      return;
    }
    const id = this.tracker.nextJacobian();
    if (id === null) return;
    this.jacSetup = s;
    this.jac.replaceChildren(el('p', { class: 'wi-note', text: 'Computing the step Jacobians…' }));
    this.host.post({ type: 'what-if-jacobian', requestId: id, setup: s });
  }

  private change(c: Partial<WhatIfControls>): void {
    if (!this.base) return;
    this.controls = { ...this.controls, ...c };
    window.clearTimeout(this.jacTimer);
    this.refresh();
    const setup = setupFor(this.base, this.controls);
    if (isUnchanged(this.base, setup) && this.baseSnapshot) { this.reset(); return; }
    const now = performance.now();
    // One re-run out at a time: while it is, the newest setup waits (the latest value wins) and goes when the
    // answer arrives; its latency counts from the first input it answers.
    if (this.tracker.inFlight) this.queued = { setup, input: this.queued?.input ?? now };
    else this.send(setup, now);
  }

  private queued: { setup: WhatIfSetup; input: number } | null = null;

  private send(setup: WhatIfSetup, input: number): void {
    const id = this.tracker.next(input);
    this.pendingSetup = setup;
    this.host.post({ type: 'what-if', requestId: id, setup });
  }

  private reset(): void {
    if (!this.base || !this.baseSnapshot) return;
    this.controls = { ...DEFAULT_CONTROLS, cell: this.base.cell };
    this.tracker.next(performance.now()); // answers still on their way are not current any more
    this.tracker.answer(this.tracker.latestId);
    this.queued = null;
    window.clearTimeout(this.jacTimer);
    this.setup = null;
    this.word.value = '';
    this.refresh();
    this.host.show(this.baseSnapshot);
    this.showFigures(null);
  }

  private refresh(): void {
    const b = this.base;
    this.body.hidden = !b;
    if (!b) return;
    const c = this.controls;
    this.scale.value = String(c.scale);
    this.scaleOut.textContent = `×${c.scale.toFixed(2)}`;
    this.std.value = String(c.std ?? b.std);
    this.stdOut.textContent = fmt(c.std ?? b.std, 3);
    const full = b.tokens.length;
    this.len.max = String(full);
    this.len.value = String(c.length || full);
    this.lenOut.textContent = `${c.length || full} words`;
    const clip = clipThreshold(c.clipExp);
    this.clip.value = String(c.clipExp ?? CLIP_OFF);
    this.clipOut.textContent = clip === null ? 'off' : fmt(clip, 4);
    const T = c.length || full;
    this.trunc.max = String(T);
    this.trunc.value = String(c.truncate);
    this.trunc.disabled = !truncationAllowed(c.cell);
    this.truncOut.textContent = !truncationAllowed(c.cell) ? 'tanh only' : c.truncate === 0 || c.truncate >= T ? 'full' : String(c.truncate);
    this.cell.value = c.cell;
    this.wordAt.max = String(T - 1);
    if (!this.word.value) this.word.placeholder = b.tokens[Number(this.wordAt.value)] ?? 'a word';
  }

  /** The figures table and sentence: the what-if's (when `f`), else the demo's own from its snapshot. */
  private showFigures(f: WhatIfFigures | null): void {
    const b = this.baseSnapshot;
    if (!b) return;
    const base = snapshotFigures(b);
    const T = b.hidden.steps;
    if (!f || !this.setup) {
      this.table.replaceChildren(...(base ? base.gradRatio.map((r, k) => el('tr', {},
        el('th', { text: `‖∂L/∂h_0‖ / ‖∂L/∂h_${T - 1}‖${base.gradRatio.length > 1 ? ` (layer ${k})` : ''}` }), el('td', { text: '—' }), el('td', { class: 'wi-v', text: sci(r, 2) }))) : []));
      this.story.textContent = base ? `The demo as it ran: ‖∂L/∂h_0‖ / ‖∂L/∂h_${T - 1}‖ = ${sci(base.gradRatio[base.gradRatio.length - 1], 2)}. Move a control to see what changes it.` : '';
      if (this.baseJacobian) this.showJacobian(this.baseJacobian, null);
      return;
    }
    const rows = figureRows(f, base, this.setup.tokens.length);
    const shown = [...this.table.rows];
    if (shown.length === rows.length && rows.every((r, i) => shown[i].dataset.key === r.key)) {
      // the same rows (a slider moved): only the values change
      rows.forEach((r, i) => {
        const c = shown[i].cells;
        [r.label, r.value, r.base].forEach((text, k) => { if (c[k].textContent !== text) c[k].textContent = text; });
      });
    } else {
      this.table.replaceChildren(...rows.map((r) =>
        el('tr', { 'data-key': r.key }, el('th', { text: r.label }), el('td', { class: 'wi-v', text: r.value }), el('td', { class: 'wi-b', text: r.base }))));
    }
    this.story.textContent = narration(this.setup, f, base);
  }

  /** The step-Jacobian box: per layer σ₁, ρ, the average factor, saturation and the reading; the chart. */
  private showJacobian(j: JacobianEvent, setup: WhatIfSetup | null): void {
    const rows = jacobianSummaries(j).map((s) => el('div', { class: 'wi-jac-layer', 'data-layer': s.layer },
      el('p', { text: `${j.layers > 1 ? `Layer ${s.layer}: ` : ''}W_hh σ₁ = ${fmt(s.sigma1, 3)}, spectral radius ${fmt(s.radius, 3)}; mean ‖J_t‖₂ = ${fmt(s.meanNorm, 3)}; ‖J_${j.steps - 1}…J_1‖₂ = ${sci(s.lastProduct, 2)} (×${fmt(s.perStep, 3)} per step); ${s.saturatedPct.toFixed(1)} % of units saturated` }),
      el('p', { class: 'wi-reading', text: s.reading })));
    this.jac.replaceChildren(el('p', { class: 'wi-note', text: setup ? 'Step Jacobians J_t = diag(1 − h_t²) W_hh of the what-if:' : 'Step Jacobians J_t = diag(1 − h_t²) W_hh of the demo as it ran:' }), ...rows);
    this.drawChart(j);
  }

  private drawChart(j: JacobianEvent): void {
    const svg = select(this.chart);
    svg.selectAll('*').remove();
    const lines = [...j.productNorm.map((v, k) => ({ k, kind: 'product', pts: logSeries(v) })), ...j.jacobianNorm.map((v, k) => ({ k, kind: 'step', pts: logSeries(v) }))];
    const all = lines.flatMap((l) => l.pts.map((p) => p[1]));
    if (!all.length) return;
    const lo = Math.floor(Math.min(0, ...all)), hi = Math.ceil(Math.max(0, ...all));
    const x = scaleLinear().domain([0, Math.max(1, j.steps - 1)]).range([CM.left, CW - CM.right]);
    const y = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).range([CH - CM.bottom, CM.top]);
    const decades = Math.max(1, Math.ceil((hi - lo) / 5));
    const ticks: number[] = [];
    for (let d = lo; d <= hi; d += decades) ticks.push(d);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${CH - CM.bottom})`).call(axisBottom(x).ticks(5));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${CM.left},0)`).call(axisLeft(y).tickValues(ticks).tickFormat((d) => logTick(10 ** Number(d))));
    const path = line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
    svg.selectAll('path.wi-line').data(lines).join('path')
      .attr('class', (l) => `wi-line wi-${l.kind} wi-layer-${l.k}`)
      .attr('d', (l) => path(l.pts) ?? '');
    svg.append('text').attr('class', 'wi-legend').attr('x', CM.left + 4).attr('y', CM.top + 10).text('— ‖J_t…J_1‖₂   ┄ ‖J_t‖₂');
  }
}
