import assert from 'node:assert/strict';
import type { DemoEvent } from '../shared/events';
import { MAX_WARNINGS_PER_RUN, RunWarnings } from './run-warnings';

const warn = (text: string): DemoEvent => ({ type: 'log', level: 'warn', text });
const info = (text: string): DemoEvent => ({ type: 'log', level: 'info', text });

describe('run warnings as notifications', () => {
  it('shows the warn lines a student must see, not info lines nor the confirmation of their own Stop', () => {
    const w = new RunWarnings();
    const got = w.take(1, [
      info('Vocabulary size: 5,001'),
      warn('The training set has only one class (all 80 reviews are positive): accuracy will mean nothing.'),
      warn('Training stopped during epoch 2.'),
      warn('Training stopped after epoch 1, during its validation.'),
    ]);
    assert.deepEqual(got, ['Unrolled: The training set has only one class (all 80 reviews are positive): accuracy will mean nothing.']);
    assert.equal(w.finish(1), null);
  });

  it(`caps a run at ${MAX_WARNINGS_PER_RUN} notifications across event batches and counts the rest once at the end`, () => {
    const w = new RunWarnings();
    assert.equal(w.take(7, [warn('a'), warn('b')]).length, 2);
    assert.deepEqual(w.take(7, [warn('c'), warn('d')]), ['Unrolled: c']);
    assert.deepEqual(w.take(7, [warn('e')]), []);
    assert.deepEqual(w.take(8, [warn('other run')]), ['Unrolled: other run']);
    assert.equal(w.finish(7), 'Unrolled: 2 more warnings of this run in the Output log (Unrolled).');
    assert.equal(w.finish(7), null, 'a finished run is forgotten');
    assert.deepEqual(w.take(7, [warn('f')]), ['Unrolled: f'], 'a new run with a reused id starts again');
  });
});
