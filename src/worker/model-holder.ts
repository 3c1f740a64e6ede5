/**
 * The worker's current model: the last one trained in this session or loaded from a checkpoint. Predict,
 * Analyze and Save Checkpoint use it.
 */
import { vocabFromWords } from '../data/index';
import type { DemoEvent, ReadoutName } from '../shared/events';
import { modelFromCheckpointText, type ModelForDemo } from '../demos/model-file';
import { analyzeDemo } from '../demos/analyze';
import { predictDemo } from '../demos/predict';
import { serializeCheckpoint, type UnrolledModel } from '../engine/index';
import type { DemoContext, ModelServices } from './runner';

export const NO_MODEL =
  'There is no trained model yet: run "Unrolled: Train on IMDB" (or "Unrolled: Load Checkpoint") first.';

export class ModelHolder implements ModelServices {
  current: ModelForDemo | undefined;

  /** Keep a freshly trained model. */
  setTrained(model: UnrolledModel, vocab: readonly string[], readout: ReadoutName, source: string): void {
    this.current = { model, vocab: vocabFromWords(vocab, source), readout, source };
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
    const json = serializeCheckpoint(m.model, [...m.vocab.words], { readout: m.readout, source: m.source });
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
    `vocabulary ${c.vocabSize.toLocaleString('en-US')} words, ${c.seqLength} positions, readout ${m.readout}`;
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
