/**
 * The unrolled network view: a canvas for the heatmaps and gradient bars under an SVG for the structure
 * (arrows, tokens, labels, the output) and the few things that move (active column, flow dot, pinned
 * cell). The SVG is rebuilt only when the snapshot changes; a frame moves a handful of elements.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import { layoutNetwork, hitTest, effectiveZoom, type NetworkLayout, type Hit, MARGIN_LEFT } from '../model/layout';
import { gradScale, type GradScale } from '../model/gradient';
import type { PhaseAt } from '../model/playback';
import { buildAtlas, drawNetwork, arrowsByColumn, type Theme } from './heatmap';
import type { Arrow } from '../model/layout';
import { el, svgEl } from './dom';
import { buildNetworkSvg, updateNetworkSvg, PANE_W, type SvgParts } from './network-svg';

export interface NetworkCallbacks {
  onHover(hit: Hit | null, clientX: number, clientY: number): void;
  onClick(hit: Hit | null): void;
}

export class NetworkView {
  readonly root: HTMLDivElement;
  readonly scroller: HTMLDivElement;
  private readonly stage: HTMLDivElement;
  /** The row labels (and gradient ticks) again, in a pane that stays at the left edge while the network scrolls. */
  readonly pane: SVGSVGElement;
  readonly canvas: HTMLCanvasElement;
  readonly svg: SVGSVGElement;
  private readonly dyn: SVGGElement;
  private readonly pinRect: SVGRectElement;
  private readonly hoverRect: SVGRectElement;
  layout: NetworkLayout | null = null;
  grad: GradScale | null = null;
  snapshot: SnapshotEvent | null = null;
  private atlas: HTMLCanvasElement | null = null;
  private theme: Theme | null = null;
  private zoom = 1;
  get drawnZoom(): number { return this.zoom; }
  private zoomSetting = 1;
  private lastActiveT = -1;
  private lastPhase = '';
  /** The SVG's parts that change with the numbers or the phase (network-svg.ts). */
  private parts: SvgParts | null = null;
  /** What the layout was computed from (a snapshot with the same keeps the layout and the SVG). */
  private layoutKey = '';
  private arrows: Arrow[][] = [];

  constructor(private readonly cb: NetworkCallbacks) {
    this.canvas = el('canvas', { class: 'heat', 'aria-hidden': 'true' });
    this.svg = svgEl('svg', { class: 'net', role: 'img', 'aria-label': 'Unrolled network' });
    this.pane = svgEl('svg', { class: 'row-pane', 'aria-hidden': 'true' });
    this.stage = el('div', { class: 'stage' }, this.pane as unknown as Node, this.canvas, this.svg as unknown as Node);
    this.scroller = el('div', { class: 'scroller', tabindex: 0, role: 'group', 'aria-label': 'Unrolled network: Shift+arrow keys move the selected cell, Enter pins it, Escape unpins' }, this.stage);
    this.root = el('div', { class: 'network' }, this.scroller);
    this.dyn = svgEl('g', { class: 'dyn' });
    this.pinRect = svgEl('rect', { class: 'pinned', rx: 2 });
    this.hoverRect = svgEl('rect', { class: 'hovered', rx: 2 });
    this.svg.addEventListener('pointermove', (e) => this.cb.onHover(this.hitAt(e), e.clientX, e.clientY));
    this.svg.addEventListener('pointerleave', (e) => this.cb.onHover(null, e.clientX, e.clientY));
    this.svg.addEventListener('click', (e) => this.cb.onClick(this.hitAt(e)));
    this.scroller.addEventListener('scroll', () => { this.placeCanvas(); this.showPane(); this.redrawRequested?.(); });
  }

  /** Called by the app when a scroll needs a repaint. */
  redrawRequested: (() => void) | null = null;

  private hitAt(e: MouseEvent): Hit | null {
    if (!this.layout) return null;
    const r = this.svg.getBoundingClientRect();
    return hitTest(this.layout, (e.clientX - r.left) / this.zoom, (e.clientY - r.top) / this.zoom);
  }

  readTheme(): void {
    const probe = el('span');
    probe.style.display = 'none';
    document.body.append(probe);
    // Resolve through the CSS engine so var() and color-mix() arrive as rgb() the canvas understands.
    const c = (name: string, fallback: string) => {
      probe.style.color = fallback;
      probe.style.color = `var(${name}, ${fallback})`;
      return getComputedStyle(probe).color || fallback;
    };
    this.theme = {
      bg: c('--u-bg', '#1e1e1e'), fg: c('--u-fg', '#cccccc'), muted: c('--u-muted', '#888888'),
      empty: c('--u-empty', 'rgba(128,128,128,0.18)'), grad: c('--u-grad', '#e69f00'), gradBad: '#ff00ff',
      border: c('--u-border', '#555555'), active: c('--u-accent', '#0078d4'), activeFill: c('--u-active-fill', 'rgba(0,120,212,0.1)'),
      arrow: c('--u-arrow', '#888888'), recurrent: c('--u-recurrent', '#009e73'), readout: c('--u-readout', '#cc79a7'),
    };
    probe.remove();
  }

  /** z > 0 scales the drawing; z = 0 fits the whole sequence into the visible width. */
  setZoom(z: number): void {
    const l = this.layout;
    this.zoomSetting = z;
    this.zoom = l ? effectiveZoom(z, l.width, this.scroller.clientWidth) : z > 0 ? z : 1;
    this.applySize();
  }

  /** Recompute the zoom for the box's current width (after a resize, or once the box is shown). */
  refit(): void {
    const l = this.layout;
    if (!l || !this.scroller.clientWidth) return;
    const z = effectiveZoom(this.zoomSetting, l.width, this.scroller.clientWidth);
    if (z !== this.zoom) { this.zoom = z; this.applySize(); } else this.placeCanvas(); // a wider box: grow the canvas too
  }

  /**
   * Show a snapshot: rebuilt for a new shape (true), else only its numbers replaced (false); `gradAxis` pins the
   * ‖∂L/∂h_t‖ axis (log10, e.g. one for both vanish sequences).
   */
  setSnapshot(s: SnapshotEvent, gradAxis?: { lo: number; hi: number }): boolean {
    this.snapshot = s;
    const hasGrad = !!s.hiddenGradNorm;
    const input = {
      layers: s.hidden.layers, steps: s.hidden.steps, units: s.hidden.units, tokens: s.tokens, unknown: s.unknown,
      length: s.length, readout: s.readout, hasGrad, hasProb: !!s.runningProb,
    };
    // The layout depends on the shape and the words' lengths only, never on a token's spelling beyond them.
    const key = JSON.stringify({ ...input, tokens: undefined });
    const prev = this.layout;
    this.layout = layoutNetwork(input);
    this.grad = hasGrad ? gradScale(s.hiddenGradNorm!, s.hidden.layers, s.hidden.steps, gradAxis) : null;
    this.atlas = buildAtlas(s, this.layout);
    this.lastActiveT = -1;
    if (prev && this.parts && key === this.layoutKey && this.theme && sameGeometry(prev, this.layout)) {
      // Same shape (a what-if answer while a slider moves): keep the SVG, replace what depends on the numbers.
      this.parts = updateNetworkSvg(this.parts, this.svg, this.pane, this.layout, s, this.grad);
      return false;
    }
    this.layoutKey = key;
    this.arrows = arrowsByColumn(this.layout);
    this.readTheme();
    this.parts = buildNetworkSvg(this.svg, this.pane, this.dyn, this.layout, s, this.grad);
    this.dyn.replaceChildren(this.hoverRect, this.pinRect);
    this.setZoom(this.zoomSetting);
    return true;
  }

  private applySize(): void {
    const l = this.layout;
    if (!l) return;
    this.svg.style.width = `${l.width * this.zoom}px`;
    this.svg.style.height = `${l.height * this.zoom}px`;
    this.svg.setAttribute('viewBox', `0 0 ${l.width} ${l.height}`);
    this.stage.style.width = `${l.width * this.zoom}px`;
    this.stage.style.height = `${l.height * this.zoom}px`;
    this.pane.style.width = `${PANE_W * this.zoom}px`;
    this.pane.style.height = `${l.height * this.zoom}px`;
    this.pane.setAttribute('viewBox', `0 0 ${PANE_W} ${l.height}`);
    this.showPane();
    this.placeCanvas();
  }

  /** The canvas spans the visible width only and follows the scroll position. */
  private placeCanvas(): void {
    const l = this.layout;
    if (!l) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.min(l.width * this.zoom, Math.max(200, this.scroller.clientWidth || l.width * this.zoom));
    const h = l.height * this.zoom;
    if (this.canvas.width !== Math.ceil(w * dpr) || this.canvas.height !== Math.ceil(h * dpr)) {
      this.canvas.width = Math.ceil(w * dpr);
      this.canvas.height = Math.ceil(h * dpr);
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${h}px`;
    }
    const left = Math.min(this.scroller.scrollLeft, l.width * this.zoom - w);
    this.canvas.style.left = `${Math.max(0, left)}px`;
  }

  /** The pane shows once the columns scroll under it (at the start the drawing's own labels are there, and the
   * first word, which leans left into the margin, stays whole). */
  private showPane(): void {
    this.pane.classList.toggle('shown', this.scroller.scrollLeft > 0);
  }

  /** Visible column range (plus one either side). */
  visibleRange(): [number, number] {
    const l = this.layout!;
    const left = this.scroller.scrollLeft / this.zoom, w = (this.scroller.clientWidth || l.width) / this.zoom;
    const t0 = Math.max(0, Math.floor((left - MARGIN_LEFT) / l.colW) - 1);
    const t1 = Math.min(l.steps - 1, Math.ceil((left + w - MARGIN_LEFT) / l.colW) + 1);
    const a = Math.min(t0, l.steps - 1);
    return [a, Math.max(a, Math.min(t1, l.steps - 1))];
  }

  /** Draw one frame into the on-screen canvas (visible columns only). */
  draw(phase: PhaseAt, frac: number): void {
    const l = this.layout, s = this.snapshot;
    if (!l || !s || !this.atlas || !this.theme) return;
    const [t0, t1] = this.visibleRange();
    const ctx = this.canvas.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const left = parseFloat(this.canvas.style.left || '0');
    ctx.setTransform(dpr * this.zoom, 0, 0, dpr * this.zoom, -left * dpr, 0);
    drawNetwork({ ctx, layout: l, atlas: this.atlas, grad: this.grad, phase, frac, theme: this.theme, t0, t1, arrows: this.arrows,
      runningProb: s.runningProb });
    if (phase.t !== this.lastActiveT || phase.phase !== this.lastPhase) {
      this.lastActiveT = phase.t;
      this.lastPhase = phase.phase;
      // The output exists once the forward pass has reached the state it reads.
      const ready = phase.phase === 'backward' || phase.computedUpTo >= l.readoutReadyAt;
      const parts = this.parts;
      parts?.outputG.classList.toggle('pending', !ready);
      const ot = parts?.outputText;
      if (ot) ot.lines.forEach((line, i) => { line.textContent = ready ? ot.ready[i] : ot.pending[i]; });
      parts?.gradHint?.classList.toggle('hidden', phase.phase === 'backward');
      this.svg.querySelectorAll('.token.active').forEach((n) => n.classList.remove('active'));
      this.svg.querySelector(`.token[data-t="${phase.t}"]`)?.classList.add('active');
    }
  }

  /** The whole drawing (every column) on a fresh canvas, for export. */
  drawFull(phase: PhaseAt): HTMLCanvasElement | null {
    const l = this.layout;
    if (!l || !this.atlas || !this.theme) return null;
    const c = document.createElement('canvas');
    c.width = Math.ceil(l.width); c.height = Math.ceil(l.height);
    drawNetwork({ ctx: c.getContext('2d')!, layout: l, atlas: this.atlas, grad: this.grad, phase, frac: 1, theme: this.theme, t0: 0, t1: l.steps - 1, arrows: this.arrows, runningProb: this.snapshot?.runningProb });
    return c;
  }

  /** Outline a cell (pinned) or hide the outline. */
  markCell(which: 'pinned' | 'hovered', cell: { layer: number; t: number } | null): void {
    const r = which === 'pinned' ? this.pinRect : this.hoverRect;
    const l = this.layout;
    if (!l || !cell || cell.t >= l.steps || cell.layer >= l.layers) { r.style.display = 'none'; return; }
    const c = l.cells[cell.t * l.layers + cell.layer];
    r.style.display = '';
    setRect(r, c.x - 3, c.y - 3, l.cellW + 6, l.cellH + 6);
  }

  /** Scroll so column t is in view (right of the frozen row labels), centred when it was not. */
  scrollToColumn(t: number): void {
    const l = this.layout;
    const w = this.scroller.clientWidth;
    if (!l || !w || t < 0 || t >= l.steps) return;
    const z = this.zoom, pane = PANE_W * z;
    const x = l.columns[t].x * z, half = (l.cellW / 2 + 8) * z;
    const left = this.scroller.scrollLeft;
    if (x - half >= left + pane && x + half <= left + w) return;
    const target = Math.max(0, Math.min(this.scroller.scrollWidth - w, x - pane - (w - pane) / 2));
    if (Math.abs(target - left) >= 1) this.scroller.scrollLeft = target;
  }

  /** Whether column t is fully in the visible part of the scroller (right of the frozen labels). */
  columnVisible(t: number): boolean {
    const l = this.layout;
    if (!l || t < 0 || t >= l.steps) return false;
    const z = this.zoom, x = l.columns[t].x * z, half = (l.cellW / 2) * z, left = this.scroller.scrollLeft;
    return x - half >= left + PANE_W * z - 1 && x + half <= left + this.scroller.clientWidth + 1;
  }

  /** The drawing as a standalone SVG (heatmaps embedded as an image), colours resolved. */
  toSvgString(phase: PhaseAt): string {
    const l = this.layout;
    const full = this.drawFull(phase);
    if (!l || !full) return '';
    const clone = this.svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(this.svg, clone);
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    clone.setAttribute('width', String(l.width));
    clone.setAttribute('height', String(l.height));
    clone.removeAttribute('style');
    const bg = svgEl('rect', { x: 0, y: 0, width: l.width, height: l.height, fill: this.theme?.bg ?? '#fff' });
    const img = svgEl('image', { x: 0, y: 0, width: l.width, height: l.height, href: full.toDataURL('image/png') });
    clone.insertBefore(img, clone.firstChild);
    clone.insertBefore(bg, clone.firstChild);
    return new XMLSerializer().serializeToString(clone);
  }
}

function setRect(r: SVGRectElement, x: number, y: number, w: number, h: number): void {
  r.setAttribute('x', String(x)); r.setAttribute('y', String(y));
  r.setAttribute('width', String(Math.max(0, w))); r.setAttribute('height', String(Math.max(0, h)));
}

/** Whether two layouts place everything alike (same size, columns and rows), so the SVG drawn for one fits the other. */
function sameGeometry(a: NetworkLayout, b: NetworkLayout): boolean {
  return a.width === b.width && a.height === b.height && a.cellW === b.cellW && a.colW === b.colW && a.steps === b.steps &&
    a.layers === b.layers &&
    a.rows.length === b.rows.length && a.rows.every((r, i) => r.y === b.rows[i].y && r.h === b.rows[i].h && r.label === b.rows[i].label);
}

const INLINE = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-style', 'font-weight', 'display'];
/** Copy the computed presentation of each element into attributes, so the SVG stands alone. */
export function inlineStyles(src: Element, dst: Element): void {
  const cs = getComputedStyle(src);
  for (const p of INLINE) {
    const v = cs.getPropertyValue(p);
    if (v) dst.setAttribute(p, v);
  }
  dst.removeAttribute('class');
  const a = src.children, b = dst.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i], b[i]);
}
