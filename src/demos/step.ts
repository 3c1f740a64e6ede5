/**
 * The notebook's first demo: its simple RNN (one-hot words, `hidden = i2h(cat(x, h))`, no nonlinearity)
 * stepped word by word over one sentence, cross-entropy against class 0, backprop, one SGD step (lr 0.1).
 */
import {
  createSimpleRnn, gradNorms, initTf, oneHot, simpleBackward, simpleForward, simpleRnnFromWeights,
  softmaxRows, WeightOptimizer, type WeightMap,
} from '../engine/index';
import type { DemoEvent, UpdateEvent } from '../shared/events';
import { DEFAULT_SEED, NOTEBOOK_SENTENCE, type StepOptions } from './options';
import { shouldStop } from './pause';

/** The step demo's options, plus given weights (e.g. a PyTorch fixture's) instead of a seeded init. */
export interface StepDemoOptions extends StepOptions {
  weights?: WeightMap;
  /** The one-hot vocabulary (default: the sentence's distinct words, sorted). */
  vocab?: string[];
}

export const STEP_TARGET = 0;
export const STEP_LR = 0.1;

export async function* stepDemo(o: StepDemoOptions = {}): AsyncGenerator<DemoEvent, void> {
  const sentence = o.sentence ?? NOTEBOOK_SENTENCE;
  const words = sentence.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) throw new Error('the sentence has no words');
  const vocab = o.vocab ?? [...new Set(words)].sort();
  const index = new Map(vocab.map((w, i) => [w, i]));
  for (const w of words) if (!index.has(w)) throw new Error(`word "${w}" is not in the one-hot vocabulary`);
  const hiddenSize = o.hidden ?? 10;
  const seed = o.seed ?? DEFAULT_SEED;
  const lr = o.lr ?? STEP_LR;
  const config = { inputSize: vocab.length, hiddenSize, outputSize: 2 };
  const model = o.weights ? simpleRnnFromWeights(config, o.weights) : createSimpleRnn(config, seed);

  yield {
    type: 'demo-start', demo: 'step', title: 'Step through the simple RNN',
    config: { sentence, hidden: hiddenSize, seed, inputSize: vocab.length, lr, target: STEP_TARGET },
  };
  yield {
    type: 'tokens', tokens: words, ids: words.map((w) => index.get(w) as number), unknown: words.map(() => false),
    length: words.length, seqLength: words.length,
  };

  const steps = simpleForward(model, words.map((w) => oneHot(index.get(w) as number, vocab.length)));
  for (let t = 0; t < steps.length; t++) {
    if (await shouldStop(o.signal)) return;
    const s = steps[t];
    yield { type: 'forward-step', t, word: words[t], hidden: [s.hidden], preact: [s.pre], logits: Array.from(s.logits) };
  }
  const last = steps[steps.length - 1];
  const logits = Array.from(last.logits);
  const probs = Array.from(softmaxRows(last.logits, 1, 2));
  yield { type: 'output', logits, probs, predicted: probs[1] > probs[0] ? 1 : 0 };

  const bwd = simpleBackward(model, steps, STEP_TARGET);
  yield { type: 'loss', loss: bwd.loss, target: STEP_TARGET };
  for (let t = steps.length - 1; t >= 0; t--) {
    yield { type: 'backward-step', t, hiddenGradNorm: [bwd.hiddenGradNorm[t]], inputGradNorm: bwd.inputGradNorm[t] };
  }
  const norms = gradNorms(bwd.grads);
  yield { type: 'grad-norms', perParam: norms.perParam, total: norms.total, finite: norms.finite };

  await initTf();
  const before: WeightMap = {};
  for (const [k, v] of Object.entries(model.weights)) before[k] = Float32Array.from(v);
  const opt = new WeightOptimizer(model.weights, { kind: 'sgd', lr });
  try {
    opt.step(bwd.grads);
  } finally {
    opt.dispose();
  }
  const { params, moved, weightChange } = stepChange(before, model.weights, bwd.grads);
  yield { type: 'update', optimizer: 'sgd', lr, weightChange, params, moved };

  const T = steps.length;
  const flat = (pick: (i: number) => Float32Array): Float32Array => {
    const out = new Float32Array(T * hiddenSize);
    for (let t = 0; t < T; t++) out.set(pick(t), t * hiddenSize);
    return out;
  };
  yield {
    type: 'snapshot', id: 0, label: sentence, tokens: words, unknown: words.map(() => false), length: T,
    activation: 'linear',
    hidden: { layers: 1, steps: T, units: hiddenSize, data: flat((t) => steps[t].hidden) },
    preact: { layers: 1, steps: T, units: hiddenSize, data: flat((t) => steps[t].pre) },
    hiddenGrad: { layers: 1, steps: T, units: hiddenSize, data: flat((t) => bwd.dhidden[t]) },
    hiddenGradNorm: Float32Array.from(bwd.hiddenGradNorm),
    inputGradNorm: Float32Array.from(bwd.inputGradNorm),
    logits, probs, loss: bwd.loss, target: STEP_TARGET, readout: 'simple',
  };
  yield {
    type: 'demo-end',
    demo: 'step',
    summary: {
      words,
      vocab,
      hidden: steps.map((s) => Array.from(s.hidden)),
      logits: steps.map((s) => Array.from(s.logits)),
      loss: bwd.loss,
      i2hGradNorm: norms.perParam['i2h.weight'],
      weightChange,
      weightsAfter: Object.fromEntries(Object.entries(model.weights).map(([k, v]) => [k, v])),
    },
  };
}

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

/** What one optimiser step changed: ‖W‖ before/after and ‖ΔW‖ per parameter, the total ‖ΔW‖, the 3 entries that moved most. */
export function stepChange(before: WeightMap, after: WeightMap, grads: WeightMap): Required<Pick<UpdateEvent, 'params' | 'moved' | 'weightChange'>> {
  let sq = 0;
  const params: NonNullable<UpdateEvent['params']> = [];
  let moved: NonNullable<UpdateEvent['moved']> = [];
  for (const [name, v] of Object.entries(after)) {
    const b = before[name];
    let d2 = 0;
    for (let i = 0; i < v.length; i++) {
      const d = v[i] - b[i];
      d2 += d * d;
      if (moved.length < 3 || Math.abs(d) > Math.abs(moved[moved.length - 1].after - moved[moved.length - 1].before)) {
        moved.push({ name, index: i, before: b[i], after: v[i], grad: grads[name]?.[i] ?? NaN });
        moved = moved.sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before)).slice(0, 3);
      }
    }
    sq += d2;
    params.push({ name, before: norm(b), after: norm(v), change: Math.sqrt(d2) });
  }
  return { params, moved, weightChange: Math.sqrt(sq) };
}
