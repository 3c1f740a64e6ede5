/**
 * Step Through a Sentence beside the network: the logits after each word (the row being computed marked) and the
 * SGD step — loss, the i2h gradient norm, ‖W‖ before → after per parameter (view model: model/step-view.ts).
 */
import type { StepView } from '../model/step-view';
import { el } from './dom';

export function stepPanel(v: StepView): HTMLElement {
  const logits = el('table', { class: 'step-logits' },
    el('tr', {}, ...['t', 'word', 'logit 0', 'logit 1'].map((h) => el('th', { scope: 'col', text: h }))));
  for (const r of v.rows) {
    logits.append(el('tr', { class: r.active ? 'active' : '', ...(r.active ? { 'aria-current': 'step' } : {}) },
      el('td', { text: String(r.t) }), el('td', { text: r.word }),
      el('td', { text: r.logits ? r.logits[0] : '—' }), el('td', { text: r.logits ? r.logits[1] : '—' })));
  }
  const kids: Node[] = [el('h3', { text: 'Logits after each word' }), logits, el('h3', { text: 'The SGD step' })];
  if (!v.sgd) kids.push(el('p', { class: 'note', text: v.sgdPending ?? '' }));
  else {
    kids.push(...v.sgd.lines.map((l) => el('p', { class: 'sgd-line', text: l })));
    const t = el('table', { class: 'step-params' }, el('tr', {}, ...['weights', '‖W‖ before', '‖W‖ after', '‖ΔW‖'].map((h) => el('th', { scope: 'col', text: h }))));
    for (const p of v.sgd.params) t.append(el('tr', {}, el('td', { text: p.name }), el('td', { text: p.before }), el('td', { text: p.after }), el('td', { text: p.change })));
    kids.push(t);
    if (v.sgd.moved.length) kids.push(el('p', { class: 'note', text: 'The entries that moved most:' }), el('ul', { class: 'sgd-moved' }, ...v.sgd.moved.map((m) => el('li', { text: m }))));
  }
  return el('section', { class: 'clip-panel step-panel', 'aria-label': 'Step through: logits per word and the SGD step' }, ...kids);
}
