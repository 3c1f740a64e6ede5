/**
 * Incoming events may have crossed a JSON boundary on the way (a VS Code host that does not transfer typed
 * arrays sends `{ "0": …, "1": … }` objects or plain arrays). Everything the view models read is coerced
 * back to Float32Array here, once, so the rest of the code can rely on the types of `events.ts`.
 */
import type { DemoEvent, GateSeries, LayeredSeries, SnapshotEvent, ForwardStepEvent } from '../../src/shared/events';
import { GATE_NAMES, isGatedCell } from '../../src/shared/names';

/** Coerce an array-like (typed array, number[], index-keyed object) to a Float32Array. */
export function toFloat32(x: unknown, where: string): Float32Array {
  if (x instanceof Float32Array) return x;
  if (ArrayBuffer.isView(x)) return Float32Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return Float32Array.from(x, (v) => numberOrNaN(v));
  if (typeof x === 'object' && x !== null) {
    const rec = x as Record<string, unknown>;
    const n = Object.keys(rec).length;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (!(String(i) in rec)) throw new Error(`${where}: not an array (missing index ${i})`);
      out[i] = numberOrNaN(rec[String(i)]);
    }
    return out;
  }
  throw new Error(`${where}: expected an array of numbers, got ${x === null ? 'null' : typeof x}`);
}

/** JSON turns NaN/Infinity into null or strings; map them back. */
function numberOrNaN(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return NaN;
}

/** A short list of plain numbers (logits, probabilities, hidden[layer] of a forward step…). */
export function toNumbers(x: unknown, where: string): number[] {
  return Array.from(toFloat64(x, where));
}

function toFloat64(x: unknown, where: string): Float64Array {
  if (Array.isArray(x)) return Float64Array.from(x, (v) => numberOrNaN(v));
  return Float64Array.from(toFloat32(x, where));
}

function series(s: LayeredSeries | undefined, where: string): LayeredSeries | undefined {
  if (!s) return undefined;
  const data = toFloat32(s.data, `${where}.data`);
  if (data.length !== s.layers * s.steps * s.units) {
    throw new Error(`${where}: data has ${data.length} values, expected layers×steps×units = ${s.layers}×${s.steps}×${s.units}`);
  }
  return { layers: s.layers, steps: s.steps, units: s.units, data };
}

function gateSeries(g: GateSeries | undefined, where: string): GateSeries | undefined {
  if (!g) return undefined;
  if (!isGatedCell(g.cell)) throw new Error(`${where}: cell must be gru or lstm, got ${JSON.stringify(g.cell)}`);
  if (g.gates !== GATE_NAMES[g.cell].length) throw new Error(`${where}: a ${g.cell} has ${GATE_NAMES[g.cell].length} gates, not ${g.gates}`);
  const data = toFloat32(g.data, `${where}.data`);
  if (data.length !== g.layers * g.steps * g.gates * g.units) {
    throw new Error(`${where}: data has ${data.length} values, expected layers×steps×gates×units = ${g.layers}×${g.steps}×${g.gates}×${g.units}`);
  }
  return { cell: g.cell, layers: g.layers, steps: g.steps, gates: g.gates, units: g.units, data };
}

function snapshot(e: SnapshotEvent): SnapshotEvent {
  const w = `snapshot ${e.id}`;
  const opt = (x: unknown, f: string) => (x === undefined || x === null ? undefined : toFloat32(x, `${w}.${f}`));
  return {
    ...e,
    hidden: series(e.hidden, `${w}.hidden`)!,
    preact: series(e.preact, `${w}.preact`)!,
    hiddenGrad: series(e.hiddenGrad, `${w}.hiddenGrad`),
    inputPart: series(e.inputPart, `${w}.inputPart`),
    recurrentPart: series(e.recurrentPart, `${w}.recurrentPart`),
    hiddenGradNorm: opt(e.hiddenGradNorm, 'hiddenGradNorm'),
    inputGradNorm: opt(e.inputGradNorm, 'inputGradNorm'),
    runningProb: opt(e.runningProb, 'runningProb'),
    contribution: opt(e.contribution, 'contribution'),
    occlusion: opt(e.occlusion, 'occlusion'),
    gates: gateSeries(e.gates, `${w}.gates`),
    cellState: series(e.cellState, `${w}.cellState`),
    cellGradNorm: opt(e.cellGradNorm, 'cellGradNorm'),
    logits: toNumbers(e.logits ?? [], `${w}.logits`),
    probs: toNumbers(e.probs ?? [], `${w}.probs`),
  };
}

function forwardStep(e: ForwardStepEvent): ForwardStepEvent {
  return {
    ...e,
    hidden: e.hidden.map((h, i) => toFloat32(h, `forward-step ${e.t}.hidden[${i}]`)),
    preact: e.preact.map((h, i) => toFloat32(h, `forward-step ${e.t}.preact[${i}]`)),
    logits: e.logits === undefined ? undefined : toNumbers(e.logits, `forward-step ${e.t}.logits`),
  };
}

/** Restore typed arrays in one event (throws an Error naming the event and field when malformed). */
export function normalizeEvent(e: DemoEvent): DemoEvent {
  switch (e.type) {
    case 'snapshot':
      if (!e.hidden || !e.preact) throw new Error(`snapshot ${e.id}: hidden and preact are required`);
      return snapshot(e);
    case 'forward-step':
      return forwardStep(e);
    case 'output':
      return { ...e, logits: toNumbers(e.logits, 'output.logits'), probs: toNumbers(e.probs, 'output.probs') };
    default:
      return e;
  }
}

/** The vector of one layer at one step, as a view (no copy). */
export function vectorAt(s: LayeredSeries, layer: number, t: number): Float32Array {
  const off = (layer * s.steps + t) * s.units;
  return s.data.subarray(off, off + s.units);
}

/** The gate vector of one layer, step and gate, as a view (no copy). */
export function gateAt(g: GateSeries, layer: number, t: number, gate: number): Float32Array {
  const off = ((layer * g.steps + t) * g.gates + gate) * g.units;
  return g.data.subarray(off, off + g.units);
}

/** L2 norm; NaN if any entry is NaN, Infinity if any is infinite. */
export function l2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
