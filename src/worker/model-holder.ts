/**
 * The worker's current model: the best one trained in this window (highest test accuracy; Train on IMDB and
 * Compare Readouts both offer theirs), or the one loaded from a checkpoint. Predict, Analyze and Save
 * Checkpoint use it, and every answer names it (modelLabel).
 */
import { vocabFromWords } from '../data/index';
import type { DemoEvent, ReadoutName } from '../shared/events';
import { modelFromCheckpointText, modelLabel, type ModelForDemo } from '../demos/model-file';

export { modelLabel };
import { analyzeDemo } from '../demos/analyze';
import { predictDemo } from '../demos/predict';
import { serializeCheckpoint, type UnrolledModel } from '../engine/index';
import type { DemoContext, ModelServices } from './runner';

export const NO_MODEL =
  'There is no trained model yet: run "Unrolled: Train on IMDB" (or "Unrolled: Load Checkpoint") first.';

/** A model trained in this window, offered to the holder. */
export interface TrainedOffer {
  model: UnrolledModel;
  vocab: readonly string[];
  readout: ReadoutName;
  source: string;
  /** Test accuracy in percent; undefined when it was not tested (training stopped). */
  testAcc?: number;
  preset?: string;
}

export class ModelHolder implements ModelServices {
  current: ModelForDemo | undefined;
  /** Keep a freshly trained model (unconditionally: Train on IMDB stopped, or a caller that must). */
  setTrained(model: UnrolledModel, vocab: readonly string[], readout: ReadoutName, source: string,
    extra: { testAcc?: number; preset?: string } = {}): void {
    this.current = { model, vocab: vocabFromWords(vocab, source), readout, source, ...extra };
  }

  /**
   * A model trained in this window competes with the current one: it replaces it when there is none, when the
   * current one's test accuracy is unknown (stopped training, a checkpoint without it), or when it scores at least
   * as well on the test set. Returns whether it was kept and one line saying which model answers now.
   */
  offerTrained(o: TrainedOffer): { kept: boolean; line: string } {
    const cur = this.current;
    const better = cur === undefined || cur.testAcc === undefined || (o.testAcc !== undefined && o.testAcc >= cur.testAcc);
    if (better) {
      this.setTrained(o.model, o.vocab, o.readout, o.source, { testAcc: o.testAcc, preset: o.preset });
      return { kept: true, line: `Predict Sentiment, Analyze and the hovers now use this model: ${modelLabel(this.current!)}.` };
    }
    const offered = o.testAcc !== undefined ? `${o.testAcc.toFixed(2)} %` : 'not tested';
    return { kept: false, line: `Predict Sentiment, Analyze and the hovers keep using ${modelLabel(cur!)}: this model scored ${offered}.` };
  }

  require(): ModelForDemo {
    if (!this.current) throw new Error(NO_MODEL);
    return this.current;
  }

  predict(text: string, ctx: DemoContext, demo: 'predict' | 'analyze' = 'predict'): AsyncIterable<DemoEvent> {
    const m = this.require();
    return demo === 'analyze' ? analyzeDemo(m, { text, signal: ctx.signal }) : predictDemo(m, { text, signal: ctx.signal });
  }

  saveCheckpoint(): { json: string; summary: string } {
    const m = this.require();
    const json = serializeCheckpoint(m.model, [...m.vocab.words], {
      readout: m.readout, source: m.source, ...(m.testAcc !== undefined ? { testAcc: m.testAcc } : {}),
      ...(m.preset ? { preset: m.preset } : {}),
    });
    return { json, summary: describe(m) };
  }

  loadCheckpoint(json: string, source = 'checkpoint'): string {
    this.current = modelFromCheckpointText(unwrapCheckpoint(json, source), source);
    return describe(this.current);
  }
}

/** One line about a model: "2 layers × 64 units, vocabulary 5,001 words, readout final". */
export function describe(m: ModelForDemo): string {
  const c = m.model.config;
  return `${c.numLayers} layer${c.numLayers === 1 ? '' : 's'} × ${c.hiddenSize} units, embedding ${c.embeddingDim}d, ` +
    `vocabulary ${c.vocabSize.toLocaleString('en-US')} words, ${c.seqLength} positions, readout ${m.readout}` +
    (m.testAcc !== undefined ? `, test accuracy ${m.testAcc.toFixed(2)} %` : '');
}

/**
 * A checkpoint file is the checkpoint object itself; a PyTorch fixture file (as in
 * shared/fixtures/unrolled-rnn.json) holds it under "checkpoint". Returns the checkpoint's JSON text.
 */
export function unwrapCheckpoint(text: string, source: string): string {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    const r = o as Record<string, unknown>;
    if (r.format === undefined && r.checkpoint !== null && typeof r.checkpoint === 'object') return JSON.stringify(r.checkpoint);
  }
  return text;
}
