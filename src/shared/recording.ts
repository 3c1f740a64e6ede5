/**
 * Recorded demo streams: a list of `DemoEvent`s as JSON text and back, bit-exact.
 *
 * JSON has no typed arrays and no NaN/Infinity, so two tagged objects carry them:
 * - `{"$f32": "<base64 of the little-endian float32 bytes>"}` for a Float32Array (exact, compact);
 * - `{"$num": "NaN" | "Infinity" | "-Infinity"}` for a non-finite number (a stated overflow survives).
 * Pure code: no Node or DOM APIs, so the webview can decode recordings too.
 */
import type { DemoEvent, DemoName } from './events';

export const RECORDING_FORMAT = 'unrolled-recording';
export const RECORDING_VERSION = 1;

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  demo: DemoName | null;
  /** ISO time the recording was written (informational). */
  createdAt?: string;
  events: DemoEvent[];
}

/** A recording that cannot be read; the message names what and where. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const ASCII = new TextDecoder('latin1');

/** Base64 of the bytes, written as ASCII codes into one buffer and decoded once (string concatenation
 * ran at ~10 MB/s and held the extension host for 0.15 s per saved training run). */
export function bytesToBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let i = 0;
  let o = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = B64_CODES[n >> 18];
    out[o++] = B64_CODES[(n >> 12) & 63];
    out[o++] = B64_CODES[(n >> 6) & 63];
    out[o++] = B64_CODES[n & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = B64_CODES[n >> 18];
    out[o++] = B64_CODES[(n >> 12) & 63];
    out[o++] = rest === 2 ? B64_CODES[(n >> 6) & 63] : 61; // '='
    out[o++] = 61;
  }
  return ASCII.decode(out);
}

export function base64ToBytes(s: string): Uint8Array {
  if (s.length % 4 !== 0) throw new RecordingError('base64 length is not a multiple of 4');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      const v = s[i + j] === '=' && i + j >= s.length - pad ? 0 : c < 128 ? B64_INDEX[c] : -1;
      if (v < 0) throw new RecordingError(`bad base64 character at ${i + j}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function f32ToBase64(a: Float32Array): string {
  const copy = new Float32Array(a); // own, aligned buffer
  const bytes = new Uint8Array(copy.buffer);
  if (!LITTLE_ENDIAN) swap4(bytes);
  return bytesToBase64(bytes);
}

function base64ToF32(s: string): Float32Array {
  const bytes = base64ToBytes(s);
  if (bytes.length % 4 !== 0) throw new RecordingError('float32 data is not a multiple of 4 bytes');
  if (!LITTLE_ENDIAN) swap4(bytes);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
function swap4(b: Uint8Array): void {
  for (let i = 0; i + 3 < b.length; i += 4) {
    let t = b[i]; b[i] = b[i + 3]; b[i + 3] = t;
    t = b[i + 1]; b[i + 1] = b[i + 2]; b[i + 2] = t;
  }
}

/** Turn a value with Float32Arrays and non-finite numbers into plain JSON-safe data. */
export function toJsonSafe(v: unknown): unknown {
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v : { $num: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  if (v instanceof Float32Array) return { $f32: f32ToBase64(v) };
  if (Array.isArray(v)) return v.map(toJsonSafe);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonSafe(x);
    return out;
  }
  return v;
}

/** Inverse of `toJsonSafe`. */
export function fromJsonSafe(v: unknown, path = '$'): unknown {
  if (Array.isArray(v)) return v.map((x, i) => fromJsonSafe(x, `${path}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$f32') {
      if (typeof o.$f32 !== 'string') throw new RecordingError(`${path}: $f32 must be a base64 string`);
      try {
        return base64ToF32(o.$f32);
      } catch (e) {
        throw new RecordingError(`${path}: ${(e as Error).message}`);
      }
    }
    if (keys.length === 1 && keys[0] === '$num') {
      if (o.$num === 'NaN') return NaN;
      if (o.$num === 'Infinity') return Infinity;
      if (o.$num === '-Infinity') return -Infinity;
      throw new RecordingError(`${path}: $num must be NaN, Infinity or -Infinity`);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = fromJsonSafe(o[k], `${path}.${k}`);
    return out;
  }
  return v;
}

const EVENT_TYPES = new Set([
  'demo-start', 'tokens', 'forward-step', 'output', 'loss', 'backward-step', 'grad-norms', 'clip', 'update',
  'snapshot', 'batch', 'epoch', 'eval', 'log', 'jacobian', 'demo-end',
]);

/** A recording as JSON text (one object). */
export function encodeRecording(events: readonly DemoEvent[], demo?: DemoName, createdAt?: string): string {
  const first = events.find((e) => e.type === 'demo-start');
  const rec = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    demo: demo ?? (first && first.type === 'demo-start' ? first.demo : null),
    ...(createdAt ? { createdAt } : {}),
    events: events.map(toJsonSafe),
  };
  return JSON.stringify(rec);
}

/**
 * One JSON object of a versioned file of events (a recording; the extension's saved run): parsed, its
 * `format` and `version` checked, its `events` checked and decoded. Throws RecordingError naming the
 * problem; `what` names the kind of file ("a recording object").
 */
export function readEventsFile(text: string, format: string, version: number,
  what: string): { fields: Record<string, unknown>; events: DemoEvent[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RecordingError(`not JSON: ${(e as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new RecordingError(`not ${what}`);
  const r = raw as Record<string, unknown>;
  if (r.format !== format) throw new RecordingError(`format must be "${format}", not ${JSON.stringify(r.format)}`);
  if (r.version !== version) throw new RecordingError(`unsupported version ${JSON.stringify(r.version)} (expected ${version})`);
  if (!Array.isArray(r.events)) throw new RecordingError('events must be an array');
  const events = r.events.map((e, i) => {
    if (e === null || typeof e !== 'object' || !EVENT_TYPES.has(String((e as { type?: unknown }).type))) {
      throw new RecordingError(`events[${i}]: unknown event type ${JSON.stringify((e as { type?: unknown } | null)?.type)}`);
    }
    return fromJsonSafe(e, `events[${i}]`) as DemoEvent;
  });
  return { fields: r, events };
}

/** Read a recording written by `encodeRecording`. Throws RecordingError naming the problem. */
export function decodeRecording(text: string): Recording {
  const { fields: r, events } = readEventsFile(text, RECORDING_FORMAT, RECORDING_VERSION, 'a recording object');
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    demo: (typeof r.demo === 'string' ? r.demo : null) as DemoName | null,
    ...(typeof r.createdAt === 'string' ? { createdAt: r.createdAt } : {}),
    events,
  };
}

/** Plain JSON for `--json` summaries: Float32Arrays become number arrays, non-finite numbers become null. */
export function toPlainJson(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => toPlainJson(x));
  if (Array.isArray(v)) return v.map(toPlainJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toPlainJson(x);
    return out;
  }
  return v;
}
