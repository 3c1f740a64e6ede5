import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseReviewsCsv } from '../data/index';
import type { DemoEvent } from '../shared/events';
import { loadModelFile } from './model-file';
import { predictDemo } from './predict';
import { analyzeDemo } from './analyze';
import { trainDemo } from './train';
import { compareDemo } from './compare';

const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-train-'));
/** The first 240 reviews of the embedded data as a small CSV (fast to train). */
function smallCsv(): string {
  const file = path.join(dir, 'small.csv');
  const csv = parseReviewsCsv(readFileSync(path.join(__dirname, '../../data/imdb_subset.csv'), 'utf8'), 'imdb_subset.csv');
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const rows = csv.reviews.slice(0, 240).map((r, i) => `${q(r)},${csv.labels[i] ? 'positive' : 'negative'}`);
  writeFileSync(file, ['review,sentiment', ...rows].join('\n'));
  return file;
}
const SMALL = { epochs: 4, batch: 16, hidden: 16, layers: 1, seqLength: 40, vocabSize: 800, lr: 0.01, seed: 3 };

async function collect(gen: AsyncIterable<DemoEvent>): Promise<DemoEvent[]> {
  const out: DemoEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

describe('demo: train, then predict and analyze on the saved checkpoint', function () {
  this.timeout(120_000);
  const data = smallCsv();
  const ckpt = path.join(dir, 'model.json');

  it('training loss falls epoch after epoch, and the test split is evaluated', async () => {
    const events = await collect(trainDemo({ ...SMALL, dataPath: data, readout: 'mean', savePath: ckpt }));
    const epochs = events.filter((e) => e.type === 'epoch');
    assert.equal(epochs.length, SMALL.epochs);
    const losses = epochs.map((e) => (e.type === 'epoch' ? e.loss : NaN));
    assert.ok(losses[3] < losses[0] - 0.05, `losses ${losses.join(', ')}`);
    assert.equal(events.filter((e) => e.type === 'batch').length, SMALL.epochs * Math.floor(192 / 16));
    const end = events[events.length - 1];
    assert.ok(end.type === 'demo-end');
    assert.equal(end.summary.trainReviews, 192);
    assert.equal(end.summary.readout, 'mean');
    assert.ok(typeof end.summary.testAcc === 'number' && end.summary.testAcc >= 0 && end.summary.testAcc <= 100);
    assert.ok(events.some((e) => e.type === 'eval' && e.split === 'test'));
    // One snapshot of the first test review before training and after each epoch, for scrubbing back.
    const snaps = events.filter((e) => e.type === 'snapshot');
    assert.deepEqual(snaps.map((e) => (e.type === 'snapshot' ? e.id : -1)), [0, 1, 2, 3, 4]);
    const [first, last] = [snaps[0], snaps[snaps.length - 1]];
    assert.ok(first.type === 'snapshot' && last.type === 'snapshot');
    assert.equal(first.hidden.data.length, SMALL.layers * SMALL.seqLength * SMALL.hidden);
    assert.equal(first.tokens.length, SMALL.seqLength);
    assert.ok(first.length >= 1 && first.tokens[first.length - 1] !== '<PAD>');
    // The model changed between the untrained and the trained snapshot, and the loss on that review is finite.
    let diff = 0;
    for (let i = 0; i < first.hidden.data.length; i++) diff = Math.max(diff, Math.abs(first.hidden.data[i] - last.hidden.data[i]));
    assert.ok(diff > 1e-3, `hidden states moved by ${diff}`);
    assert.ok(Number.isFinite(last.loss ?? NaN) && Math.abs((last.probs[0] + last.probs[1]) - 1) < 1e-6);
  });

  it('predict on the saved checkpoint is deterministic and reads the readout it was trained with', async () => {
    const run = async () => {
      const m = loadModelFile(ckpt);
      const ev = await collect(predictDemo(m, { text: 'This movie was fantastic and I loved it!' }));
      const end = ev[ev.length - 1];
      assert.ok(end.type === 'demo-end');
      return end.summary;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.equal(a.readout, 'mean');
    assert.ok(a.prediction === 'Positive' || a.prediction === 'Negative');
    assert.ok((a.confidence as number) >= 0.5 && (a.confidence as number) <= 1);
    assert.ok((a.gradNorm as number) > 0);
    assert.equal((a.hidden as number[][][]).length, 1);
    assert.equal((a.hidden as number[][][])[0].length, SMALL.seqLength);
  });

  it('analyze maps each token back to its offsets, with running P(positive) for the words the model read', async () => {
    const text = 'Great acting, zxqv awful plot.';
    const ev = await collect(analyzeDemo(loadModelFile(ckpt), { text }));
    const end = ev[ev.length - 1];
    assert.ok(end.type === 'demo-end');
    const tokens = end.summary.tokens as Array<{
      word: string; start: number; end: number; t: number | null; unknown: boolean; runningProb: number | null;
    }>;
    assert.deepEqual(tokens.map((t) => text.slice(t.start, t.end).toLowerCase().replace(/[^a-z]/g, '')), tokens.map((t) => t.word));
    const z = tokens.find((t) => t.word === 'zxqv');
    assert.ok(z && z.unknown && z.t === null && z.runningProb === null);
    for (const t of tokens.filter((x) => !x.unknown)) assert.ok(t.runningProb !== null && t.runningProb > 0 && t.runningProb < 1);
  });

  it('compare trains both presets on the same data, events tagged by series', async () => {
    const events = await collect(compareDemo({ ...SMALL, epochs: 1, dataPath: data }));
    const series = new Set(events.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.series : '')));
    assert.deepEqual([...series], ['notebook (final)', 'improved (mean)']);
    const end = events[events.length - 1];
    assert.ok(end.type === 'demo-end' && 'final' in end.summary && 'mean' in end.summary);
    const ids = events.filter((e) => e.type === 'snapshot').map((e) => (e.type === 'snapshot' ? e.id : -1));
    assert.deepEqual(ids.sort((a, b) => a - b), [0, 1, 1000, 1001], 'disjoint snapshot ids per series');
  });

  it('--test-data trains on every loaded review and tests on the other file; --validation keeps a slice aside', async () => {
    const events = await collect(trainDemo({ ...SMALL, epochs: 1, dataPath: data, testDataPath: data, validation: 0.25 }));
    const end = events[events.length - 1];
    assert.ok(end.type === 'demo-end');
    assert.equal(end.summary.trainReviews, 180); // 240 loaded, 60 kept for validation
    assert.match(String(end.summary.testSet), /small\.csv \(240 reviews\)$/);
    const val = events.filter((e) => e.type === 'eval' && e.split === 'validation');
    assert.equal(val.length, 1);
  });

  it('--truncate K: the summary says it and the snapshots\' ‖∂L/∂h_t‖ are exactly 0 more than K steps before the final readout', async () => {
    const events = await collect(trainDemo({ ...SMALL, epochs: 1, dataPath: data, readout: 'final', truncateBptt: 6 }));
    const end = events.find((e) => e.type === 'demo-end');
    assert.equal(end?.type === 'demo-end' && end.summary.truncateBptt, 6);
    const snaps = events.filter((e) => e.type === 'snapshot');
    assert.ok(snaps.length >= 2);
    for (const s of snaps) {
      if (s.type !== 'snapshot') continue;
      const T = s.hidden.steps;
      const g = Array.from(s.hiddenGradNorm ?? []);
      assert.equal(g.length, T);
      assert.ok(g.slice(0, T - 6).every((x) => x === 0), 'cut');
      assert.ok(g.slice(T - 6).every((x) => x > 0), 'inside the last 6 steps');
    }
  });

  it('stops at the next batch when its signal is aborted', async () => {
    const ac = new AbortController();
    const events: DemoEvent[] = [];
    for await (const e of trainDemo({ ...SMALL, dataPath: data, signal: ac.signal })) {
      events.push(e);
      if (e.type === 'batch' && e.batch === 2) ac.abort();
    }
    assert.equal(events.filter((e) => e.type === 'batch').length, 2);
    assert.equal(events.filter((e) => e.type === 'epoch').length, 0);
  });

  it('hands over the model as it stands when stopped, whether it saw the signal or was ended early', async () => {
    type Stopped = Parameters<NonNullable<Parameters<typeof trainDemo>[0]>['onStopped'] & {}>[0];
    // The worker's way: the consumer breaks out of the loop right after aborting (the generator is ended).
    const ac = new AbortController();
    const got: Stopped[] = [];
    let perEpoch = 0;
    for await (const e of trainDemo({ ...SMALL, dataPath: data, signal: ac.signal, onStopped: (s) => got.push(s) })) {
      if (e.type === 'batch') perEpoch = e.batches;
      if (e.type === 'batch' && e.epoch === 2 && e.batch === 3) { ac.abort(); break; }
    }
    assert.equal(got.length, 1);
    assert.equal(got[0].epoch, 2);
    assert.equal(got[0].updates, perEpoch + 3);
    assert.equal(got[0].vocab.length, got[0].model.config.vocabSize);
    // The weights are the trained ones, not the initial ones: predicting with them works and differs from a fresh run.
    const fresh: Stopped[] = [];
    const ac2 = new AbortController();
    for await (const e of trainDemo({ ...SMALL, dataPath: data, signal: ac2.signal, onStopped: (s) => fresh.push(s) })) {
      if (e.type === 'batch' && e.batch === 1) { ac2.abort(); break; }
    }
    const w = 'fc_out.weight';
    assert.notDeepEqual(Array.from(got[0].model.weights[w]), Array.from(fresh[0].model.weights[w]));
    // A run that completes, or is stopped before any batch, hands nothing over.
    const none: Stopped[] = [];
    await collect(trainDemo({ ...SMALL, epochs: 1, dataPath: data, onStopped: (s) => none.push(s) }));
    const ac3 = new AbortController();
    ac3.abort();
    await collect(trainDemo({ ...SMALL, dataPath: data, signal: ac3.signal, onStopped: (s) => none.push(s) }));
    assert.equal(none.length, 0);
  });
});
