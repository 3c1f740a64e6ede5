/**
 * What survives a hidden/restored panel (`vscode.setState`, which stores JSON) and what the JSON export
 * writes: typed arrays become `{ f32: [...] }`, NaN and ±∞ become strings so nothing is lost.
 */
import type { DemoEvent, SnapshotEvent } from '../../src/demos/events';

export type ViewName = 'network' | 'training' | 'predict';

export interface UiState {
  view: ViewName;
  /** Playback position and speed. */
  pos: number;
  speed: number;
  /** Which snapshot is shown (id), null for the latest. */
  snapshotId: number | null;
  /** The snapshot on screen when the state was saved (restored even while following the run). */
  shownId?: number | null;
  pinned: { layer: number; t: number } | null;
  predictText: string;
}

export interface PersistedState {
  version: 1;
  ui: UiState;
  run: { runId: number; demo: string | null; title: string; status: string } | null;
  /** The run's events, encoded (omitted when too large). */
  events: unknown[] | null;
}

/** Events with more floats than this are not kept in the panel state (the host can resend). */
export const MAX_PERSISTED_FLOATS = 1_000_000;

export const DEFAULT_UI: UiState = { view: 'network', pos: 0, speed: 4, snapshotId: null, pinned: null, predictText: '' };

function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** Turn any value with typed arrays / non-finite numbers into plain JSON data. */
export function encode(x: unknown): unknown {
  if (typeof x === 'number') return encodeNumber(x);
  if (x instanceof Float32Array || x instanceof Float64Array) return { f32: Array.from(x, encodeNumber) };
  if (Array.isArray(x)) return x.map(encode);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = encode(v);
    return out;
  }
  return x;
}

function decodeNumber(v: unknown): unknown {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}

/** Inverse of encode (strings "NaN"/"Infinity" inside number arrays and number fields come back as numbers). */
export function decode(x: unknown, key = ''): unknown {
  if (Array.isArray(x)) return x.map((v) => decode(v, key));
  if (x && typeof x === 'object') {
    const rec = x as Record<string, unknown>;
    if (Array.isArray(rec.f32) && Object.keys(rec).length === 1) return Float32Array.from(rec.f32, (v) => Number(decodeNumber(v)));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) out[k] = decode(v, k);
    return out;
  }
  if (typeof x === 'string' && NUMBER_KEYS.has(key)) return decodeNumber(x);
  return x;
}

/** Fields that hold numbers which may be non-finite (so only they are decoded from strings). */
const NUMBER_KEYS = new Set(['loss', 'acc', 'gradNorm', 'total', 'before', 'after', 'logits', 'probs', 'weightChange', 'inputGradNorm', 'hiddenGradNorm']);

function floatCount(e: DemoEvent): number {
  if (e.type === 'snapshot') {
    let n = e.hidden.data.length + e.preact.data.length;
    for (const s of [e.hiddenGrad, e.inputPart, e.recurrentPart]) n += s?.data.length ?? 0;
    return n;
  }
  if (e.type === 'forward-step') return e.hidden.reduce((a, h) => a + h.length * 2, 0);
  return 8;
}

/** The events worth keeping for a restore: everything, unless it is larger than the cap (then the latest snapshots win). */
export function persistableEvents(events: readonly DemoEvent[]): unknown[] | null {
  let n = 0;
  const kept: DemoEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'forward-step' && events.some((x) => x.type === 'snapshot')) continue;
    const c = floatCount(e);
    if (e.type === 'snapshot' && n + c > MAX_PERSISTED_FLOATS) continue;
    n += c;
    kept.push(e);
  }
  kept.reverse();
  return kept.map(encode);
}

/** The JSON export of one snapshot (readable, with NaN/∞ as strings). */
export function snapshotJson(s: SnapshotEvent): string {
  return JSON.stringify({ format: 'unrolled-snapshot', version: 1, snapshot: encode(s) }, null, 1);
}

/** Validate a restored state; anything unexpected falls back to defaults (never throws). */
export function restoreState(raw: unknown): PersistedState | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<PersistedState>;
  if (r.version !== 1 || !r.ui || typeof r.ui !== 'object') return null;
  const u = r.ui as Partial<UiState>;
  const ui: UiState = {
    view: u.view === 'training' || u.view === 'predict' ? u.view : 'network',
    pos: typeof u.pos === 'number' && u.pos >= 0 ? Math.floor(u.pos) : 0,
    speed: typeof u.speed === 'number' && u.speed > 0 ? u.speed : DEFAULT_UI.speed,
    snapshotId: typeof u.snapshotId === 'number' ? u.snapshotId : null,
    shownId: typeof u.shownId === 'number' ? u.shownId : null,
    pinned: u.pinned && typeof u.pinned.layer === 'number' && typeof u.pinned.t === 'number' ? { layer: u.pinned.layer, t: u.pinned.t } : null,
    predictText: typeof u.predictText === 'string' ? u.predictText : '',
  };
  return { version: 1, ui, run: r.run ?? null, events: Array.isArray(r.events) ? r.events : null };
}
