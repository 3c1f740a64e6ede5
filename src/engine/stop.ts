/**
 * Stopping a batch part-way (issue 16 case 8). A long kernel call cannot be interrupted by the thread that
 * runs it: its event loop (an abort message, Ctrl-C) is blocked until the call returns. So the thread that
 * asks for the stop (the extension host, the CLI's main thread) sets a word in shared memory — a `StopFlag` —
 * and the computing thread looks at it from inside the kernels (between time steps and GEMM chunks, see
 * assembly/common.ts) and from the reference kernels' step loops. A kernel that sees it returns at once; the
 * host side then throws `StopRequested`, which unwinds the batch before the optimiser step, so the model and
 * the optimiser state stay exactly as they were after the last completed step.
 *
 * A flag is looked at only while it is armed (`whileStoppable`): a run's training batches and evaluations arm
 * their run's flag; anything else this thread computes (a predict request between runs) is not affected.
 */

/** One Int32 word over a SharedArrayBuffer: 0 = go on, anything else = stop. One flag per run; never reset. */
export type StopFlag = Int32Array;

/** Thrown (by the kernels' host code) when the armed flag asks to stop; the batch in progress is abandoned. */
export class StopRequested extends Error {
  constructor() {
    super('stopped');
    this.name = 'StopRequested';
  }
}

/** A new flag; its `buffer` can be posted to another thread (SharedArrayBuffers are shared, not copied). */
export function createStopFlag(): StopFlag {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** The flag over a buffer received from another thread. */
export function stopFlagOf(buffer: SharedArrayBuffer): StopFlag {
  return new Int32Array(buffer, 0, 1);
}

/** Asks every thread looking at `flag` to stop (callable from any thread, at any time). */
export function requestStop(flag: StopFlag): void {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** Whether a stop was asked on `flag` (false for no flag). */
export function isStopRequested(flag: StopFlag | null | undefined): boolean {
  return flag !== null && flag !== undefined && Atomics.load(flag, 0) !== 0;
}

let armed: StopFlag | null = null;
let probe: (() => void) | null = null;

/**
 * Runs `fn` (synchronous) with `flag` armed: the kernels it calls stop when the flag is set, and it then throws
 * StopRequested. Throws at once when the flag is already set. Without a flag, just runs `fn`.
 */
export function whileStoppable<T>(flag: StopFlag | null | undefined, fn: () => T): T {
  if (!flag) return fn();
  if (isStopRequested(flag)) throw new StopRequested();
  const prev = armed;
  armed = flag;
  try {
    return fn();
  } finally {
    armed = prev;
  }
}

/** The flag armed now (the two-thread trainer hands it to its helper thread). */
export function armedStopFlag(): StopFlag | null {
  return armed;
}

/**
 * The kernels' look at the armed flag (also the wasm import `env.stopRequested`): 1 = stop. Kept small: the
 * wasm kernels call it between time steps.
 */
export function stopLook(): number {
  if (probe !== null) probe();
  return armed !== null && Atomics.load(armed, 0) !== 0 ? 1 : 0;
}

/** Throws StopRequested when the armed flag is set (the host side after a kernel call, and the reference loops). */
export function throwIfStopped(): void {
  if (stopLook() === 1) throw new StopRequested();
}

/**
 * Calls `fn` at every look the kernels take (null removes it). For tests that must set a flag at an exact point
 * inside a kernel call, which no other thread can time; costs one comparison per look when unset.
 */
export function setStopProbe(fn: (() => void) | null): void {
  probe = fn;
}
