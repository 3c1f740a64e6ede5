/** Compare Cells' figures as a table above the side-by-side curves (numbers from model/dashboard.ts's cellRows). */
import type { CellComparisonRow } from '../model/dashboard';
import { sci } from '../model/format';
import { el } from './dom';

export function cellsTable(rows: readonly CellComparisonRow[]): HTMLElement {
  const table = el('table', { class: 'cells-table', 'aria-label': 'Compare Cells: first-token gradients, test accuracy and seconds per epoch' });
  const heads = ['cell', 'first-token gradient, long sequence', 'first-token gradient, short sequence', 'short ÷ long', 'test accuracy', 's / epoch'];
  table.append(el('tr', {}, ...heads.map((h) => el('th', { scope: 'col', text: h }))));
  for (const r of rows) {
    table.append(el('tr', {},
      el('th', { scope: 'row', text: r.cell }),
      el('td', { text: sci(r.firstTokenGradLong, 2) }),
      el('td', { text: sci(r.firstTokenGradShort, 2) }),
      el('td', { text: Number.isFinite(r.vanishing) ? `×${sci(r.vanishing, 1)}` : sci(r.vanishing, 1) }),
      el('td', { text: r.testAcc === null ? 'not tested' : `${r.testAcc.toFixed(2)} %` }),
      el('td', { text: r.secondsPerEpoch === null ? '–' : r.secondsPerEpoch.toFixed(2) })));
  }
  return el('figure', { class: 'cells-fig' },
    el('figcaption', { text: 'The vanishing-gradient demo with each cell on the same random sequences (recurrent weights N(0, std²)), then the IMDB training below.' }),
    table);
}
