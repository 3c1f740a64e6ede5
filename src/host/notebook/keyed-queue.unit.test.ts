import assert from 'node:assert/strict';
import { KeyedQueue } from './keyed-queue';

/** A store whose writes land a few milliseconds after they are asked for, as VS Code's applyEdit does. */
function slowStore() {
  let value: Record<string, string> = {};
  return {
    read: () => value,
    write: (v: Record<string, string>) => new Promise<void>((r) => setTimeout(() => { value = v; r(); }, 5)),
  };
}

describe('keyed queue (answers kept in a notebook\'s metadata)', () => {
  it('without it, two quick read-modify-writes lose the first answer (the race it prevents)', async () => {
    const s = slowStore();
    const keep = async (q: string, g: string) => s.write({ ...s.read(), [q]: g });
    await Promise.all([keep('q1', 'movie'), keep('q2', 'yes')]);
    assert.deepEqual(s.read(), { q2: 'yes' });
  });

  it('queued per notebook, every answer is kept, in the order given', async () => {
    const s = slowStore();
    const queue = new KeyedQueue();
    const keep = (q: string, g: string) => queue.run('lesson.unrolled-lesson', async () => s.write({ ...s.read(), [q]: g }));
    await Promise.all([keep('q1', 'movie'), keep('q2', 'yes'), keep('q1', 'film')]);
    assert.deepEqual(s.read(), { q1: 'film', q2: 'yes' });
    assert.equal(queue.busy, 0);
  });

  it('a failed step does not block the next one, and its error reaches its caller', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', async () => { throw new Error('edit refused'); });
    const next = queue.run('a', async () => 42);
    await assert.rejects(failed, /edit refused/);
    assert.equal(await next, 42);
  });

  it('different notebooks do not wait for each other', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const slow = queue.run('a', () => new Promise<void>((r) => setTimeout(() => { order.push('a'); r(); }, 30)));
    await queue.run('b', async () => { order.push('b'); });
    await slow;
    assert.deepEqual(order, ['b', 'a']);
  });
});
