/**
 * One thing at a time per key. A student's answers are kept by read-modify-write of the notebook's metadata
 * (answers.ts): two answers given in quick succession both read the metadata before the first edit applied,
 * and the second edit wrote the first answer away. Queued per notebook, each reads what the one before wrote.
 * No `vscode` here (unit-tested under plain mocha).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier `run` of the same key has settled; resolves or rejects as `fn` does. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests). */
  get busy(): number {
    return this.tails.size;
  }
}
