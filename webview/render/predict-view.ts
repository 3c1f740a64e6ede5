/** The predict box: type a review, see the prediction, confidence and each word's contribution. */
import type { PredictView } from '../model/predict';
import { divergingColour, textOn } from '../../src/shared/colour';
import { fmt, sci } from '../model/format';
import { NEGLIGIBLE_CONTRIBUTION, CONTRIBUTION_SCALE_FLOOR } from '../../src/shared/contribution';
import { el, button } from './dom';

export class PredictPanel {
  readonly root: HTMLDivElement;
  readonly input: HTMLTextAreaElement;
  private readonly result: HTMLDivElement;
  private readonly tokens: HTMLParagraphElement;
  private readonly note: HTMLDivElement;
  /** "All words' contributions are below 1e-3 …" (every word negligible). */
  private readonly contribNote: HTMLDivElement;
  /** "Strongest words: worst (-0.912), …" */
  private readonly strongest: HTMLParagraphElement;
  onShowInNetwork: (() => void) | null = null;
  /** Runs Compare Readouts (the note under a `final`-readout answer). */
  onCompare: (() => void) | null = null;

  constructor(onInput: (text: string) => void) {
    this.input = el('textarea', { rows: 3, 'aria-label': 'Review text to classify', placeholder: 'Type a review, e.g. “This movie was fantastic and I loved it!”', spellcheck: 'false' });
    this.input.addEventListener('input', () => onInput(this.input.value));
    this.result = el('div', { class: 'pred-result', 'aria-live': 'polite' });
    this.tokens = el('p', { class: 'pred-tokens', 'aria-label': 'Words coloured by their contribution' });
    this.note = el('div', { class: 'readout-note', role: 'note' });
    this.contribNote = el('div', { class: 'contrib-note', role: 'note' });
    this.strongest = el('p', { class: 'pred-strongest' });
    const bar = el('span', { class: 'legend-bar', 'aria-hidden': 'true' });
    for (let i = 0; i <= 20; i++) { const c = el('span'); c.style.background = divergingColour(-1 + i / 10); bar.append(c); }
    const scale = el('div', { class: 'legend' }, el('span', { text: 'towards negative' }), bar, el('span', { text: 'towards positive' }));
    const legend = el('p', { class: 'hint', text: `Each word is coloured by its contribution to “positive” (gradient × input at that word, in logits; the scale ends at the largest, at least ${CONTRIBUTION_SCALE_FLOOR}). A word below ${sci(NEGLIGIBLE_CONTRIBUTION, 0)} is not coloured: it hardly changes the answer (hover a word for its value). Words with a dotted underline and “?” are unknown to the model: it skips them.` });
    const show = button('Show in network', 'Show this sentence in the network view', () => this.onShowInNetwork?.());
    this.root = el('div', { class: 'predict' }, el('label', { text: 'Review' }), this.input, this.result, this.note, this.tokens, this.contribNote, this.strongest, scale, legend, show);
    this.render(null, false);
  }

  render(v: PredictView | null, pending: boolean): void {
    const note = v && !v.error ? v.note : null;
    this.note.replaceChildren(...(note ? readoutNoteParts(note, () => this.onCompare?.()) : []));
    this.note.hidden = !note;
    const contribNote = v && !v.error ? v.contributionNote : null;
    this.contribNote.textContent = contribNote ?? '';
    this.contribNote.hidden = !contribNote;
    const strongest = v && !v.error && v.strongest.length ? `Strongest words: ${v.strongest.join(', ')}` : '';
    this.strongest.textContent = strongest;
    this.strongest.hidden = !strongest;
    if (!v) {
      this.result.replaceChildren(el('span', { class: 'hint', text: pending ? 'Thinking…' : 'The prediction appears as you type (needs a trained model: run Train on IMDB or Load Checkpoint).' }));
      this.tokens.replaceChildren();
      return;
    }
    if (v.error) {
      this.result.replaceChildren(el('span', { class: 'error', text: v.error }));
      this.tokens.replaceChildren();
      return;
    }
    const conf = v.confidence ?? NaN;
    // Positive is red and negative blue, as on the panel's colour scale (h_t, contributions, P(positive) bars).
    const cls = v.label === 'Positive' ? 'pos' : 'neg';
    const bar = el('span', { class: 'conf-bar', 'aria-hidden': 'true' }, el('span', { class: `conf-fill ${cls}` }));
    (bar.firstChild as HTMLElement).style.width = `${Math.round((Number.isFinite(conf) ? conf : 0) * 100)}%`;
    this.result.replaceChildren(
      el('span', { class: `pred-label ${cls}`, text: v.label ?? '—' }),
      el('span', { class: 'pred-conf', text: ` confidence ${Number.isFinite(conf) ? fmt(conf, 4) : '—'}` }),
      bar,
      el('span', { class: 'hint', text: v.unknownCount ? ` · ${v.unknownCount} unknown word${v.unknownCount === 1 ? '' : 's'}` : '' }),
    );
    this.tokens.replaceChildren(...v.tokens.flatMap((t) => {
      const s = el('span', { class: `tok${t.unknown ? ' unknown' : ''}${t.negligible ? ' negligible' : ''}`, title: t.title, tabindex: 0, 'aria-label': t.title, text: t.unknown ? `${t.text}?` : t.text });
      // A negligible contribution is not coloured: its sign and size mean nothing.
      if (t.contribution !== null && Number.isFinite(t.contribution) && !t.negligible) {
        s.style.background = divergingColour(t.contribution, v.contributionRange);
        s.style.color = textOn(t.contribution, v.contributionRange);
      }
      return [s, document.createTextNode(' ')];
    }));
  }
}

/** The readout note's sentence and its "Compare Readouts" button (the predict box and the network's Output box). */
export function readoutNoteParts(note: string, onCompare: () => void): Node[] {
  return [el('span', { text: note }), document.createTextNode(' '), button('Compare Readouts', 'Run: Compare readouts (the notebook readout and the improved one, trained side by side)', onCompare)];
}
