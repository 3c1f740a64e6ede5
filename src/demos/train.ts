/**
 * The notebook's training demo: load reviews and GloVe, build the 2-layer tanh RNN, train for `epochs`
 * (loss and accuracy per epoch), evaluate on the test set, optionally save a checkpoint.
 * The generator returns the trained model so the worker can keep it for predictions.
 */
import { serializeCheckpoint } from '../engine/checkpoint';
import { resolveThreads } from '../engine/data-parallel';
import { checkCheckpointSize, checkMemoryNeed } from '../engine/memory-need';
import { probeWritable } from '../data/atomic-write';
import { initTf } from '../engine/tf';
import type { UnrolledModel } from '../engine/unrolled-model';
import type { DemoEvent, EvalEvent, ReadoutName } from '../shared/events';
import type { CellType } from '../engine/cells/types';
import { keepGateBiasLabel } from '../engine/cells/init';
import { DEFAULT_SEED, NOTEBOOK_TRAIN, PRESETS, presetFor, type PresetName, type TrainOptions } from './options';
import { readingReviewsLine } from '../data/index';
import { saveTrainedModel } from './save-model';
import { loadTrainData } from './train-data';
import { TrainingRun, type RunSetup } from './train-loop';
import { isStopRequested, StopRequested } from '../engine/stop';

/** Options with every default filled in. */
export interface ResolvedTrain {
  preset: PresetName;
  readout: ReadoutName;
  cell: CellType;
  clip: number;
  /** 0 = full BPTT. */
  truncateBptt: number;
  epochs: number;
  batch: number;
  hidden: number;
  layers: number;
  lr: number;
  seqLength: number;
  vocabSize: number;
  seed: number;
  validation: number;
  /** 1 or 2 (see resolveThreads). */
  threads: number;
}

export function resolveTrain(o: TrainOptions): ResolvedTrain {
  const preset = presetFor(o);
  const p = PRESETS[preset];
  return {
    preset,
    readout: o.readout ?? p.readout,
    cell: o.cell ?? 'tanh',
    clip: o.clip ?? p.clip,
    truncateBptt: o.truncateBptt ?? 0,
    epochs: o.epochs ?? NOTEBOOK_TRAIN.epochs,
    batch: o.batch ?? NOTEBOOK_TRAIN.batch,
    hidden: o.hidden ?? NOTEBOOK_TRAIN.hidden,
    layers: o.layers ?? NOTEBOOK_TRAIN.layers,
    lr: o.lr ?? NOTEBOOK_TRAIN.lr,
    seqLength: o.seqLength ?? p.seqLength ?? NOTEBOOK_TRAIN.seqLength,
    vocabSize: o.vocabSize ?? NOTEBOOK_TRAIN.vocabSize,
    seed: o.seed ?? DEFAULT_SEED,
    validation: o.validation ?? 0,
    threads: resolveThreads(o.threads),
  };
}

/** What the train demo hands back: the model and its vocabulary (word by id). */
export interface TrainedModel {
  model: UnrolledModel;
  vocab: string[];
  readout: ReadoutName;
}

export async function* trainDemo(o: TrainOptions = {}): AsyncGenerator<DemoEvent, TrainedModel | null> {
  const r = resolveTrain(o);
  const { cell, ...rest } = r;
  // the cell appears in the config only when it is not the notebook's tanh (so tanh runs print as before)
  const config: Record<string, number | string | boolean> = { ...rest, ...(cell !== 'tanh' ? { cell, keepGateBias: keepGateBiasLabel(o.keepGateBias) } : {}) };
  if (o.dataPath) config.data = o.dataPath;
  if (o.glovePath) config.glove = o.glovePath;
  if (o.testDataPath) config.testData = o.testDataPath;
  yield { type: 'demo-start', demo: 'train', title: `Train the unrolled ${cell === 'tanh' ? 'RNN' : cell.toUpperCase()} (${r.preset} preset: readout ${r.readout})`, config };
  yield { type: 'log', level: 'info', text: `Preset ${r.preset}: ${PRESETS[r.preset].description}.` };
  // Before any work: a configuration that cannot fit, or a checkpoint that cannot be written, stops here.
  checkMemoryNeed({ ...r, embeddingDim: o.glovePath === undefined ? 100 : 1, vocabSize: 0 });
  if (o.savePath) probeWritable(o.savePath, 'the checkpoint');
  await initTf();
  if (o.reviews) yield { type: 'log', level: 'info', text: readingReviewsLine(o.reviews) };
  let data;
  try {
    data = await loadTrainData({
      dataPath: o.dataPath, glovePath: o.glovePath, testDataPath: o.testDataPath, reviews: o.reviews,
      vocabSize: r.vocabSize, seqLength: r.seqLength, seed: r.seed, validation: r.validation, onProgress: o.onProgress,
      ...(o.stopFlag ? { stopFlag: o.stopFlag } : {}),
    });
  } catch (err) {
    // Ctrl-C (or Stop) while the data loads: stop there, nothing trained; the caller says what was saved.
    if (!(err instanceof StopRequested)) throw err;
    yield { type: 'log', level: 'warn', text: 'Training stopped while loading the data (nothing was trained).' };
    return null;
  }
  for (const line of data.report) yield { type: 'log', level: 'info', text: line };
  for (const text of data.warnings) yield { type: 'log', level: 'warn', text };
  const shape = { ...r, embeddingDim: data.embeddingDim, vocabSize: data.vocab.size };
  checkMemoryNeed(shape);
  if (o.savePath) checkCheckpointSize(shape, JSON.stringify(data.vocab.words).length, o.savePath);
  const setup: RunSetup = { ...r, series: o.series, ...(o.keepGateBias !== undefined ? { keepGateBias: o.keepGateBias } : {}) };
  const run = new TrainingRun(setup, data);
  const vocab = [...data.vocab.words];
  try {
    yield { type: 'log', level: 'info', text: 'Starting training...' };
    const validation: Array<{ loss: number; acc: number }> = [];
    const untrained = run.watchSnapshot(0);
    if (untrained) yield untrained;
    for (let e = 0; e < r.epochs; e++) {
      const done = yield* run.epoch(e, o.signal, o.stopFlag);
      if (!done) {
        yield { type: 'log', level: 'warn', text: `Training stopped during epoch ${e + 1}.` };
        break;
      }
      if (data.validation) {
        let v;
        try {
          v = run.evaluate(data.validation, 'validation', e + 1, o.stopFlag);
        } catch (err) {
          if (!(err instanceof StopRequested)) throw err;
          yield { type: 'log', level: 'warn', text: `Training stopped after epoch ${e + 1}, during its validation.` };
          break;
        }
        validation.push({ loss: v.loss, acc: v.acc });
        yield v;
      }
    }
    let test: EvalEvent | null = null;
    if (!(o.signal?.aborted === true || run.stopped || isStopRequested(o.stopFlag))) {
      try {
        test = run.evaluate(data.test, 'test', undefined, o.stopFlag);
      } catch (err) {
        if (!(err instanceof StopRequested)) throw err;
        yield { type: 'log', level: 'warn', text: 'Training stopped during the test evaluation.' };
      }
    }
    const cancelled = o.signal?.aborted === true || run.stopped || isStopRequested(o.stopFlag);
    if (test) yield test;
    if (o.savePath && !cancelled) {
      const text = serializeCheckpoint(run.model, vocab, { readout: r.readout, preset: r.preset, trainedEpochs: run.epochs.length,
        ...(test ? { testAcc: test.acc } : {}) });
      saveTrainedModel(o.savePath, text);
      yield { type: 'log', level: 'info', text: `Saved the model to ${o.savePath}` };
    }
    yield {
      type: 'demo-end',
      demo: 'train',
      summary: {
        epochs: run.epochs.map((x) => ({ loss: x.loss, acc: x.acc, seconds: x.seconds })),
        ...(validation.length ? { validation } : {}),
        testLoss: test ? test.loss : null,
        testAcc: test ? test.acc : null,
        testSet: data.testSource,
        trainSeconds: run.trainSeconds,
        trainReviews: data.train.count,
        vocabSize: data.vocab.size,
        gloveFound: data.gloveFound,
        readout: r.readout,
        ...(cell !== 'tanh' ? { cell } : {}),
        preset: r.preset,
        clip: r.clip,
        truncateBptt: r.truncateBptt,
        lr: r.lr,
        seqLength: r.seqLength,
        hidden: r.hidden,
        layers: r.layers,
        seed: r.seed,
        threads: run.threads,
        skippedUpdates: run.epochs.reduce((s, x) => s + x.skipped, 0),
        ...(o.savePath && !cancelled ? { saved: o.savePath } : {}),
      },
    };
    return { model: run.model, vocab, readout: r.readout };
  } finally {
    // Stopped (whether the generator was ended early or saw the signal itself): the model trained so far.
    if ((o.signal?.aborted || run.stopped || isStopRequested(o.stopFlag)) && run.updates > 0) {
      o.onStopped?.({ model: run.model, vocab, readout: r.readout, epoch: run.epochs.length + 1, updates: run.updates });
    }
    run.dispose();
  }
}
