/** The panel's frame: header (title, status, tabs, export buttons), error list, the three view panels and the empty note. */
import type { WebviewCommand } from '../../src/shared/protocol';
import type { RunState } from '../model/store';
import type { ViewName } from '../model/persist';
import { VIEWS } from '../model/session';
import { el, button } from './dom';
import { KEYS_HELP } from './keymap';
import { GateView } from './gate-view';

const DEMO_BUTTONS: Array<[WebviewCommand, string]> = [
  ['unrolled.stepThrough', 'Step through a sentence'], ['unrolled.train', 'Train on IMDB'], ['unrolled.predict', 'Predict sentiment'],
  ['unrolled.exploding', 'Exploding gradients'], ['unrolled.vanishing', 'Vanishing gradients'], ['unrolled.compareReadouts', 'Compare readouts'],
];

export interface ShellParts {
  /** The network view's pieces, top to bottom: controls, network + side panel, legend row. */
  controls: HTMLElement; network: HTMLElement; legend: HTMLElement;
  dashboard: HTMLElement; predict: HTMLElement; tooltip: HTMLElement;
  /** The what-if panel, under the legend row (optional). */
  whatIf?: HTMLElement;
}

export interface ShellActions {
  setView(v: ViewName): void;
  exportAs(format: 'svg' | 'png' | 'json'): void;
  runCommand(command: WebviewCommand): void;
}

export class Shell {
  readonly title = el('h1', { text: 'Unrolled' });
  readonly status = el('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  readonly story = el('p', { class: 'story', 'aria-live': 'polite' });
  readonly gradText = el('p', { class: 'grad-caption' });
  readonly side = el('div', { class: 'side' });
  readonly errors = el('ul', { class: 'errors', role: 'alert' });
  readonly tabs = new Map<ViewName, HTMLButtonElement>();
  readonly panels = new Map<ViewName, HTMLElement>();
  readonly emptyNote: HTMLElement;
  readonly netBody: HTMLElement;
  /** Under the legend: the gated cells' gates and cell-state lane (hidden for other cells). */
  readonly gates = new GateView();

  constructor(root: HTMLElement, parts: ShellParts, act: ShellActions) {
    const tablist = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Views' });
    for (const [name, label, key] of VIEWS) {
      const b = el('button', { type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `view-${name}`, 'aria-keyshortcuts': key, title: `${label} (${key})`, text: label });
      b.addEventListener('click', () => act.setView(name));
      this.tabs.set(name, b);
      tablist.append(b);
    }
    const exp = el('div', { class: 'export', role: 'group', 'aria-label': 'Export' },
      button('SVG', 'Export the current view as SVG', () => act.exportAs('svg')),
      button('PNG', 'Export the current view as PNG', () => act.exportAs('png')),
      button('JSON', 'Export the current snapshot as JSON', () => act.exportAs('json')));
    const header = el('header', { class: 'bar' }, this.title, this.status, tablist, exp);
    this.emptyNote = el('div', { class: 'empty' }, el('p', { text: 'Nothing to show yet. Start a demo:' }),
      el('div', { class: 'demo-buttons' }, ...DEMO_BUTTONS.map(([cmd, label]) => button(label, `Run: ${label}`, () => act.runCommand(cmd)))));
    const keys = el('p', { class: 'keys', text: KEYS_HELP });
    this.netBody = el('div', { class: 'net-body' }, parts.controls, this.story, el('div', { class: 'net-main' }, parts.network, this.side), el('div', { class: 'below' }, parts.legend, this.gradText), ...(parts.whatIf ? [parts.whatIf] : []), this.gates.root, keys);
    const netPanel = el('section', { id: 'view-network', role: 'tabpanel', 'aria-labelledby': 'tab-network' }, this.emptyNote, this.netBody);
    const trainPanel = el('section', { id: 'view-training', role: 'tabpanel', 'aria-labelledby': 'tab-training' }, parts.dashboard);
    const predPanel = el('section', { id: 'view-predict', role: 'tabpanel', 'aria-labelledby': 'tab-predict' }, parts.predict);
    this.panels.set('network', netPanel).set('training', trainPanel).set('predict', predPanel);
    root.replaceChildren(header, this.errors, netPanel, trainPanel, predPanel, parts.tooltip);
  }

  /** Select a tab and show its panel. */
  selectView(v: ViewName): void {
    for (const [name, tab] of this.tabs) {
      tab.setAttribute('aria-selected', String(name === v));
      tab.tabIndex = name === v ? 0 : -1;
      this.panels.get(name)!.hidden = name !== v;
    }
  }

  focusTab(v: ViewName): void {
    this.tabs.get(v)!.focus();
  }

  /** Title, status and the last five errors of the run; the empty note until there is a snapshot. */
  showRun(r: RunState, hasSnapshot: boolean): void {
    this.title.textContent = r.title || 'Unrolled — watch an RNN think';
    this.status.textContent = r.demo ? `${r.status}${r.message ? `: ${r.message}` : ''}` : '';
    this.status.className = `status ${r.status}`;
    this.errors.replaceChildren(...r.errors.slice(-5).map((e) => el('li', { text: e })));
    this.showNetwork(hasSnapshot);
  }

  showNetwork(hasSnapshot: boolean): void {
    this.emptyNote.hidden = hasSnapshot;
    this.netBody.hidden = !hasSnapshot;
  }
}
