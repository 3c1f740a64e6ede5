/**
 * Messages between the lesson renderer and the extension host (renderer messaging). What the renderer sends
 * is untrusted and is checked by `parseRendererMessage` on the host; the student's answer never leaves the
 * notebook (the host writes it into the notebook's metadata).
 */
export type RendererToHost =
  /** The student picked (guess) or cleared (no guess) an answer. */
  | { type: 'answer'; questionId: string; guess?: string; correct?: boolean }
  /** Which guess does the notebook keep for this question? */
  | { type: 'get-answer'; questionId: string }
  /** Is Unrolled: Presenter Mode on? (asked once by a freshly drawn output) */
  | { type: 'get-presenter' }
  | { type: 'log'; level: 'warn' | 'error'; message: string };

export type HostToRenderer =
  | { type: 'answer-state'; questionId: string; guess?: string }
  /** Unrolled: Presenter Mode on or off: every lesson output follows it (large type, 200 % zoom). */
  | { type: 'presenter'; on: boolean };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === 'string' && /^[\w.-]{1,64}$/.test(x);

export function parseRendererMessage(raw: unknown): RendererToHost | undefined {
  if (!isRecord(raw) || !isId(raw.questionId) && raw.type !== 'log' && raw.type !== 'get-presenter') return undefined;
  switch (raw.type) {
    case 'answer':
      if (raw.guess === undefined) return { type: 'answer', questionId: raw.questionId as string };
      if (typeof raw.guess !== 'string' || raw.guess.length > 200 || typeof raw.correct !== 'boolean') return undefined;
      return { type: 'answer', questionId: raw.questionId as string, guess: raw.guess, correct: raw.correct };
    case 'get-answer':
      return { type: 'get-answer', questionId: raw.questionId as string };
    case 'get-presenter':
      return { type: 'get-presenter' };
    case 'log':
      if ((raw.level !== 'warn' && raw.level !== 'error') || typeof raw.message !== 'string') return undefined;
      return { type: 'log', level: raw.level, message: raw.message.slice(0, 2000) };
    default:
      return undefined;
  }
}

export function parseHostMessage(raw: unknown): HostToRenderer | undefined {
  if (isRecord(raw) && raw.type === 'presenter') return typeof raw.on === 'boolean' ? { type: 'presenter', on: raw.on } : undefined;
  if (!isRecord(raw) || raw.type !== 'answer-state' || !isId(raw.questionId)) return undefined;
  return { type: 'answer-state', questionId: raw.questionId, ...(typeof raw.guess === 'string' ? { guess: raw.guess } : {}) };
}
