/**
 * The panel's session decisions as pure functions (no DOM): which view a run opens in, which snapshot is
 * shown as events stream in, where playback lands on a new snapshot, what a click, a key or the
 * sequence scrubber selects, and what is saved. webview/render/app.ts applies them and draws.
 */
import type { DemoName, SnapshotEvent } from '../../src/shared/events';
import type { RunState } from './store';
import * as pb from './playback';
import type { PersistedState, UiState, ViewName } from './persist';
import type { Hit } from './layout';
import { positionLabel, snapshotLabel } from './story';
import { isTrainingDemo as isTrainingRun } from './dashboard';

export interface Cell { layer: number; t: number }

/** The tabs in order, with their labels and shortcut keys. */
export const VIEWS: ReadonlyArray<readonly [ViewName, string, string]> = [['network', 'Network', '1'], ['training', 'Training', '2'], ['predict', 'Predict', '3']];

/** Runs that fill the dashboard (one definition, in dashboard.ts). */
export function isTrainingDemo(demo: DemoName | null): boolean {
  return isTrainingRun(demo);
}

/** The view a new run opens in: training runs on the dashboard, Predict keeps the current view, the rest on the network. */
export function viewForRun(demo: DemoName | null, current: ViewName, restoringView?: ViewName): ViewName {
  if (restoringView) return restoringView;
  return isTrainingDemo(demo) ? 'training' : demo === 'predict' ? 'predict' : 'network';
}

/** Snapshot ids known to exist (here or stored by the host): a sorted set. Returns a new array. */
export function mergeSnapshotIds(known: readonly number[], ids: Iterable<number>): number[] {
  const out = known.slice();
  for (const id of ids) if (!out.includes(id)) out.push(id);
  return out.sort((a, b) => a - b);
}

/** Index of the shown snapshot among the known ids; the newest when it is not among them (e.g. live). */
export function snapshotIndex(known: readonly number[], shownId: number | undefined): number {
  const i = shownId === undefined ? -1 : known.indexOf(shownId);
  return i < 0 ? known.length - 1 : i;
}

/** The scrubber selects index i (clamped): the id to show, and the id to hold (null: follow the newest). */
export function selectSnapshot(known: readonly number[], i: number): { id: number; hold: number | null } | null {
  if (!known.length) return null;
  const idx = Math.max(0, Math.min(known.length - 1, i));
  const id = known[idx];
  return { id, hold: idx === known.length - 1 ? null : id };
}

/** What to show after events arrived: a new stored snapshot, the live one, or nothing new. */
export type IngestDecision =
  | { kind: 'snapshot'; snapshot: SnapshotEvent; autoplay: boolean; seekEnd: boolean }
  | { kind: 'live'; seekT: number }
  | { kind: 'none' };

/**
 * `before`/`hadLive`: the number of snapshots and live steps before the events were applied to `run`.
 * Training follows the newest snapshot; other demos play the first snapshot from the start and leave
 * later ones (e.g. vanishing's 4-token sequence) a click away in the scrubber. A held snapshot stays.
 */
export function afterIngest(run: RunState, held: number | null, before: number, hadLive: number): IngestDecision {
  if (held !== null) return { kind: 'none' };
  const training = isTrainingDemo(run.demo);
  const newest = run.snapshots[run.snapshots.length - 1];
  if (run.snapshots.length !== before && newest && (training || before === 0)) {
    const first = before === 0 && !hadLive;
    const autoplay = first && !training;
    return { kind: 'snapshot', snapshot: training ? newest : run.snapshots[before], autoplay, seekEnd: !autoplay && !first };
  }
  if (run.liveSteps.length) return { kind: 'live', seekT: run.liveSteps[run.liveSteps.length - 1].t };
  return { kind: 'none' };
}

/** Playback for a newly shown snapshot: the same shape keeps its position, another starts at the end; autoplay plays from 0. */
export function playbackFor(prev: pb.Playback, prevShown: SnapshotEvent | null, s: SnapshotEvent, autoplay: boolean): pb.Playback {
  const same = !!prevShown && prevShown.hidden.steps === s.hidden.steps && !!prevShown.hiddenGradNorm === !!s.hiddenGradNorm;
  const fresh = pb.newPlayback(s.hidden.steps, !!s.hiddenGradNorm, prev.speed);
  if (autoplay) return pb.play(pb.seek(fresh, 0));
  return same ? { ...fresh, pos: Math.min(prev.pos, pb.total(fresh) - 1) } : pb.seek(fresh, pb.total(fresh) - 1);
}

/** A pinned cell survives a new snapshot only if the snapshot has it. */
export function keepPinned(pinned: Cell | null, s: SnapshotEvent): Cell | null {
  return pinned && (pinned.t >= s.hidden.steps || pinned.layer >= s.hidden.layers) ? null : pinned;
}

/** A click pins the cell (a token: layer 0, the probability strip: the top layer); clicking the pinned cell unpins. */
export function clickPin(pinned: Cell | null, h: Hit | null, layers: number): { pin: Cell | null } | null {
  if (!h || h.kind === 'output') return null;
  const layer = h.kind === 'token' ? 0 : h.kind === 'prob' ? layers - 1 : h.layer;
  const same = !!pinned && pinned.layer === layer && pinned.t === h.t;
  return { pin: same ? null : { layer, t: h.t } };
}

/** Shift+arrows move the selection (from the pinned cell, else the active column's top cell); Enter pins it. */
export function moveSelection(cur: Cell, key: string, shift: boolean, dims: { layers: number; steps: number }): Cell | null {
  if (shift && key === 'ArrowRight') return { ...cur, t: Math.min(dims.steps - 1, cur.t + 1) };
  if (shift && key === 'ArrowLeft') return { ...cur, t: Math.max(0, cur.t - 1) };
  if (shift && key === 'ArrowUp') return { ...cur, layer: Math.min(dims.layers - 1, cur.layer + 1) };
  if (shift && key === 'ArrowDown') return { ...cur, layer: Math.max(0, cur.layer - 1) };
  if (key === 'Enter') return cur;
  return null;
}

export type KeyAction =
  | { kind: 'view'; view: ViewName }
  | { kind: 'unpin' }
  | { kind: 'toggle-play' }
  | { kind: 'playback'; playback: pb.Playback }
  | { kind: 'snapshot-step'; delta: 1 | -1 };

/** The panel's keyboard shortcuts (after focus rules): playback keys only on the network view and without Shift. */
export function keyAction(key: string, shift: boolean, view: ViewName, p: pb.Playback): KeyAction | null {
  const tab = VIEWS.find((v) => v[2] === key);
  if (tab) return { kind: 'view', view: tab[0] };
  if (key === 'Escape') return { kind: 'unpin' };
  if (view !== 'network' || (shift && key !== '+')) return null; // '+' needs Shift on most layouts
  switch (key) {
    case ' ': case 'k': return { kind: 'toggle-play' };
    case 'ArrowRight': case 'l': return { kind: 'playback', playback: pb.step(p, 1) };
    case 'ArrowLeft': case 'j': return { kind: 'playback', playback: pb.step(p, -1) };
    case 'Home': return { kind: 'playback', playback: pb.seek(pb.pause(p), 0) };
    case 'End': return { kind: 'playback', playback: pb.seek(pb.pause(p), Number.MAX_SAFE_INTEGER) };
    case '+': case '=': return { kind: 'playback', playback: pb.nudgeSpeed(p, 1) };
    case '-': return { kind: 'playback', playback: pb.nudgeSpeed(p, -1) };
    case '[': return { kind: 'snapshot-step', delta: -1 };
    case ']': return { kind: 'snapshot-step', delta: 1 };
    default: return null;
  }
}

/** The tab an arrow key moves to (wrapping), per the ARIA tabs pattern. */
export function neighbourView(current: ViewName, dir: 1 | -1): ViewName {
  const names = VIEWS.map((v) => v[0]);
  return names[(names.indexOf(current) + (dir === 1 ? 1 : names.length - 1)) % names.length];
}

/** The scrubber's label: "2 of 5 · epoch 1" (empty without a snapshot). */
export function snapshotCounter(index: number, count: number, label: string | undefined): string {
  return `${index + 1} of ${count}${label ? ` · ${label}` : ''}`;
}

/** What is saved for a window reload: the UI (with the clock's position) and which run it showed, no run data. */
export function persistedState(ui: UiState, p: pb.Playback, shown: SnapshotEvent | null, run: RunState): PersistedState {
  return {
    version: 1, ui: { ...ui, pos: p.pos, speed: p.speed, shownId: shown?.id ?? null },
    run: run.runId ? { runId: run.runId, demo: run.demo, title: run.title, status: run.status } : null,
  };
}

/** After the replay of a restored run: the snapshot id to show again (held, else the one shown), or null. */
export function restoreTarget(saved: UiState): number | null {
  return saved.snapshotId ?? saved.shownId ?? null;
}

/** Which snapshot ids exist (here or stored by the host), and the requests for one that are in flight. */
export class SnapshotCatalog {
  ids: number[] = [];
  private seq = 1;
  private readonly pending = new Map<number, number>();

  add(ids: Iterable<number>): void { this.ids = mergeSnapshotIds(this.ids, ids); }
  clear(): void { this.ids = []; }
  /** A new request id for a snapshot of run `runId`. */
  request(runId: number): number {
    const id = this.seq++;
    this.pending.set(id, runId);
    return id;
  }
  /** The run an answer's request was for (each request answers once), or undefined. */
  take(requestId: number): number | undefined {
    const runId = this.pending.get(requestId);
    this.pending.delete(requestId);
    return runId;
  }
}

/** What the playback controls show: position, play state, speed, the step label and the sequence scrubber. */
export interface ControlsView {
  pos: number; total: number; playing: boolean; speed: number; label: string; ordinal?: string;
  snapIndex: number; snapCount: number; snapLabel: string;
}

export function controlsView(p: pb.Playback, s: SnapshotEvent | null, ids: readonly number[]): ControlsView {
  const where = s ? positionLabel(s, pb.phaseAt(p)) : null;
  const idx = snapshotIndex(ids, s?.id);
  const snapLabel = s ? snapshotCounter(idx, ids.length, s.label ? snapshotLabel(s.label) : undefined) : '';
  return { pos: p.pos, total: pb.total(p), playing: p.playing, speed: p.speed, label: where?.main ?? '', ordinal: where?.ordinal, snapIndex: Math.max(0, idx), snapCount: ids.length, snapLabel };
}
