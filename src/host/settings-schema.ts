/**
 * Every setting the extension contributes, in one table: its key (under `unrolled.`), type, range,
 * default (the notebook's value) and the RunParams field it fills. `package.json`'s
 * `contributes.configuration` is written from the same facts, and a unit test checks the two agree.
 * Pure: imports neither `vscode` nor the DOM.
 */
import type { RunParams } from '../shared/protocol';
import { CELL_NAMES, READOUTS } from '../shared/names';

export const SETTINGS_SECTION = 'unrolled';

interface SpecBase {
  /** Key under `unrolled.`, e.g. `hiddenSize`. */
  key: string;
  /** The RunParams field this setting fills (none for a display setting). */
  param?: keyof RunParams;
  /** Title group in the Settings editor. */
  group: 'Model' | 'Training' | 'Data' | 'Demos';
  /** false: the default is not a value of the notebook (error messages then say "default N"). */
  notebook?: false;
}
export interface IntegerSpec extends SpecBase { kind: 'integer'; min: number; max: number; default: number }
export interface NumberSpec extends SpecBase {
  kind: 'number';
  /** Inclusive lower bound unless exclusiveMin. */
  min: number;
  exclusiveMin?: boolean;
  max: number;
  default: number;
}
export interface EnumSpec extends SpecBase { kind: 'enum'; values: readonly string[]; default: string }
export interface PathSpec extends SpecBase { kind: 'path'; default: '' }
export type SettingSpec = IntegerSpec | NumberSpec | EnumSpec | PathSpec;

export { CELL_NAMES };

/** The notebook's values are the defaults. */
export const SETTINGS: readonly SettingSpec[] = [
  { key: 'vocabSize', param: 'vocabSize', group: 'Model', kind: 'integer', min: 10, max: 50_000, default: 5000 },
  { key: 'seqLength', param: 'seqLength', group: 'Model', kind: 'integer', min: 1, max: 1000, default: 100 },
  { key: 'hiddenSize', param: 'hidden', group: 'Model', kind: 'integer', min: 1, max: 512, default: 64 },
  { key: 'numLayers', param: 'layers', group: 'Model', kind: 'integer', min: 1, max: 4, default: 2 },
  { key: 'readout', param: 'readout', group: 'Model', kind: 'enum', values: READOUTS, default: 'final' },
  { key: 'cell', param: 'cell', group: 'Model', kind: 'enum', values: CELL_NAMES, default: 'tanh' },
  { key: 'learningRate', param: 'lr', group: 'Training', kind: 'number', min: 0, exclusiveMin: true, max: 1, default: 0.001 },
  { key: 'epochs', param: 'epochs', group: 'Training', kind: 'integer', min: 1, max: 100, default: 5 },
  { key: 'batchSize', param: 'batch', group: 'Training', kind: 'integer', min: 1, max: 1024, default: 32 },
  { key: 'clip', param: 'clip', group: 'Training', kind: 'number', min: 0, max: 1_000_000, default: 0 },
  { key: 'truncateBptt', param: 'truncateBptt', group: 'Training', kind: 'integer', min: 0, max: 5000, default: 0 },
  { key: 'seed', param: 'seed', group: 'Training', kind: 'integer', min: 0, max: 2_147_483_647, default: 1234 },
  { key: 'threads', param: 'threads', group: 'Training', kind: 'integer', min: 1, max: 2, default: 2, notebook: false },
  { key: 'dataPath', param: 'dataPath', group: 'Data', kind: 'path', default: '' },
  { key: 'glovePath', param: 'glovePath', group: 'Data', kind: 'path', default: '' },
  // 0 = every review of the data file (the embedded one holds the notebook's 2,000); N > 0 = N balanced
  // reviews drawn from the full IMDB set shipped pre-tokenised in data/imdb-corpus.bin (src/data/corpus.ts);
  // 47,396 is as many as balance allows outside the held-out set (data/README.md).
  { key: 'reviews', param: 'reviews', group: 'Data', kind: 'integer', min: 0, max: 47_396, default: 0 },
];

/** The simple RNN of the notebook's first demo has its own size (hidden_size = 10 there). */
export const STEP_HIDDEN: IntegerSpec = {
  key: 'stepHiddenSize', param: 'hidden', group: 'Demos', kind: 'integer', min: 1, max: 256, default: 10,
};

/** The notebook's first sentence. */
export const NOTEBOOK_SENTENCE = 'this movie was absolutely amazing and wonderful';
/** The notebook's first predict_sentiment review. */
export const NOTEBOOK_REVIEW = 'This movie was fantastic and I loved it!';

/**
 * What Analyze colours words by and the hover names first: `occlusion` (P(positive) minus P(positive) with the
 * word deleted, exact) or `gradient` (gradient × input, a linear estimate in logits). A display setting.
 */
export const ATTRIBUTION: EnumSpec = { key: 'attribution', group: 'Demos', kind: 'enum', values: ['occlusion', 'gradient'], default: 'occlusion' };

export const ALL_SETTINGS: readonly SettingSpec[] = [...SETTINGS, STEP_HIDDEN, ATTRIBUTION];
