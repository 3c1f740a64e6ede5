/** The rows the benchmark trains on: the default training data (the notebook's), or seeded random rows shaped like it. */
import { createPrng } from '../shared/prng';
import type { Dataset as TrainRows } from '../engine/trainer';
import type { BenchOptions } from './bench';

/** The notebook's configuration (2,000 reviews → 1,600 train, T=100, B=32, H=64, 2 layers, 100-d, V=5,001). */
export const NOTEBOOK_BENCH = {
  trainRows: 1600,
  seqLength: 100,
  batchSize: 32,
  hiddenSize: 64,
  numLayers: 2,
  embeddingDim: 100,
  vocabSize: 5001,
  lr: 1e-3,
} as const;

/** Which rows were used: the default training data of `src/data`, or seeded random ids and lengths. */
export type BenchDataSource = 'default-training-data' | 'seeded-random';

/** Training rows in the trainer's format, with the embedding matrix to start from. */
export interface BenchData {
  rows: TrainRows;
  embedding: Float32Array;
  data: BenchDataSource;
  note: string;
  /** Wall and CPU seconds to load the default data set and GloVe vectors (NaN for random rows). */
  loadSeconds: number;
  loadCpuSeconds: number;
}

/** Seeded random rows shaped like the notebook's: ids 1..V-1, lengths spread over 10..300 words (clipped to T). */
export function randomBenchData(seed: number): { rows: TrainRows; embedding: Float32Array } {
  const { trainRows: n, seqLength: T, vocabSize: V, embeddingDim: D } = NOTEBOOK_BENCH;
  const prng = createPrng(seed);
  const ids = new Int32Array(n * T);
  const lengths = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const len = Math.min(T, 10 + Math.floor(prng.next() * 290));
    lengths[r] = len;
    labels[r] = r % 2;
    for (let t = 0; t < len; t++) ids[r * T + t] = 1 + Math.floor(prng.next() * (V - 1));
  }
  const embedding = prng.fillNormal(new Float32Array(V * D), 0, 0.4);
  embedding.fill(0, 0, D);
  return { rows: { ids, lengths, labels, count: n, seqLength: T }, embedding };
}

export async function benchData(opts: Pick<BenchOptions, 'randomData' | 'dataDir'>, seed: number): Promise<BenchData> {
  let why = 'seeded random rows requested';
  if (!opts.randomData) {
    try {
      const { loadDataset } = await import('../data/index');
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const ds = await loadDataset({ dataDir: opts.dataDir, seed });
      const cpu = process.cpuUsage(cpu0);
      const loadSeconds = (performance.now() - t0) / 1000;
      const loadCpuSeconds = (cpu.user + cpu.system) / 1e6;
      const tr = ds.train;
      if (ds.embeddingDim !== NOTEBOOK_BENCH.embeddingDim || ds.vocab.size !== NOTEBOOK_BENCH.vocabSize ||
        tr.seqLength !== NOTEBOOK_BENCH.seqLength) {
        throw new Error(`default data has D=${ds.embeddingDim}, V=${ds.vocab.size}, T=${tr.seqLength}, not the notebook's`);
      }
      return {
        rows: { ids: tr.ids, lengths: tr.lengths, labels: tr.labels, count: tr.n, seqLength: tr.seqLength },
        embedding: ds.embeddings,
        data: 'default-training-data',
        note: `${ds.source}: ${tr.n} training rows`,
        loadSeconds,
        loadCpuSeconds,
      };
    } catch (e) {
      why = `default training data unavailable (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  const r = randomBenchData(seed);
  return { ...r, data: 'seeded-random', note: `${why}; used ${r.rows.count} seeded random rows (seed ${seed})`, loadSeconds: NaN, loadCpuSeconds: NaN };
}
