/**
 * The gradient demos' setup, as in the notebook: a 1-layer (or `layers`-layer) UnrolledRNN with the training data's
 * vocabulary and GloVe embedding, its h2h weights drawn from N(0, std²), fed random token ids (never the pad id 0,
 * never a word unfit for a classroom).
 */
import { loadDataset, type Dataset } from '../data/index';
import { classroomIds } from './classroom-words';
import { createPrng, createUnrolledModel, initTf, type UnrolledModel } from '../engine/index';
import type { CellType } from '../engine/cells/types';
import { recurrentWeightName } from '../engine/unrolled-model';

export interface RandomModelSetup {
  model: UnrolledModel;
  words: readonly string[];
  /** Draws `n` random ids in 1..V-1, never a word of the classroom blocklist (classroom-words.ts). */
  randomIds(n: number): number[];
  gloveFound: number;
}

export async function randomModel(opts: {
  seed: number; std: number; seqLength: number; hidden?: number; dataPath?: string; glovePath?: string;
  /** Stacked tanh layers (the demos: 1); every layer's h2h is drawn from N(0, std²). */
  layers?: number;
  /** The recurrent cell (default tanh); a gated cell's weight_hh is drawn from N(0, std²). */
  cell?: CellType;
  /** Gated cells: the keep gate's initial bias (engine `keepGateBias`; default 1, null = PyTorch's draw). */
  keepGateBias?: number | null;
  /** Multiplies every h2h weight after drawing it (the what-if "scale of W_hh"); default 1. */
  scale?: number;
  /** The data set already loaded with the same dataPath, glovePath and seed (the what-if keeps it between models). */
  dataset?: Dataset;
}): Promise<RandomModelSetup> {
  await initTf();
  const ds = opts.dataset ?? (await loadDataset({ dataPath: opts.dataPath, glovePath: opts.glovePath, seed: opts.seed }));
  const model = createUnrolledModel(
    {
      vocabSize: ds.vocab.size, embeddingDim: ds.embeddingDim, hiddenSize: opts.hidden ?? 64, numLayers: opts.layers ?? 1,
      outputSize: 2, seqLength: opts.seqLength, ...(opts.cell && opts.cell !== 'tanh' ? { cell: opts.cell } : {}),
    },
    { seed: opts.seed, embedding: ds.embeddings, h2hStd: opts.std, keepGateBias: opts.keepGateBias },
  );
  const scale = opts.scale ?? 1;
  if (scale !== 1) {
    for (let k = 0; k < model.config.numLayers; k++) {
      const w = model.weights[recurrentWeightName(model.config, k)];
      for (let i = 0; i < w.length; i++) w[i] *= scale;
    }
  }
  const prng = createPrng((opts.seed ^ 0x5bd1e995) >>> 0);
  // With no blocked word in the vocabulary this is the notebook's draw exactly (allowed[k] = k + 1).
  const allowed = classroomIds(ds.vocab.words);
  if (allowed.length === 0) throw new Error('the vocabulary has no word the gradient demos may draw');
  return {
    model,
    words: ds.vocab.words,
    randomIds: (n) => Array.from({ length: n }, () => allowed[prng.int(allowed.length)]),
    gloveFound: ds.gloveFound,
  };
}
