/**
 * The animation clock as a pure state machine. One position per drawn frame of the story:
 * positions 0…T-1 are the forward pass (column t just computed), positions T…2T-1 the backward pass
 * (‖∂L/∂h_t‖ arriving at t = 2T-1-position, right to left) when the snapshot has gradients.
 */
export const SPEEDS = [0.5, 1, 2, 4, 8, 16, 32, 64] as const;
/** 8 steps/s: a 100-step pass plays in 12.5 s, a pace to talk over (slower on demand: − or the menu). */
export const DEFAULT_SPEED = 8;

export interface Playback {
  /** Integer position in 0…total-1. */
  pos: number;
  /** Fraction 0…1 of the way into the current position (for "values flowing in"). */
  frac: number;
  playing: boolean;
  /** Positions per second. */
  speed: number;
  steps: number;
  hasBackward: boolean;
}

export interface PhaseAt {
  phase: 'forward' | 'backward';
  /** The active timestep. */
  t: number;
  /** Forward: columns 0…computedUpTo hold values; backward: gradients known for t ≥ gradFrom. */
  computedUpTo: number;
  gradFrom: number;
}

export function newPlayback(steps: number, hasBackward: boolean, speed = DEFAULT_SPEED): Playback {
  return { pos: 0, frac: 1, playing: false, speed, steps, hasBackward };
}

export function total(p: Playback): number {
  return p.steps * (p.hasBackward ? 2 : 1);
}

export function phaseAt(p: Playback): PhaseAt {
  const T = p.steps;
  if (p.pos < T) return { phase: 'forward', t: p.pos, computedUpTo: p.pos, gradFrom: T };
  const t = 2 * T - 1 - p.pos;
  return { phase: 'backward', t, computedUpTo: T - 1, gradFrom: t };
}

/** Move to an absolute position (clamped); stops the fade-in. */
export function seek(p: Playback, pos: number): Playback {
  const n = total(p);
  const c = Math.max(0, Math.min(n - 1, Math.round(pos)));
  return { ...p, pos: Number.isFinite(c) ? c : 0, frac: 1 };
}

export function step(p: Playback, delta: number): Playback {
  return { ...seek(p, p.pos + delta), playing: false };
}

/** Jump to timestep t in the current phase (e.g. focus-step from the editor). */
export function seekTimestep(p: Playback, t: number, phase: 'forward' | 'backward' = 'forward'): Playback {
  const tt = Math.max(0, Math.min(p.steps - 1, Math.round(t)));
  return seek(p, phase === 'backward' && p.hasBackward ? 2 * p.steps - 1 - tt : tt);
}

export function play(p: Playback): Playback {
  // Playing from the end starts again from the beginning.
  const atEnd = p.pos >= total(p) - 1;
  return { ...p, playing: true, pos: atEnd ? 0 : p.pos, frac: atEnd ? 0 : p.frac };
}

export function pause(p: Playback): Playback {
  return { ...p, playing: false, frac: 1 };
}

export function setSpeed(p: Playback, speed: number): Playback {
  return { ...p, speed: Math.max(SPEEDS[0], Math.min(SPEEDS[SPEEDS.length - 1], speed)) };
}

/** The next faster/slower preset speed. */
export function nudgeSpeed(p: Playback, dir: 1 | -1): Playback {
  const i = SPEEDS.findIndex((s) => s >= p.speed);
  const idx = Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.length - 1 : i) + dir));
  return setSpeed(p, SPEEDS[idx]);
}

/** Advance the clock by dtMs of wall time; stops at the end. */
export function tick(p: Playback, dtMs: number): Playback {
  if (!p.playing) return p;
  let x = p.pos + p.frac + (Math.max(0, dtMs) / 1000) * p.speed;
  const n = total(p);
  if (p.frac >= 1) x -= 1; // frac 1 means "arrived"; count progress from the start of this position
  if (x >= n - 1 + 1) return { ...p, pos: n - 1, frac: 1, playing: false };
  const pos = Math.floor(x);
  return { ...p, pos, frac: x - pos };
}
