/** The predict box: type a review, see the prediction, confidence and each word's occlusion or contribution. */
import type { PredictView } from '../model/predict';
import { divergingColour, textOn } from '../../src/shared/colour';
import { fmt, sci } from '../model/format';
import { NEGLIGIBLE_CONTRIBUTION, CONTRIBUTION_SCALE_FLOOR } from '../../src/shared/contribution';
import { NEGLIGIBLE_OCCLUSION, OCCLUSION_SCALE_FLOOR } from '../../src/shared/occlusion';
import { el, button } from './dom';
import { TrajectoryView } from './trajectory-view';
import type { Trajectory } from '../model/trajectory';

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
  /** "Colour by: occlusion | gradient × input". */
  private readonly byButtons: Record<'occlusion' | 'gradient', HTMLButtonElement>;
  private readonly legend: HTMLParagraphElement;
  /** The loss (against which class) and the gradient norm (of which weights). */
  private readonly lossGrad: HTMLParagraphElement;
  /** What words are coloured by (occlusion unless chosen otherwise, or the answer has none). */
  colourBy: 'occlusion' | 'gradient' = 'occlusion';
  private last: { v: PredictView | null; pending: boolean } = { v: null, pending: false };
  onShowInNetwork: (() => void) | null = null;
  /** The previous and the new answer together (after an edit). */
  readonly trajectory = new TrajectoryView();
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
    this.lossGrad = el('p', { class: 'pred-loss' });
    const bar = el('span', { class: 'legend-bar', 'aria-hidden': 'true' });
    for (let i = 0; i <= 20; i++) { const c = el('span'); c.style.background = divergingColour(-1 + i / 10); bar.append(c); }
    const scale = el('div', { class: 'legend' }, el('span', { text: 'towards negative' }), bar, el('span', { text: 'towards positive' }));
    this.legend = el('p', { class: 'hint' });
    const choose = (by: 'occlusion' | 'gradient') => { this.colourBy = by; this.render(this.last.v, this.last.pending); };
    this.byButtons = {
      occlusion: button('Occlusion (ΔP)', 'Colour each word by P(positive) minus P(positive) with that word deleted (exact)', () => choose('occlusion')),
      gradient: button('Gradient × input', 'Colour each word by gradient × input (a linear estimate, in logits)', () => choose('gradient')),
    };
    const by = el('div', { class: 'colour-by', role: 'group', 'aria-label': 'Colour words by' }, el('span', { text: 'Colour words by: ' }), this.byButtons.occlusion, this.byButtons.gradient);
    const show = button('Show in network', 'Show this sentence in the network view', () => this.onShowInNetwork?.());
    this.root = el('div', { class: 'predict' }, el('label', { text: 'Review' }), this.input, this.result, this.lossGrad, this.note, by, this.tokens, this.contribNote, this.strongest, scale, this.legend, this.trajectory.root, show);
    this.render(null, false);
  }

  /** Show (or hide, null) the previous and the new run together. */
  showTrajectory(tr: Trajectory | null): void {
    this.trajectory.show(tr);
  }

  render(v: PredictView | null, pending: boolean): void {
    this.last = { v, pending };
    const byOcc = this.colourBy === 'occlusion' && (!v || v.hasOcclusion);
    for (const [k, b] of Object.entries(this.byButtons)) b.setAttribute('aria-pressed', String((k === 'occlusion') === byOcc));
    this.byButtons.occlusion.disabled = !!v && !v.error && !v.hasOcclusion;
    this.legend.textContent = byOcc
      ? `Each word is coloured by its occlusion: P(positive) of the text minus P(positive) of the same text with that word deleted — exactly what Predict answers if you delete it (the scale ends at the largest, at least ${OCCLUSION_SCALE_FLOOR}). A word below ${sci(NEGLIGIBLE_OCCLUSION, 0)} is not coloured (hover a word for both values). Words with a dotted underline and “?” are unknown to the model: it skips them.`
      : `Each word is coloured by its contribution to “positive” (gradient × input at that word, in logits; the scale ends at the largest, at least ${CONTRIBUTION_SCALE_FLOOR}). A word below ${sci(NEGLIGIBLE_CONTRIBUTION, 0)} is not coloured: it hardly changes the answer (hover a word for its value). Words with a dotted underline and “?” are unknown to the model: it skips them.`;
    this.tokens.setAttribute('aria-label', byOcc ? 'Words coloured by their occlusion' : 'Words coloured by their contribution');
    const note = v && !v.error ? v.note : null;
    this.note.replaceChildren(...(note ? readoutNoteParts(note, () => this.onCompare?.()) : []));
    this.note.hidden = !note;
    const contribNote = v && !v.error ? (byOcc ? v.saturationNote : v.contributionNote) : null;
    this.contribNote.textContent = contribNote ?? '';
    this.contribNote.hidden = !contribNote;
    const ranked = v && !v.error ? (byOcc ? v.strongestByOcclusion : v.strongest) : [];
    const strongest = ranked.length ? `Strongest words (${byOcc ? 'occlusion, ΔP' : 'gradient × input'}): ${ranked.join(', ')}` : '';
    this.strongest.textContent = strongest;
    this.strongest.hidden = !strongest;
    const lossGrad = v && !v.error ? [v.lossLine, v.gradLine].filter(Boolean).join(' ') : '';
    this.lossGrad.textContent = lossGrad;
    this.lossGrad.hidden = !lossGrad;
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
      const value = byOcc ? t.occlusion : t.contribution;
      const negligible = byOcc ? t.occlusionNegligible : t.negligible;
      const range = byOcc ? v.occlusionRange : v.contributionRange;
      const s = el('span', { class: `tok${t.unknown ? ' unknown' : ''}${negligible ? ' negligible' : ''}`, title: t.title, tabindex: 0, 'aria-label': t.title, text: t.unknown ? `${t.text}?` : t.text });
      // A negligible value is not coloured: its sign and size mean nothing.
      if (value !== null && Number.isFinite(value) && !negligible) {
        s.style.background = divergingColour(value, range);
        s.style.color = textOn(value, range);
      }
      return [s, document.createTextNode(' ')];
    }));
  }
}

/** The readout note's sentence and its "Compare Readouts" button (the predict box and the network's Output box). */
export function readoutNoteParts(note: string, onCompare: () => void): Node[] {
  return [el('span', { text: note }), document.createTextNode(' '), button('Compare Readouts', 'Run: Compare readouts (the notebook readout and the improved one, trained side by side)', onCompare)];
}
