/**
 * What a lesson keeps of a cell's run in the saved file. Snapshots are the heavy events (a training run
 * takes one per epoch; at the notebook shape each holds ~0.7 MB of float32 data, 0.93 MB as base64 text,
 * and ~25× that at `--hidden 256 --seq-length 500`), so past a byte budget only an evenly spaced subset of
 * them is stored — the first and the last always among them, so every question's answer (computed from the
 * first snapshot with gradients, or from the evaluations) is the same as the live run's. Every other event
 * (each batch's loss, each epoch, the test figures) is kept whole. The output says what was left out.
 * Pure: no vscode.
 */
import type { DemoEvent, SnapshotEvent } from '../shared/events';
import { typedBytes } from '../shared/transfer';

/** Float data of snapshots one cell's saved output may hold (its base64 text is 4/3 of it). */
export const LESSON_SNAPSHOT_BUDGET = 4 * 1024 * 1024;

export interface StoredRun {
  events: DemoEvent[];
  /** Snapshots kept, and how many the run had. */
  kept: number;
  total: number;
  /** Said in the output when snapshots were left out. */
  note?: string;
}

/** k indices spread evenly over 0..n-1, the first and the last among them (k ≥ 2, n ≥ k). */
export function evenlySpaced(n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  if (k <= 1) return [n - 1];
  const out = new Set<number>();
  for (let i = 0; i < k; i++) out.add(Math.round((i * (n - 1)) / (k - 1)));
  return [...out].sort((a, b) => a - b);
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** The events to save for a cell: all of them, or (past the budget) every event but some snapshots. */
export function eventsToStore(events: readonly DemoEvent[], budget = LESSON_SNAPSHOT_BUDGET): StoredRun {
  const snaps = events.filter((e): e is SnapshotEvent => e.type === 'snapshot');
  const sizes = snaps.map((s) => typedBytes(s));
  const all = sizes.reduce((a, b) => a + b, 0);
  if (all <= budget) return { events: [...events], kept: snaps.length, total: snaps.length };
  // The most evenly spaced snapshots that fit; never fewer than the first and the last.
  let pick = evenlySpaced(snaps.length, 2);
  for (let k = snaps.length - 1; k > 2; k--) {
    const p = evenlySpaced(snaps.length, k);
    if (p.reduce((s, i) => s + sizes[i], 0) <= budget) {
      pick = p;
      break;
    }
  }
  const keep = new Set(pick.map((i) => snaps[i]));
  const bytes = pick.reduce((s, i) => s + sizes[i], 0);
  const note = `Saved in the lesson: ${keep.size} of the run's ${snaps.length} snapshots (evenly spaced, the first and the last ` +
    `among them; ${mb(bytes)} of ${mb(all)}), so the file stays small. Every batch, epoch and test figure is kept; run the cell again to see every snapshot.`;
  return { events: events.filter((e) => e.type !== 'snapshot' || keep.has(e)), kept: keep.size, total: snaps.length, note };
}
