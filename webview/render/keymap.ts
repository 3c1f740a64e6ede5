/** Which key presses the panel's shortcuts may take (focus rules); the shortcuts themselves are model/session keyAction. */
import type { ViewName } from '../model/persist';
import type { Playback } from '../model/playback';
import { keyAction, moveSelection, neighbourView, type Cell } from '../model/session';

/** Typing in a text field, a select, or with a modifier held: not a shortcut. */
export function ignoredKey(e: KeyboardEvent): boolean {
  const tgt = e.target as HTMLElement | null;
  if (tgt && (tgt.tagName === 'TEXTAREA' || tgt.tagName === 'INPUT' && (tgt as HTMLInputElement).type !== 'range' || tgt.tagName === 'SELECT')) return true;
  return e.ctrlKey || e.metaKey || e.altKey;
}

/** An arrow key on a focused tab moves between tabs (ARIA tabs pattern): its direction, else null. */
export function tabArrow(e: KeyboardEvent): 1 | -1 | null {
  const tgt = e.target as HTMLElement | null;
  if (tgt?.getAttribute('role') !== 'tab') return null;
  return e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : null;
}

/** A focused button keeps Space/Enter (activating it); a focused slider keeps arrows, Home, End, Page keys. */
export function keptByControl(e: KeyboardEvent): boolean {
  const tgt = e.target, k = e.key;
  if (tgt instanceof HTMLButtonElement && (k === ' ' || k === 'Enter')) return true;
  return tgt instanceof HTMLInputElement && tgt.type === 'range' && /^(Arrow|Home$|End$|Page)/.test(k);
}

export const KEYS_HELP = 'Keys: Space play/pause · ←/→ step · Home/End · +/− speed · [ / ] previous/next sequence · Shift+arrows move the selection · Enter pin · Esc unpin · 1/2/3 views';

/** What the panel's shortcuts act on (the App). */
export interface KeyHandler {
  readonly view: ViewName;
  readonly playback: Playback;
  setView(v: ViewName): void;
  focusTab(v: ViewName): void;
  unpin(): void;
  togglePlay(): void;
  setPlayback(p: Playback): void;
  stepSnapshot(delta: 1 | -1): void;
  /** After a handled key: the controls show the new state. */
  handled(): void;
}

/** A key press anywhere the panel hears keys: tab arrows, view keys, Esc, playback and sequence keys. */
export function onPanelKey(e: KeyboardEvent, h: KeyHandler): void {
  if (ignoredKey(e)) return;
  const dir = tabArrow(e);
  if (dir) {
    const next = neighbourView(h.view, dir);
    h.setView(next);
    h.focusTab(next);
    e.preventDefault();
    return;
  }
  if (keptByControl(e)) return;
  const a = keyAction(e.key, e.shiftKey, h.view, h.playback);
  if (!a) return;
  if (a.kind === 'view') h.setView(a.view);
  else if (a.kind === 'unpin') h.unpin();
  else if (a.kind === 'toggle-play') h.togglePlay();
  else if (a.kind === 'playback') h.setPlayback(a.playback);
  else h.stepSnapshot(a.delta);
  e.preventDefault();
  h.handled();
}

/** A key press in the network's scroller: Shift+arrows move the selection, Enter pins it. Returns the cell to pin. */
export function onNetworkKey(e: KeyboardEvent, cur: Cell, dims: { layers: number; steps: number }): Cell | null {
  const next = moveSelection(cur, e.key, e.shiftKey, dims);
  if (next) { e.preventDefault(); e.stopPropagation(); }
  return next;
}
