/**
 * The demos' warnings as notifications (issue 16 case 7: "warn, CLI and extension"). The CLI prints every
 * `warn` log line on the terminal; in the extension they went only to the Output log, where a student does not
 * look — a training set of one class, GloVe matching no word, a first GloVe line of the wrong width, updates
 * skipped for a non-finite gradient, words contributing nothing. Pure (text only): the controller shows them.
 */
import type { DemoEvent } from '../shared/events';

/** Notifications one run may raise; the rest are counted in one last notification. */
export const MAX_WARNINGS_PER_RUN = 3;

/** Lines that only confirm the user's own Stop (the stop itself is reported once, by the controller). */
const STOP_CONFIRMATION = /^Training stopped (during|after) /;

/** Which of a run's warnings to show; a run's events arrive in batches, so it keeps count per run. */
export class RunWarnings {
  private readonly shown = new Map<number, { count: number; more: number }>();

  /** The notification texts for these events of run `runId` (usually none). */
  take(runId: number, events: readonly DemoEvent[]): string[] {
    const out: string[] = [];
    let s = this.shown.get(runId);
    for (const ev of events) {
      if (ev.type !== 'log' || ev.level !== 'warn' || STOP_CONFIRMATION.test(ev.text)) continue;
      s ??= { count: 0, more: 0 };
      if (s.count < MAX_WARNINGS_PER_RUN) {
        s.count++;
        out.push(`Unrolled: ${ev.text}`);
      } else {
        s.more++;
      }
    }
    if (s) this.shown.set(runId, s);
    return out;
  }

  /** At the run's end: one line for warnings not shown (null when none), and the run is forgotten. */
  finish(runId: number): string | null {
    const s = this.shown.get(runId);
    this.shown.delete(runId);
    if (!s || s.more === 0) return null;
    return `Unrolled: ${s.more} more warning${s.more === 1 ? '' : 's'} of this run in the Output log (Unrolled).`;
  }
}
