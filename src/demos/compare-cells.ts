/**
 * Compare Cells: the cure for vanishing gradients, measured. (1) The vanishing-gradient demo with the tanh,
 * GRU and LSTM cells on the same random sequence and the same recurrent-weight draw N(0, std²): the gradient
 * reaching the first token's embedding after the long and after the short sequence. (2) The IMDB training of
 * the three side by side (same data, split, embedding, batch order; events tagged with the cell as `series`):
 * test accuracy and seconds per epoch. Default the notebook's preset (readout final), where tanh stalls.
 */
import { l2norm, predictIds } from '../engine/index';
import { CELLS, type CellType } from '../engine/cells/types';
import type { DemoEvent } from '../shared/events';
import { DEFAULT_SEED, VANISH_DEFAULTS, type TrainOptions } from './options';
import { randomModel } from './random-model';
import { loadTrainData } from './train-data';
import { TrainingRun } from './train-loop';
import { resolveTrain } from './train';
import { initTf } from '../engine/index';
import { keepGateBiasLabel } from '../engine/cells/init';
import { cellReading, pathFigures, trainingReading, type ReadingRow } from './cell-reading';

export interface CompareCellsOptions extends TrainOptions {
  /** Std of the recurrent weights in the vanishing part (default the vanish demo's). */
  std?: number;
  /** Cells to compare (default tanh, gru, lstm). */
  cells?: readonly CellType[];
}

/** One row of the summary's `cells`: the five keys, then what the reading and the chart use. */
export interface CellComparison extends ReadingRow {
  testAcc: number | null;
  secondsPerEpoch: number | null;
  /** ‖∂L/∂x_t‖ of the long sequence at every t (the chart's line). */
  inputGradNorm: number[];
}

/** The vanishing part for one cell: first-token gradient norms after the long and the short sequence. */
export async function firstTokenGrads(
  cell: CellType,
  o: {
    seed: number; std: number; longLength: number; shortLength: number; dataPath?: string; glovePath?: string; keepGateBias?: number | null;
  },
) {
  const setup = await randomModel({ seed: o.seed, std: o.std, seqLength: o.longLength, cell, dataPath: o.dataPath, glovePath: o.glovePath,
    keepGateBias: o.keepGateBias });
  const D = setup.model.config.embeddingDim;
  const run = (ids: number[]) => {
    const snap = predictIds(setup.model, ids, ids.length, 'final', { target: 0, seqLength: ids.length });
    return { snap, grad: l2norm(snap.grads['embedding.weight'].subarray(ids[0] * D, ids[0] * D + D)) };
  };
  // The ids come from the setup's own PRNG (seeded by `seed` only), so every cell reads the same sequences.
  const longIds = setup.randomIds(o.longLength);
  const shortIds = setup.randomIds(o.shortLength);
  const long = run(longIds), short = run(shortIds);
  return {
    long: long.grad, short: short.grad, longIds, shortIds, words: setup.words,
    path: pathFigures(long.snap), inputGradNorm: Array.from(long.snap.inputGradNorm),
  };
}

export async function* compareCellsDemo(o: CompareCellsOptions = {}): AsyncGenerator<DemoEvent, void> {
  const cells = o.cells ?? CELLS;
  const r = resolveTrain({ ...o, readout: o.readout ?? (o.preset ? undefined : 'final') });
  const seed = o.seed ?? DEFAULT_SEED;
  const std = o.std ?? VANISH_DEFAULTS.std;
  const { longLength, shortLength } = VANISH_DEFAULTS;
  const { cell: _cell, ...config } = r;
  yield {
    type: 'demo-start', demo: 'compare-cells', title: 'Compare cells: tanh, GRU and LSTM',
    config: { ...config, cells: cells.join(', '), h2hStd: std, longLength, shortLength, keepGateBias: keepGateBiasLabel(o.keepGateBias) },
  };
  await initTf();
  yield { type: 'log', level: 'info', text: `Vanishing gradients: recurrent weights ~ N(0, ${std}²), the same ${longLength} and ${shortLength} random tokens for every cell; loss against class 0.` };
  const rows: CellComparison[] = [];
  for (const cell of cells) {
    const g = await firstTokenGrads(cell, { seed, std, longLength, shortLength, dataPath: o.dataPath, glovePath: o.glovePath,
      keepGateBias: o.keepGateBias });
    const { cell: _same, ...path } = g.path;
    rows.push({
      cell, firstTokenGradLong: g.long, firstTokenGradShort: g.short, testAcc: null, secondsPerEpoch: null, ...path,
      keepGateBias: cell === 'tanh' ? null : keepGateBiasLabel(o.keepGateBias), inputGradNorm: g.inputGradNorm,
    });
    yield { type: 'log', level: 'info', text: `${cell.padEnd(4)}: first-token gradient ${g.long.toExponential(3)} after ${longLength} tokens, ${g.short.toExponential(3)} after ${shortLength}` };
    if (o.signal?.aborted) return;
  }
  const reading = cellReading(rows, longLength);
  for (const text of reading) yield { type: 'log', level: 'info', text };

  yield { type: 'log', level: 'info', text: `Training the ${cells.length} cells side by side (${r.preset} preset: readout ${r.readout}, ${r.epochs} epochs).` };
  const data = await loadTrainData({
    dataPath: o.dataPath, glovePath: o.glovePath, testDataPath: o.testDataPath, reviews: o.reviews,
    vocabSize: r.vocabSize, seqLength: r.seqLength, seed: r.seed, validation: r.validation,
  });
  for (const line of data.report) yield { type: 'log', level: 'info', text: line };
  const runs = cells.map((cell, i) => new TrainingRun({ ...r, cell, series: cell,
    ...(o.keepGateBias !== undefined ? { keepGateBias: o.keepGateBias } : {}) }, data, 1000 * i));
  try {
    let stopped = false;
    for (let e = 0; e < r.epochs && !stopped; e++) {
      for (const run of runs) {
        if (!(yield* run.epoch(e, o.signal, o.stopFlag))) {
          stopped = true;
          break;
        }
      }
    }
    runs.forEach((run, i) => {
      rows[i].secondsPerEpoch = run.epochs.length ? run.trainSeconds / run.epochs.length : null;
    });
    for (const [i, run] of runs.entries()) {
      const test = stopped ? null : run.evaluate(run.data.test, 'test');
      if (test) {
        yield test;
        rows[i].testAcc = test.acc;
      }
    }
    for (const row of rows) {
      yield {
        type: 'log', level: 'info',
        text: `${row.cell.padEnd(4)}: test accuracy ${row.testAcc === null ? 'n/a' : row.testAcc.toFixed(2) + ' %'}, ` +
          `${row.secondsPerEpoch === null ? 'n/a' : row.secondsPerEpoch.toFixed(2)} s/epoch`,
      };
    }
    const trained = stopped ? [] : trainingReading(rows);
    for (const text of trained) yield { type: 'log', level: 'info', text };
    yield {
      type: 'demo-end', demo: 'compare-cells',
      summary: { cells: rows, reading: [...reading, ...trained], testSet: data.testSource, preset: r.preset, readout: r.readout,
        epochs: r.epochs, seed: r.seed },
    };
  } finally {
    for (const run of runs) run.dispose();
  }
}
