/**
 * Options of every demo, with the notebook's values as defaults, and the two training presets.
 * The CLI's flags and the extension's settings both fill these; the demos read nothing else.
 */
import type { UnrolledModel } from '../engine/unrolled-model';
import type { StopFlag } from '../engine/stop';
import type { ReadoutName } from '../shared/events';
import type { GradientDemoParams, StepParams, TrainParams } from '../shared/protocol';

export const NOTEBOOK_SENTENCE = 'this movie was absolutely amazing and wonderful';
export const NOTEBOOK_REVIEW = 'This movie was fantastic and I loved it!';
export const DEFAULT_SEED = 1234;
/** The notebook's vanishing-gradients demo: 100 vs 4 tokens, h2h ~ N(0, 0.1²). */
export const VANISH_DEFAULTS = { longLength: 100, shortLength: 4, std: 0.1 } as const;
/** The notebook's exploding-gradients demo: 50 random tokens, h2h ~ N(0, 2²), clip to 5. */
export const EXPLODE_DEFAULTS = { length: 50, std: 2, maxNorm: 5 } as const;

/** Step Through a Sentence: the parameters the extension sets (src/shared/protocol.ts), and these. */
export interface StepOptions extends StepParams {
  /** SGD learning rate (the notebook: 0.1). */
  lr?: number;
  signal?: AbortSignal;
}

/** The two training presets (the names are the contract's: TrainParams.preset). */
export type PresetName = NonNullable<TrainParams['preset']>;

/**
 * Everything training needs; absent fields take the preset's value. The extension sets the TrainParams
 * (src/shared/protocol.ts); the CLI sets these too.
 */
export interface TrainOptions extends TrainParams {
  /** Write the trained model here (checkpoint JSON). */
  savePath?: string;
  /** Progress lines while loading big files (the CLI prints them on stderr). */
  onProgress?: (line: string) => void;
  /** Tag for events when several models train side by side. */
  series?: string;
  signal?: AbortSignal;
  /**
   * The run's stop flag (src/engine/stop.ts), set by the thread that asks for the stop together with the signal:
   * it stops a batch part-way (the signal is seen only between batches).
   */
  stopFlag?: StopFlag;
  /**
   * Called when the run is stopped (signal or stop flag) after at least one update, with the model as it stands — as
   * interrupting the notebook's training loop leaves `model` trained that far.
   */
  /** Compare Readouts: each series' model once it is trained and tested (before the run lets it go). */
  onTrained?: (trained: { model: UnrolledModel; vocab: string[]; readout: ReadoutName; preset: PresetName; testAcc: number }) => void;
  onStopped?: (stopped: { model: UnrolledModel; vocab: string[]; readout: ReadoutName; epoch: number; updates: number }) => void;
}

/** The values a preset fixes. */
export interface Preset {
  readout: ReadoutName;
  clip: number;
  /** Positions per review, when the preset changes the notebook's 100. */
  seqLength?: number;
  description: string;
}

export const PRESETS: Record<PresetName, Preset> = {
  notebook: {
    readout: 'final',
    clip: 0,
    description: 'the notebook: classify from the state after the last position, padding included',
  },
  improved: {
    readout: 'mean',
    clip: 5,
    seqLength: 200,
    description: 'average the hidden states over the real words (padding ignored), read up to 200 words, clip gradients to norm 5',
  },
};

/** The notebook's hyperparameters. */
export const NOTEBOOK_TRAIN = {
  epochs: 5,
  batch: 32,
  hidden: 64,
  layers: 2,
  lr: 0.001,
  seqLength: 100,
  vocabSize: 5000,
  testFraction: 0.2,
} as const;

/** `--readout final` alone means the notebook preset; anything else the improved one. */
export function presetFor(o: { preset?: PresetName; readout?: ReadoutName }): PresetName {
  if (o.preset) return o.preset;
  return o.readout === 'final' ? 'notebook' : 'improved';
}

export interface PredictOptions {
  text: string;
  signal?: AbortSignal;
}

/** Exploding gradients: `length` tokens (the notebook: 50), h2h ~ N(0, std²) (the notebook: 2). */
export interface ExplodeOptions extends GradientDemoParams, Pick<TrainParams, 'seed' | 'dataPath' | 'glovePath' | 'cell'> {
  maxNorm?: number;
  signal?: AbortSignal;
}

/** Vanishing gradients: h2h ~ N(0, std²) (the notebook: 0.1) over a long and a short sequence. */
export interface VanishOptions extends Pick<GradientDemoParams, 'std'>, Pick<TrainParams, 'seed' | 'dataPath' | 'glovePath' | 'cell' | 'keepGateBias'> {
  longLength?: number;
  shortLength?: number;
  signal?: AbortSignal;
}
