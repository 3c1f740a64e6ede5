/**
 * A trained model as the predict and analyze demos use it: the engine model, its vocabulary and the
 * readout it was trained with (from the checkpoint's meta; the notebook's `final` when absent).
 */
import { readFileSync } from 'node:fs';
import { vocabFromWords, type Vocab } from '../data/index';
import { parseCheckpoint, type UnrolledModel } from '../engine/index';
import { describeValue } from '../engine/checkpoint';
import type { ReadoutName } from '../shared/events';
import { isReadout } from '../shared/names';

export interface ModelForDemo {
  model: UnrolledModel;
  vocab: Vocab;
  readout: ReadoutName;
  /** Where it came from, for display. */
  source: string;
  /** Accuracy on the held-out test set (percent) when it was trained, if known (checkpoint meta.testAcc). */
  testAcc?: number;
  /** The training preset (notebook / improved), if known (checkpoint meta.preset). */
  preset?: string;
}

export function modelFromCheckpointText(text: string, source: string): ModelForDemo {
  const ck = parseCheckpoint(text, source);
  const r = ck.meta.readout;
  // Absent: a checkpoint exported from the notebook, whose readout is `final`. Present but unknown: refused,
  // since reading it as `final` would give the wrong predictions without a word.
  if (r !== undefined && !isReadout(r)) {
    throw new Error(`${source}: meta.readout ${describeValue(r)} is not one of final, last-token, mean`);
  }
  const readout: ReadoutName = r ?? 'final';
  const { testAcc, preset } = ck.meta;
  return {
    model: ck.model, vocab: vocabFromWords(ck.vocab, `${source}: vocab`), readout, source,
    ...(typeof testAcc === 'number' && Number.isFinite(testAcc) ? { testAcc } : {}),
    ...(typeof preset === 'string' ? { preset } : {}),
  };
}

/**
 * The model an answer came from, in a few words: "the improved preset (readout mean, test accuracy 79.75 %)
 * — trained in this window by Train on IMDB". Every Predict and Analyze answer carries it.
 */
export function modelLabel(m: ModelForDemo): string {
  const acc = m.testAcc !== undefined ? `test accuracy ${m.testAcc.toFixed(2)} %` : 'test accuracy not measured';
  const preset = m.preset ? `the ${m.preset} preset` : 'the model';
  return `${preset} (readout ${m.readout}, ${acc}) — ${m.source}`;
}

/** Reads and checks a checkpoint file; errors name the file and the problem. */
export function loadModelFile(path: string): ModelForDemo {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `checkpoint ${path}: no such file` : `checkpoint ${path}: cannot read it (${code ?? String(e)})`);
  }
  return modelFromCheckpointText(text, path);
}
