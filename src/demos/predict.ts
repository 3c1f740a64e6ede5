/**
 * The notebook's `predict_sentiment`: one text through a trained model; the label, its confidence, and the
 * gradient norm of layer 0's h2h weights for the loss against the predicted class — plus every snapshot
 * the visualizer shows. `analyze` adds the per-token view for the editor.
 */
import { encodeReview, type EncodedReview } from '../data/index';
import { initTf, predictIds, type PredictSnapshot } from '../engine/index';
import type { DemoEvent, ReadoutName, SnapshotEvent, TokensEvent } from '../shared/events';
import { modelLabel, type ModelForDemo } from './model-file';
import type { PredictOptions } from './options';
import { sentimentLabel } from '../shared/events';
import { occlusionOf } from './occlusion';
export { cellFields } from './cell-fields';
import { cellFields } from './cell-fields';

export const WATCHED_GRAD = 'rnn_cells.0.h2h.weight';
/** The same for a GRU / LSTM model (its layer-0 recurrent weight). */
export const WATCHED_GRAD_GATED = 'rnn_cells.0.weight_hh';

export interface PredictRun {
  enc: EncodedReview;
  snap: PredictSnapshot;
  /** Per token of enc.tokens: P(positive) minus P(positive) with that word deleted (occlusion.ts). */
  occlusion: number[];
}

/**
 * Why a text gets no prediction, in plain words, or null when the model can read it: with no word (emoji,
 * Chinese, only punctuation) or no word it knows, the model would read only padding and its label and
 * confidence would mean nothing.
 */
export function unreadableReason(enc: EncodedReview, vocabWords: number): string | null {
  if (enc.length > 0) return null;
  if (enc.tokens.length === 0) {
    return 'the text has no word the model can read: it reads English words (letters a–z), and emoji, ' +
      'characters of other scripts such as Chinese, digits and punctuation are not words to it; so there is no prediction';
  }
  const shown = [...new Set(enc.tokens.map((t) => t.word))].slice(0, 5).join(', ');
  return `none of the text's ${enc.tokens.length} words (${shown}${enc.tokens.length > 5 ? ', …' : ''}) is among the ` +
    `${vocabWords.toLocaleString('en-US')} words the model learnt, so it would read only padding; so there is no prediction`;
}

/** A text the model cannot read (see unreadableReason). */
export class UnreadableTextError extends Error {
  override readonly name = 'UnreadableTextError';
}

/** Tokenise, encode and run forward + backward with all snapshots, and each word's occlusion. Throws UnreadableTextError. */
export function runPrediction(m: ModelForDemo, text: string): PredictRun {
  const enc = encodeReview(text, m.vocab, m.model.config.seqLength);
  const why = unreadableReason(enc, m.vocab.size - 1);
  if (why) throw new UnreadableTextError(why);
  const snap = predictIds(m.model, enc.input, enc.length, m.readout);
  const occlusion = occlusionOf(m, enc, snap.probs[Math.min(1, snap.probs.length - 1)]);
  return { enc, snap, occlusion };
}

/** The occlusion per step t the model read (t < length; 0 on the padding), for the snapshot. */
export function occlusionPerStep({ enc, snap, occlusion }: PredictRun): Float32Array {
  const out = new Float32Array(snap.steps);
  for (let t = 0; t < enc.length; t++) out[t] = occlusion[enc.positions[t]];
  return out;
}

export function tokensEvent(enc: EncodedReview): TokensEvent {
  return {
    type: 'tokens',
    tokens: enc.tokens.map((t) => t.word),
    ids: enc.ids,
    unknown: enc.unknown,
    length: enc.length,
    seqLength: enc.seqLength,
    offsets: enc.tokens.map((t) => [t.start, t.end] as [number, number]),
  };
}

/** The snapshot of the sequence the model read (its tokens are the known words, then padding). */
export function snapshotEvent(m: ModelForDemo, run: PredictRun, id: number, label?: string): SnapshotEvent {
  const { enc, snap } = run;
  const words = Array.from({ length: snap.steps }, (_, t) => (t < enc.length ? enc.tokens[enc.positions[t]].word : '<PAD>'));
  return { ...snapshotOf(snap, words, enc.length, m.readout, id, label), occlusion: occlusionPerStep(run) };
}

/**
 * The snapshot fields that name and show the cell: `activation` (tanh, gru or lstm) and, for a gated cell,
 * its gates [layer][t][gate][unit], and for the LSTM c_t and ‖∂L/∂c_t‖.
 */
/** A recorded sequence (the engine's PredictSnapshot) as the event the visualizer stores and scrubs. */
export function snapshotOf(
  snap: PredictSnapshot, words: string[], length: number, readout: ReadoutName, id: number, label?: string,
): SnapshotEvent {
  const series = (data: Float32Array) => ({ layers: snap.layers, steps: snap.steps, units: snap.units, data });
  return {
    type: 'snapshot', id, ...(label !== undefined ? { label } : {}),
    tokens: words, unknown: words.map(() => false), length, ...cellFields(snap),
    hidden: series(snap.hidden), preact: series(snap.pre), hiddenGrad: series(snap.hiddenGrad),
    hiddenGradNorm: snap.hiddenGradNorm, inputGradNorm: snap.inputGradNorm,
    runningProb: snap.runningProb, contribution: snap.contribution,
    logits: snap.logits, probs: snap.probs, loss: snap.loss, target: snap.target,
    inputPart: series(snap.inputPart), recurrentPart: series(snap.recurrentPart),
    readout,
  };
}

/** hidden as nested arrays [layer][t][unit]. */
export function nestedHidden(snap: PredictSnapshot): number[][][] {
  const { layers: L, steps: T, units: H } = snap;
  return Array.from({ length: L }, (_, k) =>
    Array.from({ length: T }, (_, t) => Array.from(snap.hidden.subarray((k * T + t) * H, (k * T + t + 1) * H))));
}

export async function* predictDemo(m: ModelForDemo, o: PredictOptions): AsyncGenerator<DemoEvent, PredictRun> {
  yield { type: 'demo-start', demo: 'predict', title: 'Predict sentiment', config: { text: o.text, readout: m.readout, model: modelLabel(m) } };
  await initTf();
  const run = runPrediction(m, o.text);
  const { enc, snap } = run;
  yield tokensEvent(enc);
  yield snapshotEvent(m, run, 0, o.text.slice(0, 80));
  yield { type: 'output', logits: snap.logits, probs: snap.probs, predicted: snap.predicted };
  yield { type: 'loss', loss: snap.loss, target: snap.target };
  yield { type: 'grad-norms', perParam: snap.gradNormPerParam, total: snap.gradNormTotal, finite: Number.isFinite(snap.gradNormTotal) };
  const unknown = [...new Set(enc.tokens.filter((_, i) => enc.unknown[i]).map((t) => t.word))];
  yield {
    type: 'demo-end',
    demo: 'predict',
    summary: {
      prediction: sentimentLabel(snap.predicted),
      confidence: snap.probs[snap.predicted],
      probs: snap.probs,
      gradNorm: snap.gradNormPerParam[WATCHED_GRAD] ?? snap.gradNormPerParam[WATCHED_GRAD_GATED],
      tokens: enc.tokens.map((t) => t.word),
      unknown,
      length: enc.length,
      readout: m.readout,
      model: modelLabel(m),
      hidden: nestedHidden(snap),
    },
  };
  return run;
}
