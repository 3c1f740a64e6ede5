/**
 * The output channel's header line of a run: "── Train on IMDB (run 3) — epochs 5, readout \"mean\"". Runs are
 * numbered 1, 2, 3 … in the order they were started in this window (the worker's ids also count predictions,
 * snapshots and what-if requests, so they skip). Compare Readouts says each preset's own readout, length and
 * clipping, never the Train settings it does not use. Pure.
 */
import type { DemoName } from '../shared/events';
import type { RunParams } from '../shared/protocol';
import { NOTEBOOK_TRAIN, PRESETS } from '../demos/options';

/** Settings Compare Readouts takes from each preset instead (seqLength only when not set by the user). */
const PRESET_KEYS = new Set(['readout', 'clip', 'preset']);

function value(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  return String(v);
}

export function runHeader(title: string, number: number, demo: DemoName, params: RunParams): string {
  const compare = demo === 'compare';
  const parts = Object.entries(params)
    .filter(([k, v]) => v !== undefined && k !== 'text' && !(compare && PRESET_KEYS.has(k)))
    .map(([k, v]) => `${k} ${value(v)}`);
  if (compare) {
    const seq = (params as { seqLength?: number }).seqLength;
    for (const [name, p] of Object.entries(PRESETS)) {
      parts.push(`${name}: readout ${p.readout}, seqLength ${seq ?? p.seqLength ?? NOTEBOOK_TRAIN.seqLength}, clip ${p.clip}`);
    }
  }
  return `── ${title} (run ${number})${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}
