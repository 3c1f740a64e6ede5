/**
 * The Predict view's "before and after" (webview/model/trajectory.ts): P(positive) per word of the previous and
 * the new text as two lines, and under them a strip with one bar per step for ‖h_t − h′_t‖.
 */
import type { Trajectory } from '../model/trajectory';
import { fmt } from '../model/format';
import { el, svgEl } from './dom';

const W = 640, PH = 120, SH = 40, M = { left: 44, right: 12, top: 8, gap: 22, bottom: 18 };

export class TrajectoryView {
  readonly root: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly sentence: HTMLParagraphElement;

  constructor() {
    this.svg = svgEl('svg', { class: 'traj-chart', width: W, height: M.top + PH + M.gap + SH + M.bottom, role: 'img', 'aria-label': 'P(positive) per word, previous and new text; the distance between their states per step' });
    this.sentence = el('p', { class: 'traj-sentence' });
    this.root = el('section', { class: 'traj', 'aria-label': 'Previous and new text' },
      el('h3', { text: 'Before and after the edit' }), this.sentence, this.svg,
      el('p', { class: 'hint', text: 'Solid: the new text; dashed: the previous one. P(positive) at word t is the model’s answer if the review ended there. The strip: ‖h_t − h′_t‖ of the top layer, the distance between the two runs’ states at each step.' }));
    this.root.hidden = true;
  }

  show(tr: Trajectory | null): void {
    this.root.hidden = !tr;
    this.svg.replaceChildren();
    if (!tr) return;
    this.sentence.textContent = tr.sentence;
    // one column per step; lines and bars at the columns' centres
    const col = (W - M.left - M.right) / Math.max(1, tr.steps);
    const x = (t: number) => M.left + (t + 0.5) * col;
    const y = (p: number) => M.top + (1 - p) * PH;
    for (const [p, label] of [[1, '1'], [0.5, '0.5'], [0, '0']] as const) {
      this.svg.append(svgEl('line', { x1: M.left, x2: W - M.right, y1: y(p), y2: y(p), class: p === 0.5 ? 'grid prob-mid' : 'grid' }));
      const tx = svgEl('text', { x: M.left - 6, y: y(p) + 4, class: 'tick', 'text-anchor': 'end' });
      tx.textContent = label;
      this.svg.append(tx);
    }
    const pLabel = svgEl('text', { x: M.left + 4, y: M.top + 10, class: 'tick' });
    pLabel.textContent = 'P(positive)';
    this.svg.append(pLabel);
    const line = (ps: number[], cls: string) => {
      const pts = ps.map((p, t) => `${x(t).toFixed(1)},${y(Number.isFinite(p) ? p : 0.5).toFixed(1)}`).join(' ');
      this.svg.append(svgEl('polyline', { points: pts, class: `traj-line ${cls}`, 'data-values': ps.map((p) => p.toPrecision(6)).join(' ') }));
    };
    line(tr.prev, 'traj-prev');
    line(tr.next, 'traj-next');
    // the strip: one bar per step, its height the distance (scaled to the largest)
    const sy = M.top + PH + M.gap;
    const bw = Math.max(2, Math.min(24, col * 0.6));
    const strip = svgEl('g', { class: 'traj-strip' });
    tr.diff.forEach((d, t) => {
      const h = tr.maxDiff > 0 && Number.isFinite(d) ? Math.max(d > 0 ? 1 : 0, (d / tr.maxDiff) * SH) : 0;
      const r = svgEl('rect', { x: x(t) - bw / 2, y: sy + SH - h, width: bw, height: h, class: 'traj-bar', 'data-t': t, 'data-diff': d.toPrecision(6) });
      const title = svgEl('title');
      title.textContent = `t = ${t}: ‖h_t − h′_t‖ = ${fmt(d, 4)} (“${tr.prevWords[t] || '—'}” / “${tr.nextWords[t] || '—'}”)`;
      r.append(title);
      strip.append(r);
    });
    this.svg.append(strip, svgEl('line', { x1: M.left, x2: W - M.right, y1: sy + SH, y2: sy + SH, class: 'grid' }));
    const sLabel = svgEl('text', { x: M.left - 6, y: sy + 12, class: 'tick', 'text-anchor': 'end' });
    sLabel.textContent = '‖Δh‖';
    const maxLabel = svgEl('text', { x: M.left + 4, y: sy - 4, class: 'tick' });
    maxLabel.textContent = `‖h_t − h′_t‖, largest ${fmt(tr.maxDiff, 3)}`;
    const tLabel = svgEl('text', { x: W - M.right, y: sy + SH + 14, class: 'tick', 'text-anchor': 'end' });
    tLabel.textContent = `t = 0 … ${tr.steps - 1}`;
    this.svg.append(sLabel, maxLabel, tLabel);
  }
}
