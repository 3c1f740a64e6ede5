/**
 * Issue 16 cases 3 and 7 in the train demo: when the final write fails even so, the model is kept and the
 * error says where; data a run can learn nothing from is said in plain words.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCheckpoint } from '../engine/checkpoint';
import type { DemoEvent } from '../shared/events';
import { saveTrainedModel } from './save-model';
import { trainDemo } from './train';

const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-train-safety-'));
const SMALL = { epochs: 1, batch: 8, hidden: 4, layers: 1, seqLength: 10, vocabSize: 200, seed: 3 };
const csv = (name: string, rows: Array<[string, string]>): string => {
  const f = path.join(dir, name);
  writeFileSync(f, ['review,sentiment', ...rows.map(([r, s]) => `${r},${s}`)].join('\n'));
  return f;
};
const reviews = (n: number, label: (i: number) => string): Array<[string, string]> =>
  Array.from({ length: n }, (_, i) => [`a ${i % 2 ? 'fine' : 'poor'} film number ${i} of the lot`, label(i)]);

async function collect(gen: AsyncIterable<DemoEvent>, onEvent?: (e: DemoEvent) => void): Promise<DemoEvent[]> {
  const out: DemoEvent[] = [];
  for await (const e of gen) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}
const warnings = (events: DemoEvent[]): string[] => events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.text] : []));

describe('demo: train keeps the model and says what is wrong with the data (issue 16)', function () {
  this.timeout(120_000);

  it('case 3: the folder removed during training: the checkpoint is kept elsewhere and the error says where', async () => {
    const folder = path.join(dir, 'gone');
    mkdirSync(folder);
    const data = csv('both.csv', reviews(64, (i) => (i % 2 ? 'positive' : 'negative')));
    let message = '';
    try {
      await collect(trainDemo({ ...SMALL, dataPath: data, savePath: path.join(folder, 'm.json') }), (e) => {
        if (e.type === 'epoch') rmSync(folder, { recursive: true });
      });
    } catch (e) {
      message = (e as Error).message;
    }
    const m = /^cannot write the checkpoint (.*m\.json): the folder does not exist \(ENOENT\); the trained model was kept in (\S+) — move it where you want it \(e\.g\. mv \S+ \S+\)$/.exec(message);
    assert.ok(m, message);
    const kept = parseCheckpoint(readFileSync(m[2] as string, 'utf8'), 'kept');
    assert.equal(kept.model.config.hiddenSize, 4);
    rmSync(m[2] as string);
  });

  it('case 3: saveTrainedModel says the model is lost only when the rescue fails too', () => {
    assert.throws(() => saveTrainedModel(path.join(dir, 'nope', 'm.json'), '{}', path.join(dir, 'nope2')),
      /the folder does not exist \(ENOENT\); keeping the model in .*nope2.* failed too .* so the trained model is lost$/);
    const ok = path.join(dir, 'ok.json');
    saveTrainedModel(ok, '{"a":1}');
    assert.equal(readFileSync(ok, 'utf8'), '{"a":1}');
  });

  it('case 7: one class in the training set and 0 % GloVe coverage are warned about in plain words', async () => {
    const data = csv('one-class.csv', reviews(64, () => 'positive'));
    const glove = path.join(dir, 'french.txt');
    writeFileSync(glove, 'bonjour 0.1 0.2\nfilmé 0.3 0.4\n');
    const events = await collect(trainDemo({ ...SMALL, dataPath: data, glovePath: glove }));
    const w = warnings(events);
    assert.ok(w.some((t) => /^none of the \d+ vocabulary words has a vector in .*french\.txt \(0 % coverage\): every word starts as zeros, so the model begins knowing nothing about word meanings\. Is it the right file, e\.g\. glove\.6B\.50d\.txt, in English and with one "word v1 v2 …" per line\?$/.test(t)), w.join('\n'));
    assert.ok(w.some((t) => /^all \d+ training reviews are positive: the model can only learn to answer "positive", and a high test accuracy means nothing if the test reviews are positive too\./.test(t)), w.join('\n'));
    const fine = await collect(trainDemo({ ...SMALL, dataPath: csv('both2.csv', reviews(64, (i) => (i % 2 ? 'positive' : 'negative'))) }));
    assert.deepEqual(warnings(fine), [], 'no warning for usable data');
    assert.ok(!existsSync(path.join(dir, 'nothing')));
  });
});
