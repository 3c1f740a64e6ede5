/**
 * Step Through a Sentence in the panel, not only in the log: the logits after each word (revealed as the forward
 * pass computes them) and the SGD step once the backward pass has reached the first word — the loss, the i2h
 * gradient norm, ‖W‖ before and after per parameter, ‖ΔW‖ and the entries that moved most. Every figure is
 * the engine's (forward-step, grad-norms and update events). Pure.
 */
import type { RunState } from './store';
import type { PhaseAt } from './playback';
import { fmt, fmtSigned } from './format';

export interface StepLogitRow { t: number; word: string; logits: [string, string] | null; active: boolean }
export interface StepSgd {
  /** One line each: loss, ‖∂L/∂W_i2h‖, the rule and ‖ΔW‖ of all weights. */
  lines: string[];
  params: Array<{ name: string; before: string; after: string; change: string }>;
  moved: string[];
}
export interface StepView {
  rows: StepLogitRow[];
  /** The SGD step, or null until the backward pass has reached t = 0 (`sgdPending` says so). */
  sgd: StepSgd | null;
  sgdPending: string | null;
}

/** The name of a flat index in a [rows, cols] weight (`i2h.weight[3, 5]`), or `[i]` for a bias. */
function entryName(name: string, index: number, cols: number | undefined): string {
  return cols ? `${name}[${Math.floor(index / cols)}, ${index % cols}]` : `${name}[${index}]`;
}

export function stepView(run: RunState, ph: PhaseAt): StepView | null {
  if (run.demo !== 'step' || run.stepLogits.length === 0) return null;
  const words = run.tokens?.tokens ?? [];
  const T = Math.max(words.length, run.stepLogits.length);
  const rows: StepLogitRow[] = [];
  for (let t = 0; t < T; t++) {
    const l = run.stepLogits[t];
    const shown = !!l && (ph.phase === 'backward' || t <= ph.computedUpTo);
    rows.push({ t, word: words[t] ?? '', logits: shown ? [fmtSigned(l[0]), fmtSigned(l[1])] : null, active: ph.phase === 'forward' && t === ph.t });
  }
  const up = run.updates[run.updates.length - 1];
  const norms = run.gradNorms[run.gradNorms.length - 1];
  const done = ph.phase === 'backward' && ph.gradFrom <= 0;
  if (!up || !done) {
    return { rows, sgd: null, sgdPending: up ? 'The SGD step comes once the backward pass reaches the first word (press End).' : 'The SGD step has not been computed yet.' };
  }
  const i2h = norms?.perParam['i2h.weight'];
  const target = run.loss?.target ?? run.config.target;
  const inputSize = Number(run.config.inputSize), hidden = Number(run.config.hidden);
  const cols: Record<string, number> = { 'i2h.weight': inputSize + hidden, 'h2o.weight': inputSize + hidden }; // both act on cat(x, h)
  const lines = [
    ...(run.loss ? [`Loss against class ${String(target)}: ${run.loss.loss.toFixed(4)}`] : []),
    ...(i2h !== undefined ? [`Gradient norm for i2h weights: ‖∂L/∂W_i2h‖ = ${i2h.toFixed(4)}`] : []),
    `SGD, lr ${up.lr}: W ← W − ${up.lr} · ∂L/∂W; all weights moved by ‖ΔW‖ = ${fmt(up.weightChange, 4)}`,
  ];
  const params = (up.params ?? []).map((p) => ({ name: p.name, before: fmt(p.before, 5), after: fmt(p.after, 5),
    change: fmt(p.change, 4) }));
  const moved = (up.moved ?? []).map((m) => `${entryName(m.name, m.index, cols[m.name])}: ${fmtSigned(m.before)} → ${fmtSigned(m.after)} (gradient ${fmtSigned(m.grad)})`);
  return { rows, sgd: { lines, params, moved }, sgdPending: null };
}
