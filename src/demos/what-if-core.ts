/**
 * What-if (issue 14), the computing part: one forward + backward of a changed sequence and its figures, and
 * the step Jacobians of the same setup, on a base model that `loadBase` provides (what-if.ts builds the
 * gradient demos' random model from the data set; the browser benchmark hands over one built in advance). Pure:
 * no Node built-ins, no DOM, so the same code runs in the worker thread and in a browser worker.
 */
import { predictIds, type PredictSnapshot } from '../engine/predict';
import { clipGradNorm, l2norm } from '../engine/clip';
import { recurrentWeightName, type UnrolledModel } from '../engine/unrolled-model';
import type { JacobianEvent, SnapshotEvent } from '../shared/events';
import type { WhatIfFigures, WhatIfSetup } from '../shared/what-if';
import { jacobianEvent } from './jacobian-event';
import { cellFields } from './cell-fields';

/** A base model and its vocabulary (index 0 is the pad). */
export interface WhatIfBaseModel { model: UnrolledModel; words: readonly string[] }
/** Builds (or finds) the base model of a setup; `key` names it for the cache. */
export interface WhatIfLoader { key(setup: WhatIfSetup): string; load(setup: WhatIfSetup): Promise<WhatIfBaseModel> }

/** The id the what-if snapshot carries (never one of a run's stored snapshots, which count from 0). */
export const WHAT_IF_SNAPSHOT_ID = -2;

interface Base { model: UnrolledModel; index: Map<string, number> }
const MAX_CACHED = 4;

export class WhatIfCore {
  private readonly bases = new Map<string, Promise<Base>>();
  private scaled: { key: string; model: UnrolledModel } | null = null;

  constructor(private readonly loader: WhatIfLoader) {}

  /** Forward + backward with every snapshot of the changed sequence, and its gradient figures. */
  async run(setup: WhatIfSetup): Promise<{ snapshot: SnapshotEvent; figures: WhatIfFigures }> {
    const { model, ids } = await this.prepare(setup);
    const t0 = performance.now();
    const T = ids.length;
    const snap = predictIds(model, ids, T, 'final', { target: 0, seqLength: T, truncateBptt: setup.truncate, extras: false });
    const figures = figuresOf(model, snap, 0);
    if (setup.clip && setup.clip > 0) {
      // clip_grad_norm_ on the weights' gradients: the bars ‖∂L/∂h_t‖ stay as they are (clipping comes after BPTT)
      const c = clipGradNorm(snap.grads, setup.clip, snap.gradNormTotal);
      const whh = recurrentWeightName(model.config, 0);
      figures.clip = { maxNorm: c.maxNorm, before: c.totalNormBefore, after: c.totalNormAfter, coef: c.coef, clipped: c.clipped,
        whhAfter: l2norm(snap.grads[whh]) };
    }
    figures.computeMs = performance.now() - t0;
    return { snapshot: toSnapshot(snap, setup.tokens), figures };
  }

  /** The step Jacobians of the same setup (tanh cell only). */
  async jacobian(setup: WhatIfSetup): Promise<JacobianEvent> {
    if (setup.cell !== 'tanh') throw new Error(`the step Jacobians diag(1 − h_t²) W_hh are for the tanh cell, not ${setup.cell}`);
    const { model, ids } = await this.prepare(setup);
    const T = ids.length;
    const snap = predictIds(model, ids, T, 'final', { target: 0, seqLength: T, extras: false });
    return jacobianEvent(model, snap.hidden, T, WHAT_IF_SNAPSHOT_ID);
  }

  private async prepare(setup: WhatIfSetup): Promise<{ model: UnrolledModel; ids: number[] }> {
    const baseKey = this.loader.key(setup);
    let base = this.bases.get(baseKey);
    if (!base) {
      base = this.loader.load(setup).then((s) => ({ model: s.model, index: new Map(s.words.map((w, i) => [w, i])) }));
      this.bases.set(baseKey, base);
      base.catch(() => this.bases.delete(baseKey));
      while (this.bases.size > MAX_CACHED) this.bases.delete(this.bases.keys().next().value as string);
    }
    const b = await base;
    const ids = setup.tokens.map((w, t) => {
      const id = b.index.get(w);
      if (id === undefined || id === 0) throw new Error(`word ${t + 1}, “${w.slice(0, 40)}”, is not in the demo's vocabulary of ${b.index.size.toLocaleString('en-US')} words`);
      return id;
    });
    const key = `${baseKey}|${setup.scale}`;
    if (this.scaled?.key !== key) this.scaled = { key, model: scaledModel(b.model, setup.scale) };
    return { model: this.scaled.model, ids };
  }
}

/** The model with every layer's W_hh multiplied by `scale` (the other weights shared, not copied). */
export function scaledModel(model: UnrolledModel, scale: number): UnrolledModel {
  if (scale === 1) return model;
  const weights = { ...model.weights };
  for (let k = 0; k < model.config.numLayers; k++) {
    const name = recurrentWeightName(model.config, k);
    weights[name] = model.weights[name].map((x) => x * scale);
  }
  return { kind: model.kind, config: model.config, weights };
}

function toSnapshot(snap: PredictSnapshot, tokens: string[]): SnapshotEvent {
  const series = (data: Float32Array) => ({ layers: snap.layers, steps: snap.steps, units: snap.units, data });
  return {
    type: 'snapshot', id: WHAT_IF_SNAPSHOT_ID, label: 'what-if', tokens: [...tokens], unknown: tokens.map(() => false), length: snap.length,
    ...cellFields(snap), hidden: series(snap.hidden), preact: series(snap.pre), hiddenGrad: series(snap.hiddenGrad),
    hiddenGradNorm: snap.hiddenGradNorm, inputGradNorm: snap.inputGradNorm, logits: snap.logits, probs: snap.probs,
    loss: snap.loss, target: 0, readout: 'final', inputPart: series(snap.inputPart), recurrentPart: series(snap.recurrentPart),
  };
}

function figuresOf(model: UnrolledModel, snap: PredictSnapshot, computeMs: number): WhatIfFigures {
  const T = snap.steps;
  const first: number[] = [], last: number[] = [], ratio: number[] = [];
  for (let k = 0; k < snap.layers; k++) {
    const a = snap.hiddenGradNorm[k * T], b = snap.hiddenGradNorm[k * T + T - 1];
    first.push(a);
    last.push(b);
    ratio.push(a / b);
  }
  return {
    firstGradNorm: first, lastGradNorm: last, gradRatio: ratio, firstInputGradNorm: snap.inputGradNorm[0],
    gradNormTotal: snap.gradNormTotal, whhGradNorm: snap.gradNormPerParam[recurrentWeightName(model.config, 0)],
    loss: snap.loss, positive: snap.probs[1], computeMs,
  };
}
