// The event streams the browser tests feed the panel: real recordings from `node dist/cli.js <demo> --record FILE`
// when test/browser/recordings/<demo>.json exists, otherwise the synthetic RNN of synth.mjs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as synth from './synth.mjs';

const DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'recordings');

const SYNTHETIC = {
  step: () => synth.stepDemo(),
  train: () => synth.trainDemo(),
  compare: () => synth.trainDemo({ series: ['final', 'mean'], epochs: 5, batches: 40, snapshots: 1 }),
  explode: () => synth.explodeDemo(),
  vanish: () => synth.vanishDemo(),
  // `node dist/cli.js predict --model final.json --text … --record` with a `train --readout final` checkpoint.
  'predict-final': () => synth.predictFinalDemo(),
};

/** { events (typed, for assertions), safe (JSON-safe, for the page), source } */
export function stream(demo) {
  const file = path.join(DIR, `${demo}.json`);
  if (existsSync(file)) {
    const rec = JSON.parse(readFileSync(file, 'utf8'));
    if (rec.format !== 'unrolled-recording' || !Array.isArray(rec.events)) throw new Error(`${file}: not an unrolled recording`);
    return { events: synth.fromJsonSafe(rec.events), safe: rec.events, source: `recording ${path.relative(process.cwd(), file)}` };
  }
  const events = SYNTHETIC[demo]();
  return { events, safe: synth.toJsonSafe(events), source: 'synthetic' };
}

export const { predictAnswer, toJsonSafe, rnnSnapshot } = synth;

/** The synthetic stream of a demo (typed), whatever recordings exist. */
export function synthetic(demo) {
  return SYNTHETIC[demo]();
}
