/**
 * The gradient demos' setup, as in the notebook: a 1-layer UnrolledRNN with the training data's vocabulary
 * and GloVe embedding, its h2h weights drawn from N(0, std²), fed random token ids (never the pad id 0).
 */
import { loadDataset } from '../data/index';
import { createPrng, createUnrolledModel, initTf, type UnrolledModel } from '../engine/index';

export interface RandomModelSetup {
  model: UnrolledModel;
  words: readonly string[];
  /** Draws `n` random ids in 1..V-1. */
  randomIds(n: number): number[];
  gloveFound: number;
}

export async function randomModel(opts: {
  seed: number; std: number; seqLength: number; hidden?: number; dataPath?: string; glovePath?: string;
}): Promise<RandomModelSetup> {
  await initTf();
  const ds = await loadDataset({ dataPath: opts.dataPath, glovePath: opts.glovePath, seed: opts.seed });
  const model = createUnrolledModel(
    {
      vocabSize: ds.vocab.size, embeddingDim: ds.embeddingDim, hiddenSize: opts.hidden ?? 64, numLayers: 1,
      outputSize: 2, seqLength: opts.seqLength,
    },
    { seed: opts.seed, embedding: ds.embeddings, h2hStd: opts.std },
  );
  const prng = createPrng((opts.seed ^ 0x5bd1e995) >>> 0);
  const V = ds.vocab.size;
  return {
    model,
    words: ds.vocab.words,
    randomIds: (n) => Array.from({ length: n }, () => 1 + prng.int(V - 1)),
    gloveFound: ds.gloveFound,
  };
}
