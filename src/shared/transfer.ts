/**
 * Prepares demo events for postMessage: every typed array is copied into a buffer of its own and that
 * buffer is listed for transfer, so the bytes move between threads without a structured-clone copy and
 * the demo (or the snapshot store) keeps its own arrays intact. Pure.
 */
import type { DemoEvent } from './events';

type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Int8Array;

function isTyped(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function cloneValue(v: unknown, transfer: ArrayBuffer[]): unknown {
  if (isTyped(v)) {
    const copy = v.slice() as TypedArray; // own ArrayBuffer, exactly v.length elements
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  }
  if (Array.isArray(v)) return v.map((x) => cloneValue(x, transfer));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneValue(x, transfer);
    return out;
  }
  return v;
}

/** Copies the events; returns the copies and the buffers to transfer. */
export function prepareForTransfer(events: readonly DemoEvent[]): { events: DemoEvent[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const out = events.map((e) => cloneValue(e, transfer) as DemoEvent);
  return { events: out, transfer };
}

/** Bytes held in typed arrays inside a value (to budget what is sent and stored). */
export function typedBytes(v: unknown): number {
  if (isTyped(v)) return v.byteLength;
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + typedBytes(x), 0);
  if (v !== null && typeof v === 'object') {
    let s = 0;
    for (const x of Object.values(v)) s += typedBytes(x);
    return s;
  }
  return 0;
}
