/**
 * The what-if messages (issue 14): the panel re-runs the shown gradient-demo sequence with one thing changed —
 * the scale of W_hh, a word, the truncation K of BPTT, the cell — and redraws at once. Two requests so the fast
 * answer is never held up by the slow one: `what-if` is one forward + backward (the snapshot and the gradient
 * figures, about a millisecond); `what-if-jacobian` adds the step Jacobians ‖J_t‖₂, their running product and
 * W_hh's spectrum (hundreds of milliseconds per layer in plain JS), sent second. Both come in from the webview
 * untrusted and are checked by `parseWhatIfSetup`.
 */
import type { JacobianEvent, SnapshotEvent } from './events';

/** The cells a what-if may switch to. */
export const WHAT_IF_CELLS = ['tanh', 'gru', 'lstm'] as const;
export type WhatIfCell = (typeof WHAT_IF_CELLS)[number];

/** The demos whose sequence a what-if re-runs (their random model is rebuilt from seed and std). */
export const WHAT_IF_DEMOS = ['vanish', 'explode'] as const;
export type WhatIfDemo = (typeof WHAT_IF_DEMOS)[number];

/** Range of the W_hh scale slider (issue 14: ×0.1 … ×3). */
export const WHAT_IF_SCALE = { min: 0.1, max: 3 } as const;
/** Longest sequence and largest model a what-if may ask for (one request must stay interactive). */
export const WHAT_IF_MAX_STEPS = 400;
export const WHAT_IF_MAX_LAYERS = 4;
export const WHAT_IF_MAX_HIDDEN = 256;
export const WHAT_IF_MAX_WORD = 100;
/** Largest clipping threshold a what-if may ask for. */
export const WHAT_IF_MAX_CLIP = 1e6;

/** One what-if: the demo's random model and the sequence, with the changes applied. */
export interface WhatIfSetup {
  demo: WhatIfDemo;
  seed: number;
  /** Standard deviation W_hh was drawn with (the demo's h2hStd). */
  std: number;
  /** W_hh multiplied by this after drawing (1 = the demo as it ran). */
  scale: number;
  cell: WhatIfCell;
  /** Truncated BPTT: the recurrent gradient is cut every K steps counted back from the last; 0 = full. Tanh only. */
  truncate: number;
  /** The sequence's words (the shown snapshot's tokens, an edited word included). */
  tokens: string[];
  /** Stacked layers and units (the demos: 1 × 64). */
  layers: number;
  hidden: number;
  /** Clip the weights' gradients to this global norm (clip_grad_norm_); absent or 0 = no clipping. */
  clip?: number;
}

/** What clipping at the setup's threshold did to the weights' gradients (the engine's clipGradNorm). */
export interface WhatIfClip {
  maxNorm: number;
  /** Global gradient norm before and after; the factor every gradient was multiplied by (1 = not clipped). */
  before: number;
  after: number;
  coef: number;
  clipped: boolean;
  /** Layer 0's recurrent weight's gradient norm after clipping. */
  whhAfter: number;
}

/** The gradient figures of one what-if, computed by the worker (each [layer] where per layer). */
export interface WhatIfFigures {
  /** ‖∂L/∂h_t‖ at t = 0 and at t = T − 1, per layer. */
  firstGradNorm: number[];
  lastGradNorm: number[];
  /** firstGradNorm / lastGradNorm per layer: how much of the gradient survives the way back. */
  gradRatio: number[];
  /** ‖∂L/∂x_0‖: the gradient reaching the first word's embedding. */
  firstInputGradNorm: number;
  /** Global gradient norm and layer 0's recurrent weight's. */
  gradNormTotal: number;
  whhGradNorm: number;
  loss: number;
  /** P(positive). */
  positive: number;
  /** Worker time for the forward + backward, ms. */
  computeMs: number;
  /** Present when the setup clips. */
  clip?: WhatIfClip;
}

/** Re-run the sequence with the setup's changes; answers with what-if-result. */
export interface WhatIfRequest { type: 'what-if'; requestId: number; setup: WhatIfSetup }
/** The re-run: the snapshot (id −1, label "what-if") and its figures, or why not. */
export interface WhatIfResult { type: 'what-if-result'; requestId: number; snapshot?: SnapshotEvent; figures?: WhatIfFigures; error?: string }
/** The same setup's step Jacobians (tanh cell); answers with what-if-jacobian-result. */
export interface WhatIfJacobianRequest { type: 'what-if-jacobian'; requestId: number; setup: WhatIfSetup }
/**
 * The Jacobian figures, or why not; `stale` when a newer what-if arrived before this one was computed (the
 * worker skips it so a dragged slider never queues seconds of Jacobians).
 */
export interface WhatIfJacobianResult { type: 'what-if-jacobian-result'; requestId: number; jacobian?: JacobianEvent; error?: string; stale?: boolean; computeMs?: number }

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isIntIn = (x: unknown, lo: number, hi: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= lo && x <= hi;

/** Checks a setup that came from the webview; the reason names the field. Never throws. */
export function parseWhatIfSetup(raw: unknown): ParseResult<WhatIfSetup> {
  if (!isRecord(raw)) return { ok: false, reason: 'setup must be an object' };
  const { demo, seed, std, scale, cell, truncate, tokens, layers, hidden, clip } = raw;
  if (!(WHAT_IF_DEMOS as readonly unknown[]).includes(demo)) return { ok: false, reason: 'setup.demo must be vanish or explode' };
  if (!isIntIn(seed, 0, 2 ** 32 - 1)) return { ok: false, reason: 'setup.seed must be an integer 0 … 2³²−1' };
  if (typeof std !== 'number' || !(std > 0 && std <= 100)) return { ok: false, reason: 'setup.std must be a number in (0, 100]' };
  if (typeof scale !== 'number' || !(scale >= WHAT_IF_SCALE.min && scale <= WHAT_IF_SCALE.max)) {
    return { ok: false, reason: `setup.scale must be a number in [${WHAT_IF_SCALE.min}, ${WHAT_IF_SCALE.max}]` };
  }
  if (!(WHAT_IF_CELLS as readonly unknown[]).includes(cell)) return { ok: false, reason: 'setup.cell must be tanh, gru or lstm' };
  if (!isIntIn(truncate, 0, WHAT_IF_MAX_STEPS)) return { ok: false, reason: `setup.truncate must be an integer 0 … ${WHAT_IF_MAX_STEPS}` };
  if (truncate > 0 && cell !== 'tanh') return { ok: false, reason: 'setup.truncate: truncated BPTT is for the tanh cell only' };
  if (!Array.isArray(tokens) || tokens.length < 1 || tokens.length > WHAT_IF_MAX_STEPS) {
    return { ok: false, reason: `setup.tokens must be a list of 1 … ${WHAT_IF_MAX_STEPS} words` };
  }
  for (let i = 0; i < tokens.length; i++) {
    const w: unknown = (tokens as unknown[])[i];
    if (typeof w !== 'string' || w.length < 1 || w.length > WHAT_IF_MAX_WORD) return { ok: false, reason: `setup.tokens[${i}] must be a word of 1 … ${WHAT_IF_MAX_WORD} characters` };
  }
  if (!isIntIn(layers, 1, WHAT_IF_MAX_LAYERS)) return { ok: false, reason: `setup.layers must be an integer 1 … ${WHAT_IF_MAX_LAYERS}` };
  if (!isIntIn(hidden, 1, WHAT_IF_MAX_HIDDEN)) return { ok: false, reason: `setup.hidden must be an integer 1 … ${WHAT_IF_MAX_HIDDEN}` };
  if (clip !== undefined && (typeof clip !== 'number' || !(clip >= 0 && clip <= WHAT_IF_MAX_CLIP))) return { ok: false, reason: `setup.clip must be a number in [0, ${WHAT_IF_MAX_CLIP}]` };
  const value: WhatIfSetup = { demo: demo as WhatIfDemo, seed, std, scale, cell: cell as WhatIfCell, truncate,
    tokens: [...(tokens as string[])], layers, hidden };
  if (clip !== undefined) value.clip = clip;
  return { ok: true, value };
}
