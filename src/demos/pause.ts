/**
 * Cooperative cancellation for the demos: between batches or steps a demo lets the event loop run (so a
 * cancel message or Ctrl-C can arrive) and then checks its AbortSignal.
 */

/** Resolves on the next turn of the event loop (after pending I/O callbacks). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** Lets the event loop run, then says whether the demo should stop. */
export async function shouldStop(signal: AbortSignal | undefined): Promise<boolean> {
  await nextTurn();
  return signal?.aborted === true;
}
