/**
 * Shareable what-if state (issue 14 item 5): "Copy link to this view" packs the gradient demo's options, the
 * what-if controls, the view, the playback step and the pinned cell into a `vscode://<publisher>.<name>/open?
 * state=<base64url JSON>` link; "Unrolled: Open View Link" (or the URI handler) unpacks it and reopens the same
 * view. A link is pasted by people, so it is checked strictly: `parseViewLink` names the first thing wrong in
 * one line and never throws.
 */
import { WHAT_IF_CELLS, WHAT_IF_DEMOS, WHAT_IF_MAX_STEPS, WHAT_IF_MAX_WORD, WHAT_IF_SCALE, type WhatIfCell, type WhatIfDemo } from './what-if';

export const VIEW_LINK_VIEWS = ['network', 'training', 'predict'] as const;
export type ViewLinkView = (typeof VIEW_LINK_VIEWS)[number];
/** The what-if panel's controls as a link carries them (the webview's WhatIfControls). */
export interface ViewLinkControls {
  scale: number; truncate: number; cell: WhatIfCell; edit: { t: number; word: string } | null;
  std: number | null; length: number; clipExp: number | null;
}
export interface ViewLinkState {
  v: 1;
  demo: WhatIfDemo;
  /** The demo's options: seed, W_hh std, cell, and (explode) the sequence length. */
  seed: number; std: number; cell: WhatIfCell; length?: number;
  view: ViewLinkView;
  /** The shown snapshot (null: the latest), the playback position and the pinned cell. */
  snapshotId: number | null; pos: number; pinned: { layer: number; t: number } | null;
  whatIf: ViewLinkControls;
}
export type LinkResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The link's path after the extension id. */
export const VIEW_LINK_PATH = '/open';
/** A link longer than this is not one of ours (the state is a few hundred characters). */
export const MAX_VIEW_LINK_CHARS = 8000;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isInt = (x: unknown, lo: number, hi: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= lo && x <= hi;
const isNum = (x: unknown, lo: number, hi: number): x is number => typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi;

function toBase64Url(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(b64: string): string {
  const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The link of a state for the extension `extensionId` (publisher.name). */
export function encodeViewLink(state: ViewLinkState, extensionId: string): string {
  return `vscode://${extensionId}${VIEW_LINK_PATH}?state=${toBase64Url(JSON.stringify(state))}`;
}

/** Checks a state object (from a link or from the webview); the reason names the field. */
export function parseViewLinkState(raw: unknown): LinkResult<ViewLinkState> {
  const bad = (reason: string): LinkResult<ViewLinkState> => ({ ok: false, reason });
  if (!isRecord(raw)) return bad('state must be a JSON object');
  if (raw.v !== 1) return bad('state.v must be 1 (a link from another version of Unrolled?)');
  const { demo, seed, std, cell, length, view, snapshotId, pos, pinned, whatIf } = raw;
  if (!(WHAT_IF_DEMOS as readonly unknown[]).includes(demo)) return bad('state.demo must be vanish or explode');
  if (!isInt(seed, 0, 2 ** 32 - 1)) return bad('state.seed must be an integer 0 … 2³²−1');
  if (!isNum(std, 1e-6, 100)) return bad('state.std must be a number in (0, 100]');
  if (!(WHAT_IF_CELLS as readonly unknown[]).includes(cell)) return bad('state.cell must be tanh, gru or lstm');
  if (length !== undefined && !isInt(length, 1, WHAT_IF_MAX_STEPS)) return bad(`state.length must be an integer 1 … ${WHAT_IF_MAX_STEPS}`);
  if (!(VIEW_LINK_VIEWS as readonly unknown[]).includes(view)) return bad('state.view must be network, training or predict');
  if (snapshotId !== null && !isInt(snapshotId, 0, 1e9)) return bad('state.snapshotId must be null or a non-negative integer');
  if (!isNum(pos, 0, 1e9)) return bad('state.pos must be a non-negative number');
  if (pinned !== null && !(isRecord(pinned) && isInt(pinned.layer, 0, 64) && isInt(pinned.t, 0, WHAT_IF_MAX_STEPS))) {
    return bad('state.pinned must be null or { layer, t } with non-negative integers');
  }
  const w = parseControls(whatIf);
  if (!w.ok) return w;
  const value: ViewLinkState = {
    v: 1, demo: demo as WhatIfDemo, seed, std, cell: cell as WhatIfCell, view: view as ViewLinkView,
    snapshotId: snapshotId as number | null, pos,
    pinned: pinned === null ? null : { layer: (pinned as { layer: number }).layer, t: (pinned as { t: number }).t }, whatIf: w.value,
  };
  if (length !== undefined) value.length = length;
  return { ok: true, value };
}

function parseControls(raw: unknown): LinkResult<ViewLinkControls> {
  const bad = (reason: string): LinkResult<ViewLinkControls> => ({ ok: false, reason: `state.whatIf.${reason}` });
  if (!isRecord(raw)) return { ok: false, reason: 'state.whatIf must be an object' };
  const { scale, truncate, cell, edit, std, length, clipExp } = raw;
  if (!isNum(scale, WHAT_IF_SCALE.min, WHAT_IF_SCALE.max)) return bad(`scale must be a number in [${WHAT_IF_SCALE.min}, ${WHAT_IF_SCALE.max}]`);
  if (!isInt(truncate, 0, WHAT_IF_MAX_STEPS)) return bad(`truncate must be an integer 0 … ${WHAT_IF_MAX_STEPS}`);
  if (!(WHAT_IF_CELLS as readonly unknown[]).includes(cell)) return bad('cell must be tanh, gru or lstm');
  if (edit !== null && !(isRecord(edit) && isInt(edit.t, 0, WHAT_IF_MAX_STEPS - 1) && typeof edit.word === 'string' && edit.word.length >= 1 && edit.word.length <= WHAT_IF_MAX_WORD)) {
    return bad(`edit must be null or { t, word } with a word of 1 … ${WHAT_IF_MAX_WORD} characters`);
  }
  if (std !== null && !isNum(std, 0.001, 100)) return bad('std must be null or a number in (0, 100]');
  if (!isInt(length, 0, WHAT_IF_MAX_STEPS)) return bad(`length must be an integer 0 … ${WHAT_IF_MAX_STEPS}`);
  if (clipExp !== null && !isNum(clipExp, -10, 10)) return bad('clipExp must be null or a number in [−10, 10]');
  const e = edit === null ? null : { t: (edit as { t: number }).t, word: (edit as { word: string }).word };
  const value = { scale, truncate, cell: cell as WhatIfCell, edit: e, std: std as number | null, length,
    clipExp: clipExp as number | null };
  return { ok: true, value };
}

/** Reads a pasted link (`vscode://…/open?state=…`, or just the state's base64url text) into a checked state. */
export function parseViewLink(text: string, extensionId: string): LinkResult<ViewLinkState> {
  const s = text.trim();
  if (!s) return { ok: false, reason: 'the link is empty' };
  if (s.length > MAX_VIEW_LINK_CHARS) return { ok: false, reason: `the link is longer than ${MAX_VIEW_LINK_CHARS} characters` };
  let payload = s;
  if (s.includes('://')) {
    const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)([^?#]*)\?(.*)$/i.exec(s);
    if (!m) return { ok: false, reason: 'the link has no ?state=… part' };
    if (m[2].toLowerCase() !== extensionId.toLowerCase()) return { ok: false, reason: `the link is for ${m[2]}, not ${extensionId}` };
    if (m[3] !== VIEW_LINK_PATH) return { ok: false, reason: `the link's path must be ${VIEW_LINK_PATH}, not ${m[3] || '(none)'}` };
    return parseViewLinkQuery(m[4]);
  }
  if (s.startsWith('state=')) payload = s.slice(6);
  return decodeState(payload);
}

/** Reads the query of a link (`state=…`), as the URI handler receives it. */
export function parseViewLinkQuery(query: string): LinkResult<ViewLinkState> {
  const state = new URLSearchParams(query).get('state');
  if (state === null) return { ok: false, reason: 'the link has no state=… parameter' };
  return decodeState(state);
}

function decodeState(b64: string): LinkResult<ViewLinkState> {
  if (!/^[A-Za-z0-9_-]+$/.test(b64)) return { ok: false, reason: 'the link\'s state is not base64url text (cut short or changed?)' };
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(b64));
  } catch {
    return { ok: false, reason: 'the link\'s state is not JSON (cut short or changed?)' };
  }
  return parseViewLinkState(raw);
}
