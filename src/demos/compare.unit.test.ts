import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoEvent, EvalEvent } from '../shared/events';
import { parseReviewsCsv } from '../data/index';
import { trainDemo } from './train';
import { clipNote, compareDemo } from './compare';

async function collect(gen: AsyncIterable<DemoEvent>): Promise<DemoEvent[]> {
  const out: DemoEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

describe('demo: Compare Readouts trains the same models as Train (issue 13: same settings, same figure)', function () {
  this.timeout(240_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-compare-'));
  const data = path.join(dir, 'small.csv');
  const csv = parseReviewsCsv(readFileSync(path.join(__dirname, '../../data/imdb_subset.csv'), 'utf8'), 'imdb_subset.csv');
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(data, ['review,sentiment', ...csv.reviews.slice(0, 240).map((r, i) => `${q(r)},${csv.labels[i] ? 'positive' : 'negative'}`)].join('\n'));
  // What the extension sends with the settings at their defaults: no seqLength or clip (the preset decides).
  const SETTINGS = { epochs: 2, batch: 16, hidden: 16, layers: 1, vocabSize: 800, lr: 0.01, seed: 3, dataPath: data, threads: 1 };

  it('its improved series and Train with readout mean give the same epoch losses and test accuracy; its notebook series and Train with final too', async () => {
    const cmp = await collect(compareDemo(SETTINGS));
    const mean = await collect(trainDemo({ ...SETTINGS, readout: 'mean' }));
    const final = await collect(trainDemo({ ...SETTINGS, readout: 'final' }));
    const figures = (ev: DemoEvent[], series?: string) => ({
      epochs: ev.filter((e) => e.type === 'epoch' && (series === undefined || e.series === series)).map((e) => (e.type === 'epoch' ? e.loss : NaN)),
      test: ev.filter((e): e is EvalEvent => e.type === 'eval' && e.split === 'test' && (series === undefined || e.series === series)).map((e) => [e.loss, e.acc]),
    });
    assert.deepEqual(figures(cmp, 'improved (mean)'), figures(mean));
    assert.deepEqual(figures(cmp, 'notebook (final)'), figures(final));
    assert.equal(figures(mean).test.length, 1);
  });

  it('a clip set for Train is not Compare\'s: the run says so (why the figures differ), and says nothing when they agree', async () => {
    assert.equal(clipNote(undefined), null);
    assert.equal(clipNote(5), null);
    const ev = await collect(compareDemo({ ...SETTINGS, epochs: 1, clip: 1 }));
    const warn = ev.filter((e) => e.type === 'log' && e.level === 'warn').map((e) => (e.type === 'log' ? e.text : ''));
    assert.ok(warn.some((t) => t.includes('your clip 1 is used by Train on IMDB only')), warn.join(' | '));
    const clips = ev.filter((e) => e.type === 'clip').map((e) => (e.type === 'clip' ? e.maxNorm : NaN));
    assert.ok(clips.every((t) => t === 5), `clipped at ${[...new Set(clips)].join(', ')}: only the improved preset's 5`);
  });
});
