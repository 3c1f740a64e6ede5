/** What the network's tooltip says over a cell, a token, the probability strip, a gradient bar or the output box. */
import type { SnapshotEvent } from '../../src/shared/events';
import { formatContribution, NEGLIGIBLE_CONTRIBUTION } from '../../src/shared/contribution';
import type { Hit } from '../model/layout';
import type { GradScale } from '../model/gradient';
import type { PhaseAt } from '../model/playback';
import type { Cell } from '../model/session';
import { tooltipLines, cellInfo } from '../model/inspect';
import { outputPending } from '../model/story';
import { fmt, minus, sci } from '../model/format';

/** The tooltip's lines for a hit, and the cell it highlights (none over the output box). */
export function hoverLines(s: SnapshotEvent, h: Hit, ph: PhaseAt, grad: GradScale | null): { cell: Cell | null; lines: string[] } {
  if (h.kind === 'cell') return { cell: { layer: h.layer, t: h.t }, lines: tooltipLines(cellInfo(s, h.layer, h.t), h.unit) };
  if (h.kind === 'token') {
    const tok = s.tokens[h.t] ?? '';
    const lines = [`t = ${h.t}: ${h.t >= s.length ? 'padding (<PAD>, id 0)' : `“${tok}”${s.unknown[h.t] ? ' — unknown word (id 0)' : ''}`}`];
    if (s.inputGradNorm) lines.push(`‖∂L/∂x_${h.t}‖ = ${fmt(s.inputGradNorm[h.t], 6)}`);
    if (s.contribution && h.t < s.length) {
      const c = s.contribution[h.t];
      lines.push(`contribution to “positive”: ${minus(formatContribution(c))}${Math.abs(c) < NEGLIGIBLE_CONTRIBUTION ? ` (negligible: below ${sci(NEGLIGIBLE_CONTRIBUTION, 0)})` : ''}`);
    }
    if (s.runningProb) lines.push(`P(positive) after this word: ${fmt(s.runningProb[h.t], 4)}`);
    return { cell: { layer: 0, t: h.t }, lines };
  }
  if (h.kind === 'prob') {
    return { cell: { layer: s.hidden.layers - 1, t: h.t }, lines: [`P(positive) if the classifier read the state at t = ${h.t}: ${s.runningProb ? fmt(s.runningProb[h.t], 4) : '—'}`] };
  }
  if (h.kind === 'grad') {
    const bar = grad?.bars[h.layer * s.hidden.steps + h.t];
    return { cell: { layer: h.layer, t: h.t }, lines: [bar?.label ?? ''] };
  }
  const pending = outputPending(s, ph);
  if (pending) return { cell: null, lines: [`output: ${pending.sentence}`, `readout: ${s.readout}`] };
  const lines = [`output: logits [${s.logits.map((v) => fmt(v, 6)).join(', ')}]`, `probabilities [${s.probs.map((v) => fmt(v, 6)).join(', ')}]`, `readout: ${s.readout}`];
  if (s.loss !== undefined) lines.push(`loss ${fmt(s.loss, 6)} (target ${s.target})`);
  return { cell: null, lines };
}
