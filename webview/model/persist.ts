/**
 * What survives a window reload in the panel's own state (`vscode.setState`): the view, the playback
 * position, the pinned cell and which run was on screen — a few hundred bytes. The run's data is not
 * here: the host saves the run shown and replays it to a restored panel (src/host/saved-run.ts).
 * Also the JSON export: typed arrays become `{ f32: [...] }`, NaN and ±∞ become strings.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import { DEFAULT_SPEED } from './playback';

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
  /** The run on screen (its id matches the host's replay after a reload). */
  run: { runId: number; demo: string | null; title: string; status: string } | null;
}

export const DEFAULT_UI: UiState = { view: 'network', pos: 0, speed: DEFAULT_SPEED, snapshotId: null, pinned: null, predictText: '' };

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
  const rr = r.run as Partial<NonNullable<PersistedState['run']>> | null | undefined;
  const run = rr && typeof rr === 'object' && typeof rr.runId === 'number'
    ? { runId: rr.runId, demo: typeof rr.demo === 'string' ? rr.demo : null, title: typeof rr.title === 'string' ? rr.title : '', status: typeof rr.status === 'string' ? rr.status : 'done' }
    : null;
  return { version: 1, ui, run };
}
