import { strict as assert } from 'node:assert';
import { InvocationError } from '../cli/invocation';
import { cellRun } from './cell';

describe('lesson cell → worker run', () => {
  it('maps the flags as the CLI does, paths resolved against the lesson', () => {
    const r = cellRun('train --epochs 2 --readout mean --data reviews.csv', (p) => `/lessons/${p}`);
    assert.equal(r.demo, 'train');
    assert.deepEqual(r.params, { dataPath: '/lessons/reviews.csv', epochs: 2, batch: 32, hidden: 64, layers: 2, lr: 0.001, vocabSize: 5000, readout: 'mean', seed: 1234, validation: 0 });
    assert.deepEqual(cellRun('vanish --std 0.1').params, { seed: 1234, std: 0.1 });
    assert.deepEqual(cellRun('explode --length 30').params, { seed: 1234, length: 30, std: 2 });
    assert.deepEqual(cellRun('step').params, { sentence: 'this movie was absolutely amazing and wonderful', hidden: 10, seed: 1234 });
    const p = cellRun('predict --text "loved it" --model m.json', (x) => `/l/${x}`);
    assert.deepEqual(p.params, { text: 'loved it' });
    assert.equal(p.modelPath, '/l/m.json');
    assert.equal(cellRun('compare --epochs 1').demo, 'compare');
    assert.equal(cellRun('train --cell gru').params.cell, 'gru');
    assert.equal(cellRun('vanish --cell lstm').params.cell, 'lstm');
  });

  it('refuses what a lesson cannot run, saying why', () => {
    assert.throws(() => cellRun('train --epochs many'), (e: unknown) => e instanceof InvocationError && /column 16/.test(e.message));
    assert.throws(() => cellRun('analyze'), /give the text to read, e\.g\. analyze --text/);
    assert.throws(() => cellRun('analyze --file review.txt'), /--file reads a file the lesson does not carry/);
  });
});
