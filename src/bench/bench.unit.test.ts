import { strict as assert } from 'node:assert';
import { formatBench, runBench } from './bench';
import { NOTEBOOK_BENCH, randomBenchData } from './bench-data';

describe('bench', function () {
  this.timeout(120000);

  it('random rows are shaped like the notebook data, deterministic per seed, pad after the real tokens', () => {
    const a = randomBenchData(5);
    const b = randomBenchData(5);
    const { trainRows: n, seqLength: T, vocabSize: V, embeddingDim: D } = NOTEBOOK_BENCH;
    assert.equal(a.rows.count, n);
    assert.equal(a.rows.ids.length, n * T);
    assert.equal(a.embedding.length, V * D);
    assert.deepEqual(a.rows.ids, b.rows.ids);
    assert.notDeepEqual(randomBenchData(6).rows.ids, a.rows.ids);
    for (let r = 0; r < n; r++) {
      const len = a.rows.lengths[r];
      assert.ok(len >= 10 && len <= T);
      for (let t = 0; t < T; t++) {
        const id = a.rows.ids[r * T + t];
        assert.ok(t < len ? id >= 1 && id < V : id === 0, `row ${r} t ${t}: id ${id}, length ${len}`);
      }
    }
    assert.ok(a.embedding.subarray(0, D).every((v) => v === 0), 'pad row is zero');
  });

  it('times the engine, the tf.layers peer and one review on the same rows, and leaves no tensor behind', async () => {
    const lines: string[] = [];
    const r = await runBench({ randomData: true, trainRows: 64, epochs: 1, baselineBatches: 1, reviewRepeats: 2,
      onProgress: (l) => lines.push(l) });
    assert.equal(r.data, 'seeded-random');
    assert.match(r.dataNote, /seeded random rows/);
    assert.equal(r.config.trainRows, 64);
    assert.equal(r.config.batchesPerEpoch, 2);
    assert.equal(r.epochSeconds.length, 1);
    assert.ok(r.secondsPerEpoch > 0 && Number.isFinite(r.secondsPerEpoch));
    assert.ok(r.baselineSecondsPerEpoch > 0 && Number.isFinite(r.baselineSecondsPerEpoch));
    assert.equal(r.baselineBatchesTimed, 1);
    assert.equal(r.ratio, r.baselineSecondsPerEpoch / r.secondsPerEpoch);
    assert.equal(r.cpuRatio, r.baselineCpuSecondsPerEpoch / r.cpuSecondsPerEpoch);
    assert.ok(r.baselineCpuSecondsPerEpoch > 0 && r.cpuSecondsPerEpoch > 0);
    assert.ok(r.reviewForwardBackwardMs > 0);
    assert.ok(r.profile.rnnKernelsMs > 0 && r.profile.wasmAdamMs > 0);
    assert.equal(r.tensorsAfter, r.tensorsBefore, 'tfjs tensors leaked');
    assert.ok(lines.some((l) => /engine epoch 1\/1/.test(l)));
    const text = formatBench(r).join('\n');
    assert.match(text, /s\/epoch/);
    assert.match(text, /extrapolated from 1 timed batches to 2/);
    assert.ok(r.loadAverage.cpus >= 1 && r.loadAverage.start >= 0);
  });

  it('rejects bad options by name', async () => {
    await assert.rejects(runBench({ epochs: 0 }), /bench: epochs must be a positive integer, got 0/);
    await assert.rejects(runBench({ randomData: true, trainRows: 10 }), /bench: trainRows must be an integer from 64 to 1600, got 10/);
  });
});
