/**
 * Vanishing Gradients beside the network: both sequences' first-token gradient as two bars on ONE log axis
 * (the view model is webview/model/vanish-compare.ts), with the sentence that states their ratio.
 */
import { fmt, minus } from '../model/format';
import { logFrac } from '../model/gradient';
import type { VanishComparison } from '../model/vanish-compare';
import type { SnapshotEvent } from '../../src/shared/events';
import { el } from './dom';

/** The side box; the row of the sequence on screen (`shown`) is in bold. */
export function vanishPanel(c: VanishComparison, shown: SnapshotEvent): HTMLElement {
  const { lo, hi } = c.axis;
  const row = (label: string, v: number, shown: boolean) => {
    const fill = el('span', { class: 'clip-fill' });
    fill.style.width = `${Math.max(1, (v > 0 && Number.isFinite(v) ? logFrac(v, lo, hi) : 0) * 100)}%`;
    return el('div', { class: `clip-row${shown ? ' shown' : ''}` },
      el('span', { class: 'clip-name', text: label }), el('span', { class: 'clip-track' }, fill), el('span', { class: 'clip-val', text: fmt(v, 4) }));
  };
  return el('section', { class: 'clip-panel vanish-panel', 'aria-label': 'First-token gradient of both sequences' },
    el('h3', { text: 'First token’s gradient ‖∂L/∂x_0‖, one log axis' }),
    row(`${c.long.length} tokens`, c.long.first, shown.length === c.long.length),
    row(`${c.short.length} tokens`, c.short.first, shown.length === c.short.length),
    el('div', { class: 'vanish-axis', 'aria-hidden': 'true' }, el('span', { text: minus(`1e${lo}`) }), el('span', { text: minus(`1e${hi}`) })),
    el('p', { class: 'vanish-ratio', text: c.narration }),
    el('p', { class: 'vanish-note', text: `The network’s ‖∂L/∂h_t‖ bars use this axis for both sequences (1e${lo}…1e${hi})`.replace(/1e-/g, '1e−') +
      // a what-if answer may reach beyond it: the network's axis then widens (its caption under the network says how far)
      (shown.label === 'what-if' ? ', widened where the what-if reaches beyond it.' : '.') }));
}
