/** Small panels beside the network: the colour legend, the gradient caption and the clipping picture. */
import type { ClipEvent } from '../../src/shared/events';
import { clipView, outputPending, outputSummary, readoutNote } from '../model/story';
import type { PhaseAt } from '../model/playback';
import { readoutNoteParts } from './predict-view';
import type { SnapshotEvent } from '../../src/shared/events';
import { divergingColour } from '../../src/shared/colour';
import type { GradScale } from '../model/gradient';
import { el } from './dom';
import type { VanishComparison } from '../model/vanish-compare';
import { vanishPanel } from './vanish-compare';
import type { StepView } from '../model/step-view';
import { stepPanel } from './step-panel';

export function colourLegend(): HTMLElement {
  const bar = el('span', { class: 'legend-bar', 'aria-hidden': 'true' });
  for (let i = 0; i <= 20; i++) {
    const s = el('span');
    s.style.background = divergingColour(-1 + i / 10);
    bar.append(s);
  }
  return el('div', { class: 'legend', role: 'note', 'aria-label': 'Colour scale: blue is −1, white is 0, red is +1' },
    el('span', { text: 'h_t unit value: −1' }), bar, el('span', { text: '+1' }),
    el('span', { class: 'legend-nan', text: '■' }), el('span', { text: 'NaN/∞' }));
}

export function gradCaption(g: GradScale | null): string {
  if (!g) return '';
  const parts = [`‖∂L/∂h_t‖ bars use a log scale from 1e${g.lo} to 1e${g.hi}`.replace(/-/g, '−')];
  if (g.spanDecades >= 1) parts.push(`the largest is ${g.spanDecades.toFixed(1)} decades (×10^${Math.round(g.spanDecades)}) bigger than the smallest`);
  if (g.counts.inf) parts.push(`${g.counts.inf} step${g.counts.inf === 1 ? ' is' : 's are'} infinite (∞)`);
  if (g.counts.nan) parts.push(`${g.counts.nan} step${g.counts.nan === 1 ? ' is' : 's are'} NaN (not a number)`);
  if (g.counts.zero) parts.push(`${g.counts.zero} step${g.counts.zero === 1 ? ' is' : 's are'} exactly 0`);
  return parts.join('; ') + '.';
}

/** Before/after clipping as two log bars with the threshold, and the sentences of `clipView`. */
export function clipPanel(c: ClipEvent): HTMLElement {
  const v = clipView(c);
  const bar = (label: string, frac: number, value: string, bad: boolean) => {
    const fill = el('span', { class: `clip-fill${bad ? ' bad' : ''}` });
    fill.style.width = `${Math.max(1, frac * 100)}%`;
    return el('div', { class: 'clip-row' }, el('span', { class: 'clip-name', text: label }), el('span', { class: 'clip-track' }, fill), el('span', { class: 'clip-val', text: value }));
  };
  return el('section', { class: `clip-panel${v.bad ? ' bad' : ''}`, 'aria-label': 'Gradient clipping' },
    el('h3', { text: 'Gradient clipping (log scale)' }),
    bar('before', v.beforeFrac, v.lines[0].split(': ')[1], !Number.isFinite(c.before)),
    bar('after', v.afterFrac, v.lines[2].split(': ')[1], !Number.isFinite(c.after)),
    el('ul', {}, ...v.lines.map((l) => el('li', { text: l }))));
}

/**
 * The output box in words at playback position `p` (the prediction only once the forward pass has computed it);
 * `onCompare` (absent during Compare Readouts itself) adds the `final`-readout note's button.
 */
export function outputPanel(s: SnapshotEvent, p: PhaseAt, onCompare?: () => void): HTMLElement {
  const note = readoutNote(s, !!onCompare);
  const pending = outputPending(s, p);
  const kids: Node[] = [el('h3', { text: pending ? 'Output — not computed yet' : 'Output' }), ...outputSummary(s, p).map((l) => el('p', { text: l }))];
  if (note) kids.push(el('div', { class: 'readout-note', role: 'note' }, ...(onCompare ? readoutNoteParts(note, onCompare) : [el('span', { text: note })])));
  return el('section', { class: `out-panel${pending ? ' pending' : ''}`, 'aria-label': 'Output' }, ...kids);
}

/** The side panel's boxes above the inspector: the Output box (for the shown phase) and the last clipping picture. */
export function refreshSideBoxes(
  side: HTMLElement, s: SnapshotEvent | null, ph: PhaseAt, clip: ClipEvent | undefined, onCompare: (() => void) | undefined,
  vanish?: VanishComparison | null, step?: StepView | null,
): void {
  side.querySelectorAll('.clip-panel, .out-panel').forEach((n) => n.remove());
  if (clip) side.prepend(clipPanel(clip));
  if (vanish && s) side.prepend(vanishPanel(vanish, s));
  if (step && s) side.prepend(stepPanel(step));
  if (s) side.prepend(outputPanel(s, ph, onCompare));
}

export { WhatIfPanel } from './what-if-panel';
