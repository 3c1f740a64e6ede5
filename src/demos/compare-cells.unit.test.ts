import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseReviewsCsv } from '../data/index';
import type { DemoEvent } from '../shared/events';
import { type CellComparison, compareCellsDemo, firstTokenGrads } from './compare-cells';
import { trainDemo } from './train';

function smallCsv(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'unrolled-cells-')), 'small.csv');
  const csv = parseReviewsCsv(readFileSync(path.join(__dirname, '../../data/imdb_subset.csv'), 'utf8'), 'imdb_subset.csv');
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const rows = csv.reviews.slice(0, 160).map((r, i) => `${q(r)},${csv.labels[i] ? 'positive' : 'negative'}`);
  writeFileSync(file, ['review,sentiment', ...rows].join('\n'));
  return file;
}

describe('demo: compare cells (tanh, GRU, LSTM)', function () {
  this.timeout(180_000);
  const data = smallCsv();

  it('trains the three cells side by side and summarises each under `cells`', async () => {
    const events: DemoEvent[] = [];
    for await (const e of compareCellsDemo({ dataPath: data, epochs: 1, batch: 16, hidden: 8, layers: 1, seqLength: 30, vocabSize: 500,
      seed: 5 })) events.push(e);
    const end = events.find((e) => e.type === 'demo-end');
    assert.ok(end && end.type === 'demo-end');
    const cells = end.summary.cells as CellComparison[];
    assert.deepEqual(cells.map((c) => c.cell), ['tanh', 'gru', 'lstm']);
    for (const c of cells) {
      assert.ok(c.firstTokenGradShort > 0 && Number.isFinite(c.firstTokenGradShort), `${c.cell} short ${c.firstTokenGradShort}`);
      assert.ok(c.firstTokenGradLong >= 0 && c.firstTokenGradLong < c.firstTokenGradShort, `${c.cell}: long ${c.firstTokenGradLong} < short`);
      assert.ok(c.testAcc !== null && c.testAcc >= 0 && c.testAcc <= 100);
      assert.ok(c.secondsPerEpoch !== null && c.secondsPerEpoch > 0);
    }
    // each cell's epochs are tagged with it
    const series = new Set(events.filter((e) => e.type === 'epoch').map((e) => (e as { series?: string }).series));
    assert.deepEqual([...series].sort(), ['gru', 'lstm', 'tanh']);
  });

  it('the vanishing part reads the same sequences for every cell, and the cells differ', async () => {
    const o = { seed: 11, std: 0.1, longLength: 30, shortLength: 4, dataPath: data };
    const t = await firstTokenGrads('tanh', o);
    const l = await firstTokenGrads('lstm', o);
    assert.deepEqual(l.longIds, t.longIds);
    assert.deepEqual(l.shortIds, t.shortIds);
    assert.notEqual(l.long, t.long);
  });

  it('train --cell gru trains a GRU (its checkpoint kind) and says so in the title', async () => {
    const events: DemoEvent[] = [];
    const ckpt = path.join(mkdtempSync(path.join(tmpdir(), 'unrolled-cells-')), 'gru.json');
    for await (const e of trainDemo({ dataPath: data, cell: 'gru', epochs: 1, batch: 16, hidden: 8, layers: 2, seqLength: 20, vocabSize: 400, seed: 2, savePath: ckpt })) events.push(e);
    const start = events[0];
    assert.ok(start.type === 'demo-start' && /GRU/.test(start.title) && start.config.cell === 'gru');
    const saved = JSON.parse(readFileSync(ckpt, 'utf8'));
    assert.equal(saved.model.kind, 'unrolled-gru');
    assert.deepEqual(saved.weights['rnn_cells.1.weight_hh'].shape, [24, 8]);
  });
});
