/**
 * Which model an answer came from, and the one-click offer of the improved preset. Pure (no vscode).
 */
import type { DemoEvent } from '../shared/events';
import { PRESETS } from '../demos/options';

/** The model label Predict and Analyze put in their demo-start (worker: modelLabel), or undefined. */
export function answerModel(events: readonly DemoEvent[]): string | undefined {
  const start = events.find((e) => e.type === 'demo-start');
  const m = start?.type === 'demo-start' ? start.config.model : undefined;
  return typeof m === 'string' && m.length > 0 ? m : undefined;
}

/** The button that trains the improved preset. */
export const TRAIN_IMPROVED = 'Train Improved Preset';

/**
 * Train on IMDB's arguments for the improved preset, whatever the readout setting: its readout, read length and
 * clipping (the other settings — epochs, data, seed — stay the user's).
 */
export const IMPROVED_PRESET_ARGS = {
  preset: 'improved',
  readout: PRESETS.improved.readout,
  clip: PRESETS.improved.clip,
  seqLength: PRESETS.improved.seqLength,
} as const;
