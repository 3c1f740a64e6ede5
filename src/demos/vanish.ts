/**
 * The notebook's vanishing-gradient demo: h2h ~ N(0, 0.1); the gradient reaching the first token's
 * embedding after 100 tokens versus after 4 (same model), and ‖∂L/∂x_t‖ at every t of the long run.
 */
import { l2norm, predictIds, type PredictSnapshot } from '../engine/index';
import type { DemoEvent, SnapshotEvent } from '../shared/events';
import { DEFAULT_SEED, VANISH_DEFAULTS, type VanishOptions } from './options';
import { randomModel } from './random-model';
import { fmtNorm } from './text';
import { cellFields } from './predict';
import { jacobianEvent } from './jacobian-event';
import { cellOf } from '../engine/unrolled-model';
import { keepGateBiasLabel } from '../engine/cells/init';
import { cellReading, pathFigures } from './cell-reading';

export { VANISH_DEFAULTS } from './options';

function firstTokenGrad(snap: PredictSnapshot, firstId: number, D: number): number {
  return l2norm(snap.grads['embedding.weight'].subarray(firstId * D, firstId * D + D));
}

function snapshot(id: number, label: string, words: string[], snap: PredictSnapshot): SnapshotEvent {
  const series = (data: Float32Array) => ({ layers: 1, steps: snap.steps, units: snap.units, data });
  return {
    type: 'snapshot', id, label, tokens: words, unknown: words.map(() => false), length: snap.length, ...cellFields(snap),
    hidden: series(snap.hidden), preact: series(snap.pre), hiddenGrad: series(snap.hiddenGrad),
    hiddenGradNorm: snap.hiddenGradNorm, inputGradNorm: snap.inputGradNorm,
    logits: snap.logits, probs: snap.probs, loss: snap.loss, target: 0, readout: 'final',
  };
}

export async function* vanishDemo(o: VanishOptions = {}): AsyncGenerator<DemoEvent, void> {
  const seed = o.seed ?? DEFAULT_SEED;
  const longLength = o.longLength ?? VANISH_DEFAULTS.longLength;
  const shortLength = o.shortLength ?? VANISH_DEFAULTS.shortLength;
  const std = o.std ?? VANISH_DEFAULTS.std;
  yield { type: 'demo-start', demo: 'vanish', title: 'Vanishing gradients', config: { seed, longLength, shortLength, h2hStd: std, ...(o.cell && o.cell !== 'tanh' ? { cell: o.cell, keepGateBias: keepGateBiasLabel(o.keepGateBias) } : {}) } };
  const setup = await randomModel({ seed, std, seqLength: longLength, cell: o.cell, keepGateBias: o.keepGateBias, dataPath: o.dataPath,
    glovePath: o.glovePath });
  const D = setup.model.config.embeddingDim;
  const longIds = setup.randomIds(longLength);
  const longWords = longIds.map((i) => setup.words[i]);
  yield { type: 'tokens', tokens: longWords, ids: longIds, unknown: longWords.map(() => false), length: longLength, seqLength: longLength };
  const cell = cellOf(setup.model.config);
  yield { type: 'log', level: 'info', text: `${cell === 'tanh' ? 'h2h' : 'weight_hh'} weights drawn from N(0, ${std}²); loss against class 0.` };
  const long = predictIds(setup.model, longIds, longLength, 'final', { target: 0, seqLength: longLength });
  for (let t = longLength - 1; t >= 0; t--) {
    yield { type: 'backward-step', t, hiddenGradNorm: [long.hiddenGradNorm[t]], inputGradNorm: long.inputGradNorm[t] };
  }
  yield snapshot(0, `${longLength} tokens`, longWords, long);
  const tanh = cell === 'tanh';
  if (tanh) yield jacobianEvent(setup.model, long.hidden, long.steps, 0);
  const gLong = firstTokenGrad(long, longIds[0], D);
  yield { type: 'log', level: 'info', text: `First Token Gradient (Long Sequence): ${fmtNorm(gLong, 6)} (${gLong.toExponential(3)})` };
  if (o.signal?.aborted) return;

  const shortIds = setup.randomIds(shortLength);
  const shortWords = shortIds.map((i) => setup.words[i]);
  const short = predictIds(setup.model, shortIds, shortLength, 'final', { target: 0, seqLength: shortLength });
  yield snapshot(1, `${shortLength} tokens`, shortWords, short);
  if (tanh) yield jacobianEvent(setup.model, short.hidden, short.steps, 1);
  const gShort = firstTokenGrad(short, shortIds[0], D);
  yield { type: 'log', level: 'info', text: `First Token Gradient (Short Sequence): ${fmtNorm(gShort, 6)} (${gShort.toExponential(3)})` };
  const ratio = gShort / gLong;
  yield {
    type: 'log', level: 'info',
    text: `The first of ${shortLength} tokens gets ${Number.isFinite(ratio) ? ratio.toExponential(2) : 'infinitely many'} times the gradient of the first of ${longLength}.`,
  };
  const path = pathFigures(long);
  const [why] = cellReading([{ ...path, firstTokenGradLong: gLong, firstTokenGradShort: gShort,
    keepGateBias: tanh ? null : keepGateBiasLabel(o.keepGateBias) }], longLength);
  yield { type: 'log', level: 'info', text: why };
  yield {
    type: 'demo-end',
    demo: 'vanish',
    summary: {
      firstTokenGradLong: gLong,
      firstTokenGradShort: gShort,
      longLength,
      shortLength,
      inputGradNorm: long.inputGradNorm,
      inputGradNormShort: short.inputGradNorm,
      seed,
    },
  };
}
