/**
 * Question cells (predict, then reveal): a question a teacher attaches to an Unrolled cell, the choices a
 * student picks from, and the engine's answer computed from the cell's own event stream (never written in
 * the lesson). Pure code: the renderer (webview) and the host both use it; tested under plain mocha.
 */
import type { DemoEvent, SnapshotEvent } from './events';
import { sentimentLabel } from './events';

/** What the question asks; each kind knows how to find the engine's answer in the events. */
export const QUESTION_ASKS = [
  /** The real word whose input gradient ‖∂L/∂x_t‖ is the smallest (first snapshot with gradients). */
  'smallest-gradient-word',
  /** The real word whose input gradient is the largest. */
  'largest-gradient-word',
  /** The word with the largest |contribution| to the positive logit (predict / analyze). */
  'strongest-word',
  /** Positive or Negative: the model's predicted class. */
  'predicted-class',
  /** Yes or no: the test accuracy is above `threshold` percent. */
  'test-accuracy-above',
  /** Yes or no: the gradient norm before clipping is larger than the clipping threshold. */
  'clipping-needed',
  /** Which of the snapshots' first tokens gets the larger input gradient (vanishing: 100 vs 4 tokens). */
  'larger-first-token-gradient',
  /** Which series (Compare Readouts) scores the higher test accuracy. */
  'better-series',
] as const;
export type QuestionAsk = (typeof QUESTION_ASKS)[number];

export interface Question {
  /** Stable id: the student's answer is kept under it in the lesson's metadata. */
  id: string;
  prompt: string;
  ask: QuestionAsk;
  /** For test-accuracy-above: percent. */
  threshold?: number;
}

export interface Choice {
  id: string;
  label: string;
}

export interface EngineAnswer {
  /** The id of the right choice. */
  answer: string;
  /** One sentence with the figures behind the answer. */
  explain: string;
}

export type QuestionResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Validate a question as written in a lesson file (untrusted text). */
export function parseQuestion(raw: unknown): QuestionResult<Question> {
  if (!isRecord(raw)) return { ok: false, reason: 'must be an object' };
  if (typeof raw.id !== 'string' || !/^[\w.-]{1,64}$/.test(raw.id)) return { ok: false, reason: '"id" must be 1-64 letters, digits, "_", "." or "-"' };
  if (typeof raw.prompt !== 'string' || raw.prompt.trim() === '') return { ok: false, reason: '"prompt" must be a non-empty string' };
  if (typeof raw.ask !== 'string' || !(QUESTION_ASKS as readonly string[]).includes(raw.ask)) {
    return { ok: false, reason: `"ask" must be one of ${QUESTION_ASKS.join(', ')}, not ${JSON.stringify(raw.ask)}` };
  }
  const q: Question = { id: raw.id, prompt: raw.prompt, ask: raw.ask as QuestionAsk };
  if (q.ask === 'test-accuracy-above') {
    if (typeof raw.threshold !== 'number' || !(raw.threshold >= 0 && raw.threshold <= 100)) return { ok: false, reason: '"threshold" must be a percentage from 0 to 100' };
    q.threshold = raw.threshold;
  } else if (raw.threshold !== undefined) {
    return { ok: false, reason: `"threshold" belongs to test-accuracy-above questions, not ${q.ask}` };
  }
  return { ok: true, value: q };
}

const snapshots = (events: readonly DemoEvent[]): SnapshotEvent[] => events.filter((e): e is SnapshotEvent => e.type === 'snapshot');
const fmt = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2));

function gradSnapshot(events: readonly DemoEvent[]): SnapshotEvent | undefined {
  return snapshots(events).find((s) => s.inputGradNorm && s.length > 0);
}

/** The real words of the snapshot a word question is about (the clickable choices), with their step. */
function wordChoices(s: SnapshotEvent | undefined): Choice[] {
  if (!s) return [];
  return s.tokens.slice(0, s.length).map((w, t) => ({ id: String(t), label: w }));
}

function yesNo(): Choice[] {
  return [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }];
}

function testEvals(events: readonly DemoEvent[]) {
  return events.filter((e): e is Extract<DemoEvent, { type: 'eval' }> => e.type === 'eval' && e.split === 'test');
}

/** What the student may pick, read from the cell's events (the words it read, the series it trained). */
export function choicesFor(q: Question, events: readonly DemoEvent[]): Choice[] {
  switch (q.ask) {
    case 'smallest-gradient-word':
    case 'largest-gradient-word':
      return wordChoices(gradSnapshot(events));
    case 'strongest-word': {
      const s = snapshots(events).find((x) => x.contribution);
      return wordChoices(s);
    }
    case 'predicted-class':
      return [{ id: '1', label: sentimentLabel(1) }, { id: '0', label: sentimentLabel(0) }];
    case 'test-accuracy-above':
    case 'clipping-needed':
      return yesNo();
    case 'larger-first-token-gradient':
      return snapshots(events).filter((s) => s.inputGradNorm).map((s) => ({ id: String(s.id), label: s.label ?? `sequence ${s.id}` }));
    case 'better-series':
      return [...new Set(testEvals(events).map((e) => e.series).filter((x): x is string => !!x))].map((s) => ({ id: s, label: s }));
  }
}

/** The engine's answer, from the events; an error names what the events lack (e.g. the cell was stopped). */
export function engineAnswer(q: Question, events: readonly DemoEvent[]): QuestionResult<EngineAnswer> {
  const missing = (what: string): QuestionResult<EngineAnswer> => ({ ok: false, reason: `the output has no ${what} (was the cell stopped early?)` });
  switch (q.ask) {
    case 'smallest-gradient-word':
    case 'largest-gradient-word': {
      const s = gradSnapshot(events);
      if (!s?.inputGradNorm) return missing('input gradients');
      const g = s.inputGradNorm;
      let best = 0;
      for (let t = 1; t < s.length; t++) if (q.ask === 'smallest-gradient-word' ? g[t] < g[best] : g[t] > g[best]) best = t;
      const other = q.ask === 'smallest-gradient-word' ? Math.max(...Array.from(g.subarray(0, s.length))) : Math.min(...Array.from(g.subarray(0, s.length)));
      return {
        ok: true,
        value: {
          answer: String(best),
          explain: `“${s.tokens[best]}” (word ${best + 1} of ${s.length}) gets ‖∂L/∂x‖ = ${fmt(g[best])}; ` +
            `the ${q.ask === 'smallest-gradient-word' ? 'largest' : 'smallest'} of the ${s.length} words gets ${fmt(other)}.`,
        },
      };
    }
    case 'strongest-word': {
      const s = snapshots(events).find((x) => x.contribution);
      if (!s?.contribution) return missing('contributions');
      let best = 0;
      for (let t = 1; t < s.length; t++) if (Math.abs(s.contribution[t]) > Math.abs(s.contribution[best])) best = t;
      const c = s.contribution[best];
      return { ok: true, value: { answer: String(best), explain: `“${s.tokens[best]}” contributes ${c >= 0 ? '+' : '−'}${fmt(Math.abs(c))} to the positive logit, the most of the ${s.length} words read.` } };
    }
    case 'predicted-class': {
      const out = [...events].reverse().find((e) => e.type === 'output');
      if (out?.type !== 'output') return missing('prediction');
      return { ok: true, value: { answer: String(out.predicted), explain: `The model says ${sentimentLabel(out.predicted)}: P(positive) = ${out.probs[1].toFixed(4)}.` } };
    }
    case 'test-accuracy-above': {
      const ev = testEvals(events);
      const last = ev[ev.length - 1];
      if (!last) return missing('test accuracy');
      const th = q.threshold ?? 50;
      return { ok: true, value: { answer: last.acc > th ? 'yes' : 'no', explain: `Test accuracy ${last.acc.toFixed(2)} % ${last.acc > th ? '>' : '≤'} ${th} %.` } };
    }
    case 'clipping-needed': {
      const clip = events.find((e) => e.type === 'clip');
      if (clip?.type !== 'clip') return missing('clipping step');
      const over = !(clip.before <= clip.maxNorm); // NaN and Infinity count as over
      return { ok: true, value: { answer: over ? 'yes' : 'no', explain: `The global gradient norm before clipping was ${fmt(clip.before)}, ${over ? 'above' : 'within'} the limit ${clip.maxNorm}; after clipping ${fmt(clip.after)}.` } };
    }
    case 'larger-first-token-gradient': {
      const ss = snapshots(events).filter((s) => s.inputGradNorm && s.length > 0);
      if (ss.length < 2) return missing('two sequences with gradients');
      const first = (s: SnapshotEvent): number => s.inputGradNorm![0];
      const best = ss.reduce((a, b) => (first(b) > first(a) ? b : a));
      return { ok: true, value: { answer: String(best.id), explain: ss.map((s) => `${s.label ?? `sequence ${s.id}`}: first token ‖∂L/∂x‖ = ${fmt(first(s))}`).join('; ') + '.' } };
    }
    case 'better-series': {
      const last = new Map<string, number>();
      for (const e of testEvals(events)) if (e.series) last.set(e.series, e.acc);
      if (last.size < 2) return missing('test accuracy for two series');
      const [best] = [...last].reduce((a, b) => (b[1] > a[1] ? b : a));
      return { ok: true, value: { answer: best, explain: [...last].map(([s, a]) => `${s}: ${a.toFixed(2)} %`).join(' vs ') + '.' } };
    }
  }
}

/** Whether a guess (a choice id) is right. Word questions are about one position: the same word elsewhere
 * in the text is another step with its own gradient, so it is not the answer. */
export function isCorrect(q: Question, events: readonly DemoEvent[], guess: string): QuestionResult<boolean> {
  const a = engineAnswer(q, events);
  return a.ok ? { ok: true, value: guess === a.value.answer } : a;
}
