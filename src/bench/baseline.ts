/** The benchmark's peer: the same network as a tf.layers SimpleRNN stack, timed over a few batches and extrapolated. */
import { tf } from '../engine/tf';
import { sliceBatch } from '../engine/trainer';
import { NOTEBOOK_BENCH, type BenchData } from './bench-data';

/** The tf.layers peer: Embedding (frozen, same vectors) → SimpleRNN 64 → SimpleRNN 64 → Dense 2, Adam 1e-3. */
export async function timeBaseline(
  data: BenchData,
  order: Int32Array,
  batches: number,
  progress: (s: string) => void,
): Promise<{ seconds: number; cpuSeconds: number }> {
  const { vocabSize: V, embeddingDim: D, seqLength: T, hiddenSize: H, numLayers: L, batchSize: B } = NOTEBOOK_BENCH;
  const model = tf.sequential();
  const embeddingInit = tf.tensor2d(data.embedding, [V, D]);
  model.add(tf.layers.embedding({ inputDim: V, outputDim: D, inputLength: T, trainable: false, weights: [embeddingInit] }));
  // glorotUniform recurrent weights: the default orthogonal initializer warns and is slow at 64×64; timing is unaffected
  for (let k = 0; k < L; k++) {
    model.add(tf.layers.simpleRNN({ units: H, returnSequences: k < L - 1, recurrentInitializer: 'glorotUniform' }));
  }
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  embeddingInit.dispose();
  const optimizer = tf.train.adam(NOTEBOOK_BENCH.lr);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  const step = async (i: number): Promise<void> => {
    const { batch, labels } = sliceBatch(data.rows, order, i * B, B);
    const xs = tf.tensor2d(Float32Array.from(batch.ids), [B, T]);
    const ys = tf.tensor2d(Float32Array.from(labels), [B, 1]);
    try {
      await model.trainOnBatch(xs, ys);
    } finally {
      xs.dispose();
      ys.dispose();
    }
  };
  try {
    await step(0); // warm-up: builds the graph and the optimiser slots
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 1; i <= batches; i++) {
      await step(i);
      progress(`tf.layers batch ${i}/${batches}`);
    }
    const cpu = process.cpuUsage(cpu0);
    const scale = Math.floor(order.length / B) / batches;
    return { seconds: ((performance.now() - t0) / 1000) * scale, cpuSeconds: ((cpu.user + cpu.system) / 1e6) * scale };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
