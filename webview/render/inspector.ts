/** The inspector beside the network: exact values of the pinned (or hovered) cell and its live equation. */
import type { SnapshotEvent } from '../../src/shared/events';
import { cellInfo, cellTitle, equation, equationOutput, equationRowText, vectorLines } from '../model/inspect';
import { fmtWords, fmt } from '../model/format';
import { el, button } from './dom';
import { placeTooltip, type Box } from '../model/tooltip-place';

export class Inspector {
  readonly root: HTMLElement;
  private readonly body: HTMLDivElement;
  onUnpin: (() => void) | null = null;

  constructor() {
    this.body = el('div', { class: 'insp-body' });
    this.root = el('aside', { class: 'inspector', 'aria-label': 'Cell inspector', 'aria-live': 'polite' }, this.body);
    this.clear();
  }

  clear(): void {
    this.body.replaceChildren(
      el('h2', { text: 'Inspect a cell' }),
      el('p', { class: 'hint', text: 'Hover a cell to see its exact values; click to pin it. Each little square is one hidden unit: blue −1, white 0, red +1.' }),
    );
  }

  show(s: SnapshotEvent, layer: number, t: number, pinned: boolean): void {
    const c = cellInfo(s, layer, t);
    const eq = equation(s, c, 4);
    const linear = s.activation === 'linear';
    const gated = s.activation === 'gru' || s.activation === 'lstm';
    const out = equationOutput(s);
    const kids: Node[] = [];
    const head = el('div', { class: 'insp-head' }, el('h2', { text: cellTitle(c) }));
    if (pinned) head.append(button('Unpin', 'Unpin the cell (Escape)', () => this.onUnpin?.(), 'Escape'));
    kids.push(head);
    const dl = el('dl', { class: 'facts' });
    const fact = (k: string, v: string) => dl.append(el('dt', { text: k }), el('dd', { text: v }));
    fact('‖h_t‖', fmtWords(c.norm, 6));
    if (c.gradNorm !== null) fact('‖∂L/∂h_t‖', fmtWords(c.gradNorm, 6));
    if (c.runningProb !== null) fact('P(positive) if read out here', fmt(c.runningProb, 4));
    kids.push(dl);
    if (c.unread) kids.push(el('p', { class: 'note unread', text: c.unread }));
    kids.push(el('h3', { text: 'The equation, live' }));
    kids.push(el('p', { class: 'formula', text: eq.formula }));
    kids.push(el('p', { class: 'note', text: eq.note }));
    if (eq.split) {
      const table = el('table', { class: 'eq' });
      const heads = linear ? ['unit', 'from x_t (+ b)', 'from h_{t−1}', 'sum = h_t', 'h_t'] : ['unit', `W_i${gated ? out : ''} x_t + b`, gated ? (s.activation === 'gru' ? 'r ⊙ (W_hn h_{t−1} + b_hn)' : 'W_hg h_{t−1} + b_hg') : 'W_hh h_{t−1} + b_hh', 'sum', `tanh → ${out}`];
      table.append(el('tr', {}, ...heads.map((h) => el('th', { scope: 'col', text: h }))));
      for (const r of eq.rows) {
        table.append(el('tr', {}, el('td', { text: `u${r.unit}` }), el('td', { text: fmt(r.input!, 5) }), el('td', { text: fmt(r.recurrent!, 5) }), el('td', { text: fmt(r.preact, 5) }), el('td', { text: fmt(r.h, 6) })));
      }
      kids.push(table);
    } else {
      kids.push(el('pre', { class: 'eq-lines', text: eq.rows.map((r) => equationRowText(r, linear)).join('\n') }));
    }
    kids.push(el('h3', { text: `h_t, all ${c.h.length} units` }));
    kids.push(el('pre', { class: 'vector', tabindex: 0, 'aria-label': `Exact values of h_t, ${c.h.length} units`, text: vectorLines(c.h).join('\n') }));
    if (!linear) { // the simple RNN has no activation: its pre-activation is h_t itself
      kids.push(el('h3', { text: gated ? `The candidate’s pre-activation (before tanh → ${out}; the gates are below the network)` : 'Pre-activation (before tanh)' }));
      kids.push(el('pre', { class: 'vector', tabindex: 0, text: vectorLines(c.preact).join('\n') }));
    }
    if (c.grad) {
      kids.push(el('h3', { text: '∂L/∂h_t' }));
      kids.push(el('pre', { class: 'vector', tabindex: 0, text: vectorLines(c.grad).join('\n') }));
    }
    this.body.replaceChildren(...kids);
  }
}

/** The floating tooltip (text lines only). */
export class Tooltip {
  readonly root: HTMLDivElement;
  constructor() {
    this.root = el('div', { class: 'tooltip', role: 'tooltip', id: 'tooltip' });
    this.hide();
  }
  /** Beside the pointer inside `area` (the network's box), never over `avoid` (the side card): model/tooltip-place. */
  show(lines: string[], x: number, y: number, area?: Box, avoid?: Box | null): void {
    this.root.replaceChildren(...lines.map((l, i) => el('div', { class: i === 0 ? 'tt-title' : 'tt-line', text: l })));
    this.root.hidden = false;
    this.root.style.left = '0px'; // measured where it has the whole width (a fixed box near the edge wraps narrower)
    this.root.style.top = '0px';
    const view = { w: window.innerWidth, h: window.innerHeight };
    const p = placeTooltip({ w: this.root.offsetWidth, h: this.root.offsetHeight }, x, y,
      area ?? { left: 0, top: 0, right: view.w, bottom: view.h }, avoid ?? null, view);
    this.root.style.left = `${p.left}px`;
    this.root.style.top = `${p.top}px`;
  }
  hide(): void {
    this.root.hidden = true;
  }
}
