/**
 * Keeps every snapshot a run produced, so the visualizer can scrub back to any step even when the
 * throttle did not send it. Bounded by bytes: past the budget the oldest snapshots are dropped (the first
 * one of the run is kept, so "the start" is always there). Pure.
 */
import type { SnapshotEvent } from '../shared/events';
import { typedBytes } from '../shared/transfer';

export const DEFAULT_STORE_BYTES = 256 * 1024 * 1024;

export class SnapshotStore {
  private readonly byId = new Map<number, { ev: SnapshotEvent; bytes: number }>();
  private bytes = 0;
  private firstId: number | undefined;

  constructor(readonly runId: number, private readonly budget = DEFAULT_STORE_BYTES) {}

  add(ev: SnapshotEvent): void {
    const bytes = typedBytes(ev);
    const old = this.byId.get(ev.id);
    if (old) this.bytes -= old.bytes;
    this.byId.delete(ev.id);
    this.byId.set(ev.id, { ev, bytes });
    this.bytes += bytes;
    if (this.firstId === undefined) this.firstId = ev.id;
    // Map iterates in insertion order: evict the oldest, but keep the run's first and the newest.
    for (const [id, entry] of this.byId) {
      if (this.bytes <= this.budget || this.byId.size <= 2) break;
      if (id === this.firstId || id === ev.id) continue;
      this.byId.delete(id);
      this.bytes -= entry.bytes;
    }
  }

  get(id: number): SnapshotEvent | undefined {
    return this.byId.get(id)?.ev;
  }

  get size(): number {
    return this.byId.size;
  }

  get storedBytes(): number {
    return this.bytes;
  }

  ids(): number[] {
    return [...this.byId.keys()];
  }
}
