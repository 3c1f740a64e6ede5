/**
 * The last run shown in the visualizer, as a file in the extension's storage, so a panel that VS Code
 * restores after a window reload (or reopens after a restart) can show it again: the extension host and
 * its worker start afresh then, and the webview keeps only its small UI state.
 *
 * Format: one JSON object `{ format: "unrolled-saved-run", version: 1, runId, demo, title, status,
 * message?, savedAt, events }`, events encoded like a recording (Float32Arrays as base64, NaN/∞ tagged).
 * Snapshots past a byte budget are left out, oldest first; every other event is kept. Pure: no vscode.
 */
import { DEMO_NAMES, type DemoEvent, type DemoName } from '../shared/events';
import { readEventsFile, RecordingError, toJsonSafe } from '../demos/recording';
import type { RunEndMessage } from '../shared/protocol';
import { typedBytes } from '../shared/transfer';
import { RunRecord } from './run-record';
import { RUN_END_STATUSES } from '../shared/names';

export const SAVED_RUN_FORMAT = 'unrolled-saved-run';
export const SAVED_RUN_VERSION = 1;
/** Float data kept in the file at most (the base64 text is 4/3 of it). */
export const SAVED_RUN_BUDGET = 8 * 1024 * 1024;

/** A saved run that cannot be read; the message names what and where. */
export class SavedRunError extends Error {
  override readonly name = 'SavedRunError';
}

const END_STATES: ReadonlySet<RunEndMessage['status']> = new Set(RUN_END_STATUSES);

/** The events worth saving: all but the oldest snapshots that do not fit the budget. */
export function eventsToSave(rec: RunRecord, budget = SAVED_RUN_BUDGET): DemoEvent[] {
  const events = rec.batches.flatMap((b) => b.events);
  const keep = new Set<DemoEvent>();
  let bytes = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type !== 'snapshot') continue;
    const b = typedBytes([e]);
    if (bytes + b > budget) continue;
    bytes += b;
    keep.add(e);
  }
  return events.filter((e) => e.type !== 'snapshot' || keep.has(e));
}

/** The file's text for a run. A run still going is saved as it stands, marked cancelled (the worker that
 * ran it is gone once the file is read back). */
export function encodeSavedRun(rec: RunRecord, savedAt: Date, budget = SAVED_RUN_BUDGET): string {
  const status = rec.end?.status ?? 'cancelled';
  const message = rec.end ? rec.end.message : 'the window was reloaded while it ran';
  return JSON.stringify({
    format: SAVED_RUN_FORMAT,
    version: SAVED_RUN_VERSION,
    runId: rec.runId,
    demo: rec.demo,
    title: rec.title,
    status,
    ...(message ? { message } : {}),
    savedAt: savedAt.toISOString(),
    events: eventsToSave(rec, budget).map(toJsonSafe),
  });
}

/** Characters of encoded events after which the async encoder lets the event loop run. */
const YIELD_EVERY_CHARS = 256 * 1024;

/**
 * The same text as encodeSavedRun, built one event at a time with a pause (`pause`, default setImmediate)
 * after every ~256 KB: a training run's snapshots are megabytes of base64, and encoding them in one call held
 * the extension host for up to 102 ms while both cores trained (CPU profile in code-server,
 * test/integration/suite/host-profile.vscode.test.ts). The events are taken when it is called.
 */
export async function encodeSavedRunAsync(rec: RunRecord, savedAt: Date, budget = SAVED_RUN_BUDGET,
  pause: () => Promise<void> = () => new Promise((r) => setImmediate(r))): Promise<string> {
  const events = eventsToSave(rec, budget);
  const status = rec.end?.status ?? 'cancelled';
  const message = rec.end ? rec.end.message : 'the window was reloaded while it ran';
  const head = JSON.stringify({
    format: SAVED_RUN_FORMAT, version: SAVED_RUN_VERSION, runId: rec.runId, demo: rec.demo, title: rec.title, status,
    ...(message ? { message } : {}), savedAt: savedAt.toISOString(), events: [],
  });
  const parts: string[] = [];
  let since = 0;
  for (const e of events) {
    const part = JSON.stringify(toJsonSafe(e));
    parts.push(part);
    since += part.length;
    if (since >= YIELD_EVERY_CHARS) {
      since = 0;
      await pause();
    }
  }
  // head ends with "events":[]} — the events go between the brackets.
  return `${head.slice(0, -2)}${parts.join(',')}]}`;
}

/** Read a saved run back as a finished record (its snapshots answered from the record, not a worker). */
export function decodeSavedRun(text: string): RunRecord {
  let r: Record<string, unknown>;
  let events: DemoEvent[];
  try {
    ({ fields: r, events } = readEventsFile(text, SAVED_RUN_FORMAT, SAVED_RUN_VERSION, 'a saved-run object'));
  } catch (e) {
    throw e instanceof RecordingError ? new SavedRunError(e.message) : e;
  }
  if (typeof r.runId !== 'number' || !Number.isSafeInteger(r.runId) || r.runId < 1) throw new SavedRunError(`runId must be a positive integer, not ${JSON.stringify(r.runId)}`);
  if (typeof r.demo !== 'string' || !(DEMO_NAMES as readonly string[]).includes(r.demo)) throw new SavedRunError(`unknown demo ${JSON.stringify(r.demo)}`);
  if (typeof r.title !== 'string') throw new SavedRunError('title must be a string');
  if (typeof r.status !== 'string' || !END_STATES.has(r.status as RunEndMessage['status'])) throw new SavedRunError(`status must be done, cancelled or error, not ${JSON.stringify(r.status)}`);
  if (r.message !== undefined && typeof r.message !== 'string') throw new SavedRunError('message must be a string');
  const rec = new RunRecord(r.runId, r.demo as DemoName, r.title, false);
  rec.add(events);
  const status = r.status as RunEndMessage['status'];
  rec.finish({ type: 'run-end', runId: r.runId, status, ...(typeof r.message === 'string' ? { message: r.message } : {}) });
  return rec;
}
