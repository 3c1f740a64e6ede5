/**
 * The notebook's exploding-gradient demo: h2h ~ N(0, 2), 50 random tokens, loss against class 0, the
 * gradient norm of h2h before and after clip_grad_norm_(all parameters, 5). A non-finite norm is said so
 * and the (would-be) update is marked skipped, where PyTorch printed a silent 0. With `cell` gru or lstm the
 * recurrent weights weight_hh are drawn so instead and the watched norm is layer 0's weight_hh.
 */
import { clipGradNorm, l2norm, predictIds } from '../engine/index';
import type { DemoEvent } from '../shared/events';
import { DEFAULT_SEED, EXPLODE_DEFAULTS, type ExplodeOptions } from './options';
import { randomModel } from './random-model';
import { cellFields, WATCHED_GRAD, WATCHED_GRAD_GATED } from './predict';
import { jacobianEvent } from './jacobian-event';

export { EXPLODE_DEFAULTS } from './options';

export async function* explodeDemo(o: ExplodeOptions = {}): AsyncGenerator<DemoEvent, void> {
  const seed = o.seed ?? DEFAULT_SEED;
  const length = o.length ?? EXPLODE_DEFAULTS.length;
  const std = o.std ?? EXPLODE_DEFAULTS.std;
  const maxNorm = o.maxNorm ?? EXPLODE_DEFAULTS.maxNorm;
  const cell = o.cell ?? 'tanh';
  const WATCHED = cell === 'tanh' ? WATCHED_GRAD : WATCHED_GRAD_GATED;
  yield {
    type: 'demo-start', demo: 'explode', title: 'Exploding gradients and clipping',
    config: { seed, length, h2hStd: std, maxNorm, ...(cell !== 'tanh' ? { cell } : {}) },
  };
  const setup = await randomModel({ seed, std, seqLength: length, cell, dataPath: o.dataPath, glovePath: o.glovePath });
  const ids = setup.randomIds(length);
  const words = ids.map((i) => setup.words[i]);
  yield { type: 'tokens', tokens: words, ids, unknown: words.map(() => false), length, seqLength: length };
  const what = cell === 'tanh' ? 'h2h weights' : `${cell.toUpperCase()} weight_hh`;
  yield { type: 'log', level: 'info', text: `${what} drawn from N(0, ${std}²); ${length} random tokens; loss against class 0.` };
  if (o.signal?.aborted) return;
  const snap = predictIds(setup.model, ids, length, 'final', { target: 0 });
  const T = snap.steps;
  for (let t = T - 1; t >= 0; t--) {
    yield { type: 'backward-step', t, hiddenGradNorm: [snap.hiddenGradNorm[t]], inputGradNorm: snap.inputGradNorm[t] };
  }
  yield { type: 'grad-norms', perParam: snap.gradNormPerParam, total: snap.gradNormTotal, finite: Number.isFinite(snap.gradNormTotal) };
  const watchedBefore = snap.gradNormPerParam[WATCHED];
  const clip = clipGradNorm(snap.grads, maxNorm);
  const watchedAfter = clip.finite ? l2norm(snap.grads[WATCHED]) : NaN;
  yield {
    type: 'clip', maxNorm, before: clip.totalNormBefore, after: clip.totalNormAfter, finite: clip.finite,
    skipped: !clip.finite, watched: { name: WATCHED, before: watchedBefore, after: watchedAfter },
  };
  const series = (data: Float32Array) => ({ layers: 1, steps: T, units: snap.units, data });
  yield {
    type: 'snapshot', id: 0, label: 'exploding', tokens: words, unknown: words.map(() => false), length, ...cellFields(snap),
    hidden: series(snap.hidden), preact: series(snap.pre), hiddenGrad: series(snap.hiddenGrad),
    hiddenGradNorm: snap.hiddenGradNorm, inputGradNorm: snap.inputGradNorm,
    logits: snap.logits, probs: snap.probs, loss: snap.loss, target: 0, readout: 'final',
    inputPart: series(snap.inputPart), recurrentPart: series(snap.recurrentPart),
  };
  if (cell === 'tanh') yield jacobianEvent(setup.model, snap.hidden, T, 0);
  yield {
    type: 'demo-end',
    demo: 'explode',
    summary: {
      gradNormBefore: watchedBefore,
      gradNormAfter: watchedAfter,
      maxNorm,
      finite: clip.finite,
      totalNormBefore: clip.totalNormBefore,
      totalNormAfter: clip.totalNormAfter,
      clipped: clip.clipped,
      updateSkipped: !clip.finite,
      seed,
      length,
      cell,
    },
  };
}
