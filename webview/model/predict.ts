/**
 * The predict box: which answer is current (requests are numbered; a late answer to an older text is
 * ignored) and what to show from the answer's events — prediction, confidence, each token coloured by
 * its contribution, unknown words marked.
 */
import type { DemoEvent, SnapshotEvent, TokensEvent, OutputEvent } from '../../src/demos/events';
import { normalizeEvent } from './arrays';
import { fmt } from './format';
import { readoutNote } from './story';

/** Wait this long after the last keystroke before asking (the engine answers in ≤ 30 ms). */
export const PREDICT_DEBOUNCE_MS = 150;

export class PredictTracker {
  private lastSent = 0;
  private lastText: string | null = null;
  /** The id for a new request, or null when the text has not changed since the last request. */
  next(text: string): number | null {
    if (text === this.lastText) return null;
    this.lastText = text;
    return ++this.lastSent;
  }
  /** Whether an answer is for the latest request (older answers are dropped). */
  isCurrent(requestId: number): boolean {
    return requestId === this.lastSent;
  }
}

export interface PredictToken { text: string; unknown: boolean; contribution: number | null; title: string }
export interface PredictView {
  label: 'Positive' | 'Negative' | null;
  confidence: number | null;
  probs: number[];
  tokens: PredictToken[];
  unknownCount: number;
  /** Largest |contribution|: the colour scale's end. */
  contributionRange: number;
  error: string | null;
  snapshot: SnapshotEvent | null;
  /** Why the answer hardly depends on the text (the notebook's `final` readout after padding), or null. */
  note: string | null;
}

export function predictView(events: readonly DemoEvent[], error?: string): PredictView {
  let tokens: TokensEvent | null = null, output: OutputEvent | null = null, snapshot: SnapshotEvent | null = null;
  for (const raw of events) {
    const e = normalizeEvent(raw);
    if (e.type === 'tokens') tokens = e;
    else if (e.type === 'output') output = e;
    else if (e.type === 'snapshot') snapshot = e;
  }
  const words = tokens?.tokens ?? snapshot?.tokens.slice(0, snapshot.length) ?? [];
  const unknown = tokens?.unknown ?? snapshot?.unknown ?? [];
  const n = tokens ? Math.min(tokens.length, words.length) : words.length;
  const contrib = snapshot?.contribution ?? null;
  let range = 0;
  const list: PredictToken[] = [];
  for (let i = 0; i < n; i++) {
    const c = contrib && i < contrib.length ? contrib[i] : null;
    if (c !== null && Number.isFinite(c)) range = Math.max(range, Math.abs(c));
    const unk = !!unknown[i];
    const title = `“${words[i]}”${unk ? ' — unknown word (not in the vocabulary; the model sees the padding id 0)' : ''}${c !== null ? ` — contribution to “positive”: ${fmt(c, 4)}` : ''}`;
    list.push({ text: words[i], unknown: unk, contribution: c, title });
  }
  const probs = output?.probs ?? snapshot?.probs ?? [];
  const predicted = output?.predicted ?? (probs.length === 2 ? (probs[1] > probs[0] ? 1 : 0) : null);
  return {
    label: predicted === null ? null : predicted === 1 ? 'Positive' : 'Negative',
    confidence: predicted === null || probs.length <= predicted ? null : probs[predicted],
    probs, tokens: list, unknownCount: list.filter((t) => t.unknown).length, contributionRange: range || 1,
    error: error ?? null, snapshot, note: snapshot ? readoutNote(snapshot) : null,
  };
}
