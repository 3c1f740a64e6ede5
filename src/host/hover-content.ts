/**
 * What the editor hover shows for one analyzed word: its hidden state as a small heatmap image (one row
 * per layer, one cell per unit, the visualizer's colours) embedded as a `data:image/svg+xml;base64` URI,
 * the running probability of "positive" at that word, its saliency, and a "Show in visualizer" command
 * link. Pure: builds strings; the host wraps them in a vscode.MarkdownString.
 */
import { NEGLIGIBLE_CONTRIBUTION } from '../shared/contribution';
import { divergingHex } from '../shared/colour';
import { formatOcclusion, NEGLIGIBLE_OCCLUSION } from '../shared/occlusion';

export interface HeatmapOptions {
  cellWidth?: number;
  rowHeight?: number;
  /** Values at ±range get the scale's ends (tanh: 1). */
  range?: number;
}

/** An SVG heatmap: rows[layer][unit]. */
export function heatmapSvg(rows: ArrayLike<number>[], opts: HeatmapOptions = {}): string {
  const cw = opts.cellWidth ?? 4;
  const rh = opts.rowHeight ?? 12;
  const gap = 2;
  const units = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const width = units * cw;
  const height = rows.length * rh + (rows.length - 1) * gap;
  const parts: string[] = [];
  rows.forEach((row, l) => {
    const y = l * (rh + gap);
    for (let u = 0; u < row.length; u++) {
      parts.push(`<rect x="${u * cw}" y="${y}" width="${cw}" height="${rh}" fill="${divergingHex(row[u], opts.range ?? 1)}"/>`);
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">` +
    parts.join('') +
    '</svg>'
  );
}

export function svgDataUri(svg: string): string {
  return 'data:image/svg+xml;base64,' + Buffer.from(svg, 'utf8').toString('base64');
}

export interface WordHoverInfo {
  word: string;
  /** Position in the model's sequence. */
  t: number;
  /** Real tokens the model read. */
  length: number;
  unknown: boolean;
  /** hidden[layer] = h_t (length H). */
  hidden: ArrayLike<number>[];
  /** P(positive) had the text ended at this word. */
  runningProb?: number;
  /** The same one word earlier (to show the change). */
  previousProb?: number;
  /** ‖∂L/∂x_t‖. */
  saliency?: number;
  /** Signed contribution to the positive logit (gradient × input). */
  contribution?: number;
  /** P(positive) of the whole text minus P(positive) with this word deleted. */
  occlusion?: number;
  /** P(positive) of the whole text (with occlusion: the "from" of the sentence). */
  pPositive?: number;
  /** Which measure the editor colours words by (named first in the hover). */
  colouredBy?: 'occlusion' | 'gradient';
  /** Which model answered: 'readout mean, test accuracy 79.30 %'. */
  model?: string;
  /** Command URI for the "Show in visualizer" link. */
  showCommandUri: string;
  /** A sentence that explains what the numbers mean here (e.g. why the gradient vanished). */
  note?: string;
}

/** Escapes markdown punctuation in user text (the word comes from the document). */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => '\\' + c);
}

function num(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x !== 0 && Math.abs(x) < 10 ** -digits) return x.toExponential(2);
  return x.toFixed(digits);
}

/** The hover's markdown. */
export function wordHoverMarkdown(h: WordHoverInfo): string {
  const lines: string[] = [];
  const unk = h.unknown ? ' — *not in the vocabulary: the model reads the padding id 0*' : '';
  lines.push(`**${escapeMarkdown(h.word)}** · position ${h.t + 1} of ${h.length}${unk}`);
  lines.push('');
  const layers = h.hidden.length;
  const units = h.hidden[0]?.length ?? 0;
  lines.push(`![hidden state h_${h.t}: ${layers} layer(s) × ${units} units, blue −1 … red +1](${svgDataUri(heatmapSvg(h.hidden))})`);
  lines.push('');
  lines.push(`Hidden state at this word: ${layers === 1 ? 'one row' : `${layers} rows (layer 1, the first, at the top)`} × ${units} units, blue −1 · white 0 · red +1`);
  lines.push('');
  if (h.runningProb !== undefined) {
    let delta = '';
    if (h.previousProb !== undefined && Number.isFinite(h.previousProb)) {
      const d = h.runningProb - h.previousProb;
      // Below the 3 decimals shown, a sign would claim a push that the number cannot show.
      delta = Math.abs(d) < 0.0005 ? ' (no change from the previous word)' : ` (${d >= 0 ? '▲ +' : '▼ −'}${num(Math.abs(d), 3)} from the previous word)`;
    }
    lines.push(`P(positive) if the text ended here: **${num(h.runningProb, 3)}**${delta}`);
    lines.push('');
  }
  const occ = h.occlusion !== undefined && h.pPositive !== undefined ? occlusionLine(h.occlusion, h.pPositive) : undefined;
  if (occ && h.colouredBy !== 'gradient') lines.push(occ, '');
  const facts: string[] = [];
  if (h.saliency !== undefined) facts.push(`saliency ‖∂L/∂x‖ = ${num(h.saliency, 4)}`);
  if (h.contribution !== undefined) {
    const c = h.contribution;
    const dir = Math.abs(c) < NEGLIGIBLE_CONTRIBUTION ? `negligible: below ${NEGLIGIBLE_CONTRIBUTION.toExponential(0)}`
      : c > 0 ? 'towards positive' : c < 0 ? 'towards negative' : 'neutral';
    const name = h.colouredBy === 'gradient' ? 'contribution (gradient × input, coloured)' : h.colouredBy ? 'gradient × input' : 'contribution';
    facts.push(`${name} ${h.contribution >= 0 ? '+' : ''}${num(h.contribution, 4)} (${dir})`);
  }
  if (facts.length) {
    lines.push(facts.join(' · '));
    lines.push('');
  }
  if (occ && h.colouredBy === 'gradient') lines.push(occ, '');
  if (h.note) {
    lines.push(`*${escapeMarkdown(h.note)}*`);
    lines.push('');
  }
  if (h.model) lines.push(`Model: ${escapeMarkdown(h.model)}`, '');
  lines.push(`[Show in visualizer](${h.showCommandUri} "Open the unrolled network at position ${h.t + 1}")`);
  return lines.join('\n');
}

/**
 * The occlusion sentence: deleting the word moves P(positive) from p to p − d, with the ΔP it adds (the
 * numbers `unrolled predict` gives for the two texts, to the 3 decimals shown).
 */
export function occlusionLine(d: number, p: number): string {
  const dir = Math.abs(d) < NEGLIGIBLE_OCCLUSION ? `negligible: below ${NEGLIGIBLE_OCCLUSION.toExponential(0)}`
    : d > 0 ? 'towards positive' : 'towards negative';
  return `Occlusion: without this word P(positive) would be ${num(p - d, 4)} instead of ${num(p, 4)}, so the word adds **${formatOcclusion(d)}** (${dir})`;
}

/** `command:` URI with JSON arguments, as VS Code expects in trusted markdown. */
export function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
