/**
 * The network view's SVG: row labels, the gradient and P(positive) axes, tokens and inputs, cell frames, the
 * output box, and the frozen left pane that repeats the labels. Built once per shape; a snapshot of the same
 * shape (a what-if answer while a slider moves) only replaces what depends on its numbers — the gradient
 * axis, the pane's tick labels, the output box's text and any token that changed (`updateNetworkSvg`).
 */
import type { SnapshotEvent } from '../../src/shared/events';
import { MARGIN_LEFT, type NetworkLayout } from '../model/layout';
import type { GradScale } from '../model/gradient';
import { fmt } from '../model/format';
import { svgEl } from './dom';

/** Width of the frozen row-label pane (layout units): the left margin up to just before the first cell. */
export const PANE_W = MARGIN_LEFT - 6;

/** The parts of the SVG that change with the snapshot's numbers or with the playback phase. */
export interface SvgParts {
  gradHint: SVGTextElement | null;
  gradAxis: SVGGElement | null;
  /** What the axis shows (its decades and the non-finite steps it names): the same keeps the axis. */
  axisSig: string;
  outputG: SVGGElement;
  /** The output box's two lines, and what they say before and after the forward pass computes the output. */
  outputText: { lines: [SVGTextElement, SVGTextElement]; ready: [string, string]; pending: [string, string] };
  /** Token text elements by column. */
  tokens: SVGTextElement[];
}

/** Rebuild the whole SVG (and the pane) for a layout and snapshot. */
export function buildNetworkSvg(svg: SVGSVGElement, pane: SVGSVGElement, dyn: SVGGElement, l: NetworkLayout, s: SnapshotEvent,
  grad: GradScale | null): SvgParts {
  svg.replaceChildren();
  // Row labels on the left.
  const labels = svgEl('g', { class: 'row-labels' });
  for (const r of l.rows) {
    // Rows with an axis are labelled above it, so the label never meets the axis's tick labels.
    const y = r.kind === 'grad' || r.kind === 'prob' ? r.y - 9 : r.y + Math.min(r.h, 40) / 2 + 4;
    const t = svgEl('text', { x: 8, y, class: `row-label row-${r.kind}` });
    t.textContent = r.label;
    labels.append(t);
  }
  svg.append(labels);
  const axis = grad ? gradAxis(l, grad) : null;
  if (axis) svg.append(axis.g);
  // P(positive)-if-read-here: a scale 0 … 0.5 … 1, so bars near 0.5 still read against a visible baseline.
  if (l.probRow) {
    const r = l.probRow;
    const g = svgEl('g', { class: 'grad-axis prob-axis' });
    for (const [p, label] of [[1, '1'], [0.5, '0.5'], [0, '0']] as const) {
      const y = r.y + r.h - p * r.h;
      g.append(svgEl('line', { x1: MARGIN_LEFT - 6, x2: l.width - 140, y1: y, y2: y, class: p === 0.5 ? 'grid prob-mid' : 'grid' }));
      const tx = svgEl('text', { x: MARGIN_LEFT - 8, y: p === 1 ? y + 8 : p === 0 ? y - 1 : y + 3, class: 'tick', 'text-anchor': 'end' });
      tx.textContent = label;
      g.append(tx);
    }
    svg.append(g);
  }
  buildPane(pane, svg, l);
  // Inputs x_t and tokens.
  const inputs = svgEl('g', { class: 'inputs' });
  const tokens = svgEl('g', { class: 'tokens' });
  const tokenEls: SVGTextElement[] = [];
  for (const c of l.columns) {
    inputs.append(svgEl('rect', { x: c.x - l.cellW / 2, y: l.inputY, width: l.cellW, height: 14, rx: 3, class: `x-box${c.pad ? ' pad' : ''}${c.unknown ? ' unknown' : ''}` }));
    const tx = tokenText(l, c);
    tokenEls.push(tx);
    tokens.append(tx);
    const tt = svgEl('text', { x: c.x, y: l.inputY + 10, class: 'x-label', 'text-anchor': 'middle' });
    tt.textContent = `x${sub(c.t)}`;
    inputs.append(tt);
  }
  svg.append(inputs, tokens);
  // Cell frames (the heatmaps themselves are on the canvas) and accessible names.
  const frames = svgEl('g', { class: 'cells' });
  for (const c of l.cells) {
    frames.append(svgEl('rect', { x: c.x - 0.5, y: c.y - 0.5, width: l.cellW + 1, height: l.cellH + 1, class: 'cell', 'data-layer': c.layer, 'data-t': c.t }));
  }
  svg.append(frames);
  // Output.
  const o = l.output;
  const out = svgEl('g', { class: 'output' });
  out.append(svgEl('rect', { x: o.x, y: o.y, width: o.w, height: o.h, rx: 6, class: 'out-box' }));
  const line1 = svgEl('text', { x: o.x + o.w / 2, y: o.y + 18, 'text-anchor': 'middle', class: 'out-text' });
  const line2 = svgEl('text', { x: o.x + o.w / 2, y: o.y + 36, 'text-anchor': 'middle', class: 'out-sub' });
  // Until the forward pass reaches the readout the box says when the output will exist, not what it is.
  const outputText: SvgParts['outputText'] = { lines: [line1, line2], ready: outputLines(s), pending: ['not computed yet', `computed at t = ${l.readoutReadyAt}`] };
  line1.textContent = outputText.ready[0];
  line2.textContent = outputText.ready[1];
  out.append(line1, line2);
  svg.append(out);
  // Moving parts.
  svg.append(dyn);
  return { gradHint: axis?.hint ?? null, gradAxis: axis?.g ?? null, axisSig: grad ? axisSignature(grad) : '', outputG: out, outputText, tokens: tokenEls };
}

/**
 * A snapshot of the same layout: replace the gradient axis (its decades follow the numbers) and the pane's copy
 * of it, the output box's text and the tokens that differ. Returns the updated parts.
 */
export function updateNetworkSvg(parts: SvgParts, svg: SVGSVGElement, pane: SVGSVGElement, l: NetworkLayout, s: SnapshotEvent,
  grad: GradScale | null): SvgParts {
  let { gradHint, gradAxis: axisG } = parts;
  const sig = grad ? axisSignature(grad) : '';
  if (sig !== parts.axisSig) {
    // the decades moved (or a gradient is now non-finite): a new axis, and the pane's copy of its labels
    const axis = grad ? gradAxis(l, grad) : null;
    if (axisG && axis) axisG.replaceWith(axis.g);
    else if (axis) svg.insertBefore(axis.g, svg.firstChild?.nextSibling ?? null);
    else axisG?.remove();
    axisG = axis?.g ?? null;
    gradHint = axis?.hint ?? null;
    buildPane(pane, svg, l);
  }
  const ready = outputLines(s);
  const ot = { ...parts.outputText, ready };
  const tokens = parts.tokens.map((old, t) => {
    const c = l.columns[t];
    if (old.textContent === tokenWord(c)) return old;
    const tx = tokenText(l, c);
    old.replaceWith(tx);
    return tx;
  });
  return { gradHint, gradAxis: axisG, axisSig: sig, outputG: parts.outputG, outputText: ot, tokens };
}

function axisSignature(g: GradScale): string {
  return `${g.lo}|${g.hi}|${g.bars.filter((b) => b.flag === 'nan' || b.flag === 'inf').map((b) => `${b.layer}.${b.t}${b.flag}`).join(',')}`;
}

function outputLines(s: SnapshotEvent): [string, string] {
  const p = s.probs.length === 2 ? s.probs[1] : NaN;
  return [Number.isFinite(p) ? `P(positive) = ${fmt(p, 4)}` : `logits ${s.logits.map((v) => fmt(v, 4)).join(', ')}`,
    s.loss !== undefined ? `loss ${fmt(s.loss, 4)} · target ${s.target === 1 ? 'positive' : 'negative'}` : `readout: ${s.readout}`];
}

type Column = NetworkLayout['columns'][number];
const tokenWord = (c: Column): string => (c.pad ? 'pad' : c.unknown ? `${c.token}?` : c.token);

function tokenText(l: NetworkLayout, c: Column): SVGTextElement {
  const word = tokenWord(c);
  // Short words ("i", "a", "is") stand upright under their column: rotated, one letter looks like a tick mark.
  const upright = [...word].length <= 2;
  const tx = svgEl('text', upright
    ? { x: c.x, y: l.tokenY + 14, 'text-anchor': 'middle', class: `token short${c.pad ? ' pad' : ''}${c.unknown ? ' unknown' : ''}`, 'data-t': c.t }
    : { transform: `translate(${c.x + 4},${l.tokenY + 6}) rotate(-35)`, 'text-anchor': 'end', class: `token${c.pad ? ' pad' : ''}${c.unknown ? ' unknown' : ''}`, 'data-t': c.t });
  tx.textContent = word;
  const title = svgEl('title');
  title.textContent = `t = ${c.t}: ${c.pad ? 'padding (<PAD>, id 0)' : c.unknown ? `“${c.token}” — unknown word` : `“${c.token}”`}`;
  tx.append(title);
  return tx;
}

/** The gradient axis: decade grid lines and tick labels, non-finite gradients named, the hint before the backward pass. */
function gradAxis(l: NetworkLayout, grad: GradScale): { g: SVGGElement; hint: SVGTextElement } {
  const g = svgEl('g', { class: 'grad-axis' });
  for (const row of l.gradRows) {
    const ticks = grad.ticks;
    for (const tick of ticks) {
      const y = row.y + row.h - tick.frac * row.h;
      g.append(svgEl('line', { x1: MARGIN_LEFT - 6, x2: l.width - 140, y1: y, y2: y, class: 'grid' }));
      if (tick === ticks[0] || tick === ticks[ticks.length - 1] || (ticks.length > 4 && tick === ticks[Math.floor(ticks.length / 2)])) {
        // The top label hangs below its line and the bottom one sits on its line: both stay inside the row.
        const ty = tick === ticks[0] ? y + 8 : tick === ticks[ticks.length - 1] ? y - 2 : y + 3;
        const tx = svgEl('text', { x: MARGIN_LEFT - 8, y: ty, class: 'tick', 'text-anchor': 'end' });
        tx.textContent = tick.label;
        g.append(tx);
      }
    }
    // Non-finite gradients are named in words above their bars.
    for (const b of grad.bars) {
      if (b.layer !== row.layer || (b.flag !== 'nan' && b.flag !== 'inf')) continue;
      const tx = svgEl('text', { x: l.columns[b.t].x, y: row.y + row.h / 2 + 5, class: 'grad-flag', 'text-anchor': 'middle' });
      tx.textContent = b.flag === 'nan' ? 'NaN' : '∞';
      g.append(tx);
    }
  }
  const first = l.gradRows[0];
  const hint = svgEl('text', { x: MARGIN_LEFT + 8, y: first.y + first.h / 2 + 4, class: 'grad-hint' });
  hint.textContent = 'Gradients ‖∂L/∂h_t‖ appear here in the backward pass, from the last step back to the first.';
  g.append(hint);
  return { g, hint };
}

/** The frozen left pane: a background, the row labels and the gradient axis's tick labels. */
function buildPane(pane: SVGSVGElement, svg: SVGSVGElement, l: NetworkLayout): void {
  pane.replaceChildren(svgEl('rect', { x: 0, y: 0, width: PANE_W, height: l.height, class: 'pane-bg' }), svgEl('line', { x1: PANE_W - 0.5, x2: PANE_W - 0.5, y1: 0, y2: l.height, class: 'pane-edge' }));
  for (const t of svg.querySelectorAll('.row-label, .grad-axis .tick')) pane.append(t.cloneNode(true));
}

const SUBS = '₀₁₂₃₄₅₆₇₈₉';
function sub(n: number): string {
  return String(n).split('').map((d) => SUBS[+d]).join('');
}
