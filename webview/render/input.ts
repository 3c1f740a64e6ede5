/**
 * The panel's keyboard and wheel input, wired once: the shortcuts (keymap.ts), Shift+arrows/Enter in the
 * network, Ctrl +/−/0 and Ctrl+wheel (a pinch arrives as one) for the network's zoom.
 */
import type { ViewName } from '../model/persist';
import * as pb from '../model/playback';
import type { Cell } from '../model/session';
import { nextZoom, wheelZoom, zoomKey } from '../model/zoom';
import type { SnapshotEvent } from '../../src/shared/events';
import { onNetworkKey, onPanelKey, type KeyHandler } from './keymap';

/** What the input acts on (the App). */
export interface InputHost {
  readonly ui: { view: ViewName; pinned: Cell | null };
  readonly playback: pb.Playback;
  readonly snapshot: SnapshotEvent | null;
  setView(v: ViewName): void;
  focusTab(v: ViewName): void;
  pin(cell: Cell | null): void;
  hideTooltip(): void;
  togglePlay(): void;
  setPlayback(p: pb.Playback): void;
  selectSnapshotIndex(i: number): void;
  snapIndex(): number;
  refreshControls(): void;
  scrollToColumn(t: number): void;
  /** The zoom menu's setting (0 = fit width) and the zoom drawn now. */
  zoom(): { setting: number; drawn: number };
  setZoom(z: number): void;
}

/**
 * `keyTarget`: where shortcuts are heard (the document, or a notebook output's element). The zoom keys are taken
 * in the capture phase and stopped there, so VS Code does not zoom the whole window as well (its webview
 * script listens on the window, bubbling).
 */
export function wireInput(app: InputHost, keyTarget: Document | HTMLElement, scroller: HTMLElement): void {
  scroller.addEventListener('keydown', (e) => {
    const s = app.snapshot;
    if (!s) return;
    const next = onNetworkKey(e, app.ui.pinned ?? { layer: s.hidden.layers - 1, t: pb.phaseAt(app.playback).t }, s.hidden);
    if (next) { app.pin(next); app.scrollToColumn(next.t); }
  });
  const keys: KeyHandler = {
    get view() { return app.ui.view; }, get playback() { return app.playback; },
    setView: (v) => app.setView(v), focusTab: (v) => app.focusTab(v), unpin: () => { app.pin(null); app.hideTooltip(); },
    togglePlay: () => app.togglePlay(), setPlayback: (p) => app.setPlayback(p),
    stepSnapshot: (d) => app.selectSnapshotIndex(app.snapIndex() + d), handled: () => app.refreshControls(),
  };
  keyTarget.addEventListener('keydown', (e) => onPanelKey(e as KeyboardEvent, keys));
  const zoomBy = (dir: 1 | -1 | 0) => { const z = app.zoom(); app.setZoom(nextZoom(z.setting, dir, z.drawn)); };
  const zoomTarget: EventTarget = keyTarget instanceof Document ? window : keyTarget;
  zoomTarget.addEventListener('keydown', (ev) => {
    const e = ev as KeyboardEvent;
    const dir = zoomKey(e);
    if (dir === null || !app.snapshot || app.ui.view !== 'network') return;
    e.preventDefault();
    e.stopPropagation();
    zoomBy(dir);
  }, { capture: true });
  let acc = 0;
  scroller.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault(); // no page zoom, no scroll
    e.stopPropagation();
    const w = wheelZoom(acc, e.deltaY, e.deltaMode);
    acc = w.acc;
    if (w.dir) zoomBy(w.dir);
  }, { passive: false });
}
