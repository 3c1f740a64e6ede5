/**
 * What the two threads of the data-parallel trainer share: the layout of the control words, the messages the
 * leader sends, and the start-up data of the helper. The helper blocks in `Atomics.wait` and reads each
 * command synchronously (`receiveMessageOnPort`), so a batch costs two wake-ups and no event-loop turns.
 */
import type { MessagePort } from 'node:worker_threads';
import type { UnrolledConfig } from './unrolled-model';
import type { Readout } from './unrolled-model';

/** Indices into the Int32 control words. */
export const CTRL = {
  /** Sequence number of the last command sent (leader writes). */
  cmd: 0,
  /** Sequence number of the last command finished (helper writes). */
  done: 1,
  /** 0 = the last command succeeded, 1 = it failed (an `error` message waits on the port), 2 = it was stopped (stop.ts). */
  status: 2,
  /** 0 = starting, 1 = ready, 2 = failed to start. */
  ready: 3,
} as const;
export const CTRL_WORDS = 4;

/** Indices into the Float64 result words of a `grads` command. */
export const RESULT = { lossSum: 0, correct: 1, embeddingRows: 2 } as const;
export const RESULT_WORDS = 3;

/** Leader → helper, one per command (after the message, `ctrl[cmd]` is incremented and notified). */
export type HelperCommand =
  | {
    type: 'grads'; ids: Int32Array; lengths: Int32Array; labels: Int32Array; seqLength: number; fullBatchSize: number;
    /** Present when the stop flag armed on the leader changed: the flag's buffer to arm from now on, or null. */
    stop?: SharedArrayBuffer | null;
  }
  | { type: 'adam' }
  | { type: 'exit' };

/** Helper → leader on the command port, only when a command failed. */
export interface HelperError {
  type: 'error';
  message: string;
}

/** Helper → leader on parentPort once, when started (or failed to). */
export type HelperHello = { type: 'ready'; kernels: string } | { type: 'failed'; message: string };

/** The helper's workerData. */
export interface HelperInit {
  ctrl: SharedArrayBuffer;
  /** Float32 [P]: every weight, flat, in `names` order (both threads read; each Adam writes its range). */
  params: SharedArrayBuffer;
  /** Float32 [P]: the helper writes its part's gradients, the leader adds its own, Adam reads the sum. */
  grads: SharedArrayBuffer;
  /** Int32 [V]: the embedding rows of the helper's part. */
  rows: SharedArrayBuffer;
  /** Float64 [RESULT_WORDS]. */
  result: SharedArrayBuffer;
  port: MessagePort;
  kind: string;
  config: UnrolledConfig;
  names: string[];
  sizes: number[];
  readout: Readout;
  /** Truncated BPTT every K steps; 0 = full. */
  truncateBptt: number;
  lr: number;
  /** The helper's Adam updates params[adamFrom, P). */
  adamFrom: number;
  /** The leader's kernels (`reference` or `wasm-simd`): the helper must run the same. */
  kernels: string;
}

/** Float offsets of each weight in the flat arrays. */
export function flatOffsets(sizes: number[]): number[] {
  const out: number[] = [];
  let o = 0;
  for (const n of sizes) {
    out.push(o);
    o += n;
  }
  return out;
}
