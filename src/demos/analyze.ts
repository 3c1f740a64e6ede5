/**
 * Analyze a document for the editor: the trained model reads the text; per token its offsets in the
 * document, the step the model read it at (unknown words are skipped), the running P(positive) after it and
 * its occlusion (P(positive) minus P(positive) with the word deleted: the default colouring) and its
 * contribution to logit(positive) − logit(negative) (gradient × input, the second choice). For hovers and
 * decorations.
 */
import { initTf } from '../engine/index';
import { formatContribution, negligibleContributionsNote } from '../shared/contribution';
import type { DemoEvent } from '../shared/events';
import { formatOcclusion, saturationNote } from '../shared/occlusion';
import { modelLabel, type ModelForDemo } from './model-file';
import { runPrediction, snapshotEvent, tokensEvent, WATCHED_GRAD, WATCHED_GRAD_GATED } from './predict';
import { sentimentLabel } from '../shared/events';

export interface AnalyzedToken {
  word: string;
  start: number;
  end: number;
  unknown: boolean;
  /** The step the model read this word at, or null (unknown word, or beyond seqLength). */
  t: number | null;
  /** P(positive) after reading up to this word (null when t is null). */
  runningProb: number | null;
  contribution: number | null;
  /**
   * P(positive) of the text minus P(positive) of the text with this word deleted (exactly what `predict`
   * answers for the shortened text); 0 for a word the model does not read (unknown, or past seqLength).
   */
  occlusion: number;
}

export interface AnalyzeOptions {
  text: string;
  signal?: AbortSignal;
}

export async function* analyzeDemo(m: ModelForDemo, o: AnalyzeOptions): AsyncGenerator<DemoEvent, AnalyzedToken[]> {
  yield { type: 'demo-start', demo: 'analyze', title: 'Analyze a document', config: { readout: m.readout, model: modelLabel(m), characters: o.text.length } };
  await initTf();
  const run = runPrediction(m, o.text);
  const { enc, snap } = run;
  yield tokensEvent(enc);
  yield snapshotEvent(m, run, 0);
  yield { type: 'output', logits: snap.logits, probs: snap.probs, predicted: snap.predicted };
  const stepOf = new Map<number, number>();
  enc.positions.forEach((tokenIndex, t) => stepOf.set(tokenIndex, t));
  const tokens: AnalyzedToken[] = enc.tokens.map((tok, i) => {
    const t = stepOf.get(i);
    return {
      word: tok.word, start: tok.start, end: tok.end, unknown: enc.unknown[i],
      t: t ?? null,
      runningProb: t === undefined ? null : snap.runningProb[t],
      contribution: t === undefined ? null : snap.contribution[t],
      occlusion: run.occlusion[i],
    };
  });
  const byOcclusion = tokens.filter((x) => x.t !== null).sort((a, b) => Math.abs(b.occlusion) - Math.abs(a.occlusion));
  const topOcc = byOcclusion.slice(0, 5).map((x) => `${x.word} (${formatOcclusion(x.occlusion)})`);
  if (topOcc.length) yield { type: 'log', level: 'info', text: `Strongest words by occlusion (P(positive) minus P without the word): ${topOcc.join(', ')}` };
  const pPos = snap.probs[Math.min(1, snap.probs.length - 1)];
  const saturated = saturationNote(pPos);
  if (saturated) yield { type: 'log', level: 'info', text: saturated };
  const ranked = tokens.filter((x) => x.contribution !== null).sort((a,
    b) => Math.abs(b.contribution as number) - Math.abs(a.contribution as number));
  const top = ranked.slice(0, 5).map((x) => `${x.word} (${formatContribution(x.contribution as number)})`);
  if (top.length) yield { type: 'log', level: 'info', text: `Strongest words by gradient × input (toward positive +, negative −): ${top.join(', ')}` };
  const note = ranked.length ? negligibleContributionsNote(Math.abs(ranked[0].contribution as number), m.readout,
    snap.steps - enc.length) : undefined;
  if (note) yield { type: 'log', level: 'warn', text: note };
  yield {
    type: 'demo-end',
    demo: 'analyze',
    summary: {
      prediction: sentimentLabel(snap.predicted),
      confidence: snap.probs[snap.predicted],
      gradNorm: snap.gradNormPerParam[WATCHED_GRAD] ?? snap.gradNormPerParam[WATCHED_GRAD_GATED],
      readout: m.readout,
      length: enc.length,
      tokens,
    },
  };
  return tokens;
}
