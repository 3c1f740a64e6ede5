/**
 * The notebook's printed lines, made from demo events. Used by the CLI (stdout) and usable by the
 * extension's log channel. Pure: no Node, no DOM. Non-finite numbers are always said in words (the
 * notebook printed a silent 0.0 after clipping an infinite norm).
 */
import type { DemoEvent, DemoName } from '../shared/events';
import { sentimentLabel } from '../shared/events';

const RULE = '-'.repeat(50);

/** A norm or loss with `digits` decimals, or words when it is not finite. */
export function fmtNorm(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN (not a number: the gradient overflowed)';
  if (x === Infinity) return 'infinite (the gradient overflowed float32)';
  if (x === -Infinity) return '-infinite (overflowed float32)';
  return x.toFixed(digits);
}

/** Like numpy's array print of a short vector: `[ 0.2003 -0.0867  0.1163]`. */
export function fmtVector(v: ArrayLike<number>, digits = 4): string {
  const parts = Array.from(v, (x) => (Number.isFinite(x) ? (x < 0 ? '' : ' ') + x.toFixed(digits) : String(x)));
  return `[${parts.join(' ')}]`;
}

export function fmtPercent(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}%` : fmtNorm(x);
}

/** Keeps the state needed to print a stream (which demo is running). */
export class TextPrinter {
  private demo: DemoName | null = null;

  /** Lines (without newline) to print for one event; empty when the event is not printed. */
  lines(ev: DemoEvent): string[] {
    switch (ev.type) {
      case 'demo-start':
        this.demo = ev.demo;
        if (ev.demo === 'step') return ['Step-by-Step Forward Pass:', RULE];
        if (ev.demo === 'predict' && typeof ev.config.text === 'string') {
          const t = ev.config.text;
          return [`Review: '${t.length > 300 ? t.slice(0, 300) + '…' : t}'`];
        }
        return [];
      case 'tokens': {
        if (this.demo !== 'predict' && this.demo !== 'analyze') return [];
        const unknown = [...new Set(ev.tokens.filter((_, i) => ev.unknown[i]))];
        const out = [`Tokens: ${ev.length} (of ${ev.seqLength} positions${ev.tokens.length > ev.seqLength ? `, ${ev.tokens.length - ev.seqLength} cut off` : ''})`];
        if (unknown.length) {
          const shown = unknown.slice(0, 20).join(', ');
          out.push(`Not in vocabulary (read as padding, id 0): ${shown}${unknown.length > 20 ? `, … (${unknown.length} in all)` : ''}`);
        }
        return out;
      }
      case 'forward-step':
        if (this.demo !== 'step') return [];
        return [
          `Word: ${ev.word.padEnd(15)} | Hidden (first 3): ${fmtVector(ev.hidden[0].subarray(0, 3), 8)} ...`,
          ...(ev.logits ? [`Logits: [${fmtVector(ev.logits, 8)}] `] : []),
        ];
      case 'output':
        if (this.demo === 'step') return [RULE, `Final Output Logits: [${fmtVector(ev.logits, 8)}]`];
        if (this.demo === 'predict' || this.demo === 'analyze') {
          const p = ev.probs[ev.predicted];
          return [`Prediction: ${sentimentLabel(ev.predicted)} (Confidence: ${fmtNorm(p)})`];
        }
        return [];
      case 'loss':
        return this.demo === 'step' ? [`Loss: ${fmtNorm(ev.loss)}`] : [];
      case 'grad-norms':
        if (this.demo === 'step') {
          const n = ev.perParam['i2h.weight'];
          return [RULE, 'Backpropagation complete.', `Gradient norm for i2h weights: ${fmtNorm(n ?? NaN)}`];
        }
        if (this.demo === 'predict') {
          // layer 0's recurrent weight: h2h.weight (tanh) or weight_hh (GRU / LSTM)
          const n = ev.perParam['rnn_cells.0.h2h.weight'] ?? ev.perParam['rnn_cells.0.weight_hh'];
          return n === undefined ? [] : [`Gradient Norm: ${fmtNorm(n)}`];
        }
        return [];
      case 'clip': {
        const before = ev.watched ? ev.watched.before : ev.before;
        const after = ev.watched ? ev.watched.after : ev.after;
        const out = [`Gradient Norm (Before Clipping): ${fmtNorm(before)}`];
        if (!ev.finite) {
          out.push(
            `Gradient Norm (After Clipping): not computed: the total norm is ${fmtNorm(ev.before)}, which clipping cannot ` +
              `rescale (PyTorch turns it into NaN or 0); the update was ${ev.skipped ? 'skipped' : 'applied'}`,
          );
        } else {
          out.push(`Gradient Norm (After Clipping): ${fmtNorm(after)}`);
          if (ev.watched) {
            out.push(`(all parameters together: ${fmtNorm(ev.before)} before, ${fmtNorm(ev.after)} after clipping to max norm ${ev.maxNorm})`);
          }
        }
        return out;
      }
      case 'update':
        return this.demo === 'step' ? ['Optimization step complete.'] : [];
      case 'epoch':
        return [`${ev.series ? `[${ev.series}] ` : ''}Epoch ${ev.epoch}/${ev.epochs}, Loss: ${fmtNorm(ev.loss)}, Acc: ${fmtPercent(ev.acc)}`];
      case 'eval': {
        const tag = ev.series ? `[${ev.series}] ` : '';
        if (ev.split === 'test') return [`${tag}Test Loss: ${fmtNorm(ev.loss)}`, `${tag}Test Accuracy: ${fmtPercent(ev.acc)}`];
        return [`${tag}Validation Loss: ${fmtNorm(ev.loss)}, Validation Acc: ${fmtPercent(ev.acc)}`];
      }
      case 'log':
        return [ev.level === 'warn' ? `Warning: ${ev.text}` : ev.text];
      case 'jacobian':
        return ev.reading.map((r, k) => `Step Jacobians${ev.layers > 1 ? ` (layer ${k})` : ''}: ${r}`);
      case 'backward-step':
      case 'snapshot':
      case 'batch':
      case 'demo-end':
        return [];
    }
  }
}
