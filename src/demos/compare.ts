/**
 * Compare Readouts: the notebook's preset (readout `final`) and the improved preset trained side by side on
 * the same data, split, initial weights and batch order; their events are tagged with `series`.
 */
import { initTf } from '../engine/index';
import type { DemoEvent } from '../shared/events';
import { PRESETS, type PresetName, type TrainOptions } from './options';
import { readingReviewsLine } from '../data/index';
import { loadTrainData } from './train-data';
import { checkMemoryNeed } from '../engine/memory-need';
import { TrainingRun } from './train-loop';
import { resolveTrain } from './train';

export const COMPARE_SERIES: readonly PresetName[] = ['notebook', 'improved'];

export async function* compareDemo(o: TrainOptions = {}): AsyncGenerator<DemoEvent, void> {
  const base = resolveTrain({ ...o, preset: 'improved', readout: undefined, clip: undefined });
  const setups = COMPARE_SERIES.map((name) => {
    const r = resolveTrain({ ...o, preset: name, readout: undefined, clip: undefined });
    return { ...r, series: `${name} (${r.readout})` };
  });
  yield {
    type: 'demo-start', demo: 'compare', title: 'Compare readouts: the notebook vs the improved preset',
    config: configOfBoth(setups),
  };
  for (const s of setups) yield { type: 'log', level: 'info', text: `${s.series}: ${PRESETS[s.preset].description}.` };
  const why = clipNote(o.clip);
  if (why) yield { type: 'log', level: 'warn', text: why };
  for (const s of setups) checkMemoryNeed({ ...s, embeddingDim: o.glovePath === undefined ? 100 : 1, vocabSize: 0 });
  await initTf();
  // Both presets must read the same rows: the improved one may read longer sequences, so load once at the longer length
  const seqLength = Math.max(...setups.map((s) => s.seqLength));
  if (o.reviews) yield { type: 'log', level: 'info', text: readingReviewsLine(o.reviews) };
  const data = await loadTrainData({
    dataPath: o.dataPath, glovePath: o.glovePath, testDataPath: o.testDataPath, reviews: o.reviews,
    vocabSize: base.vocabSize, seqLength, seed: base.seed, validation: base.validation, onProgress: o.onProgress,
  });
  for (const line of data.report) yield { type: 'log', level: 'info', text: line };
  for (const text of data.warnings) yield { type: 'log', level: 'warn', text };
  for (const s of setups) checkMemoryNeed({ ...s, embeddingDim: data.embeddingDim, vocabSize: data.vocab.size });
  const runs = setups.map((s, i) => ({ run: new TrainingRun(s, s.seqLength === seqLength ? data : truncate(data, s.seqLength), 1000 * i),
    preset: s.preset }));
  try {
    let stopped = false;
    for (const { run } of runs) {
      const untrained = run.watchSnapshot(0);
      if (untrained) yield untrained;
    }
    for (let e = 0; e < base.epochs && !stopped; e++) {
      for (const { run } of runs) {
        if (!(yield* run.epoch(e, o.signal, o.stopFlag))) { stopped = true; break; }
      }
    }
    const summary: Record<string, unknown> = {};
    for (const { run, preset } of runs) {
      const test = stopped ? null : run.evaluate(run.data.test, 'test');
      if (test) yield test;
      if (test) o.onTrained?.({ model: run.model, vocab: [...run.data.vocab.words], readout: run.setup.readout, preset,
        testAcc: test.acc });
      summary[run.setup.readout] = {
        preset: run.setup.series,
        epochs: run.epochs.map((x) => ({ loss: x.loss, acc: x.acc })),
        testLoss: test?.loss ?? null,
        testAcc: test?.acc ?? null,
        trainSeconds: run.trainSeconds,
      };
    }
    yield { type: 'demo-end', demo: 'compare', summary: { ...summary, testSet: data.testSource, seed: base.seed } };
  } finally {
    for (const { run } of runs) run.dispose();
  }
}

/** The same rows cut to a shorter length (lengths clamped). */
function truncate(d: Awaited<ReturnType<typeof loadTrainData>>, T: number): Awaited<ReturnType<typeof loadTrainData>> {
  const cut = (x: { ids: Int32Array; lengths: Int32Array; labels: Int32Array; count: number; seqLength: number }) => {
    const ids = new Int32Array(x.count * T);
    for (let r = 0; r < x.count; r++) ids.set(x.ids.subarray(r * x.seqLength, r * x.seqLength + T), r * T);
    return { ids, lengths: x.lengths.map((l) => Math.min(l, T)), labels: x.labels, count: x.count, seqLength: T };
  };
  return { ...d, train: cut(d.train), test: cut(d.test), validation: d.validation ? cut(d.validation) : null };
}

/**
 * The header's settings for both series: a value they share once, one that differs as "final vs mean" (the
 * notebook's first), so the header never shows one preset's value for both.
 */
export function configOfBoth(setups: ReadonlyArray<Record<string, unknown>>): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const k of Object.keys(setups[0])) {
    if (k === 'series' || k === 'preset') continue;
    const vals = setups.map((s) => s[k]).filter((v): v is number | string | boolean => ['number', 'string', 'boolean'].includes(typeof v));
    if (vals.length !== setups.length) continue;
    out[k] = vals.every((v) => v === vals[0]) ? vals[0] : vals.join(' vs ');
  }
  return out;
}

/**
 * Each preset brings its own clipping, so a clip set for Train (`unrolled.clip`, `--clip`) is not used here: said
 * in words, since Train with readout mean then scores differently from this run's improved model. Null if it agrees.
 */
export function clipNote(clip: number | undefined): string | null {
  if (clip === undefined || clip === PRESETS.improved.clip) return null;
  return `Compare Readouts clips each preset its own way (notebook ${PRESETS.notebook.clip}, improved ${PRESETS.improved.clip}); your clip ${clip} is used by Train on IMDB only, so Train with readout mean will not give this improved model's figures.`;
}
