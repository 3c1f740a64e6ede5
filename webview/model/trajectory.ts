/**
 * Edit the text, see the trajectory change (issue 14, item 3): the previous and the new Predict answer side by
 * side — P(positive) as if the review ended at each word (the snapshots' running probability), and per step the
 * distance ‖h_t − h′_t‖ between the two runs' top-layer states: where the texts' states part and re-join. Pure;
 * every number comes from the two snapshots.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import { fmt } from './format';

export interface Trajectory {
  /** Steps drawn: the longer of the two texts (words read). */
  steps: number;
  /** P(positive) per word read, previous and new run (each as long as its text). */
  prev: number[];
  next: number[];
  /** ‖h_t − h′_t‖₂ of the top layer at each step both runs computed. */
  diff: number[];
  maxDiff: number;
  /** The words at each step, previous and new ('' past a text's end). */
  prevWords: string[];
  nextWords: string[];
  /** The first step whose states differ, and the first after it from which they stay within 10 % of the largest distance. */
  partAt: number | null;
  rejoinAt: number | null;
  sentence: string;
}

/** A difference smaller than this is float noise, not a parting of the ways. */
export const SAME_STATE = 1e-6;

export function trajectory(prev: SnapshotEvent, next: SnapshotEvent): Trajectory | null {
  if (!prev.runningProb || !next.runningProb || prev.hidden.units !== next.hidden.units ||
    prev.hidden.layers !== next.hidden.layers) return null;
  const la = Math.min(prev.length, prev.hidden.steps), lb = Math.min(next.length, next.hidden.steps);
  const steps = Math.max(la, lb);
  const H = next.hidden.units, L = next.hidden.layers, top = L - 1;
  const both = Math.min(steps, prev.hidden.steps, next.hidden.steps);
  const diff: number[] = [];
  for (let t = 0; t < both; t++) {
    const oa = (top * prev.hidden.steps + t) * H, ob = (top * next.hidden.steps + t) * H;
    let s = 0;
    for (let u = 0; u < H; u++) { const d = prev.hidden.data[oa + u] - next.hidden.data[ob + u]; s += d * d; }
    diff.push(Math.sqrt(s));
  }
  const maxDiff = diff.reduce((m, d) => (Number.isFinite(d) && d > m ? d : m), 0);
  const partAt = diff.findIndex((d) => d > SAME_STATE);
  let rejoinAt: number | null = null;
  if (partAt >= 0) {
    for (let t = diff.length - 1; t > partAt; t--) {
      if (diff[t] > 0.1 * maxDiff) break;
      rejoinAt = t;
    }
  }
  const words = (s: SnapshotEvent, n: number) => Array.from({ length: steps }, (_, t) => (t < n ? s.tokens[t] ?? '' : ''));
  const prevWords = words(prev, la), nextWords = words(next, lb);
  const pa = Array.from(prev.runningProb.subarray(0, la)), pb = Array.from(next.runningProb.subarray(0, lb));
  return {
    steps, prev: pa, next: pb, diff, maxDiff, prevWords, nextWords, partAt: partAt >= 0 ? partAt : null, rejoinAt,
    sentence: sentenceOf(pa, pb, partAt >= 0 ? partAt : null, rejoinAt, maxDiff, prevWords, nextWords),
  };
}

function sentenceOf(pa: number[], pb: number[], partAt: number | null, rejoinAt: number | null, maxDiff: number, wa: string[],
  wb: string[]): string {
  const end = (p: number[]) => (p.length ? fmt(p[p.length - 1], 3) : '—');
  const ends = `P(positive) at the last word: ${end(pa)} before, ${end(pb)} now.`;
  if (partAt === null) return `The two texts leave the same states at every step. ${ends}`;
  const at = `t = ${partAt} (“${wa[partAt] || '—'}” → “${wb[partAt] || '—'}”)`;
  const rejoin = rejoinAt === null ? 'and stay apart to the end' : `and come back within 10 % of that from t = ${rejoinAt} on`;
  return `The states part at ${at}, at most ${fmt(maxDiff, 3)} apart, ${rejoin}. ${ends}`;
}
