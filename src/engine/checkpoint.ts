/**
 * Checkpoints: the JSON format of the PyTorch fixtures (`format`, `version`, `model`, `vocab`, `weights`
 * named and laid out as the notebook's state_dict). Loading checks everything and names what is wrong.
 */
import {
  type UnrolledConfig,
  type UnrolledModel,
  type WeightMap,
  unrolledWeightNames,
  unrolledWeightShapes,
  validateUnrolledConfig,
} from './unrolled-model';
import { type UnrolledKind, cellOfKind, kindOfCell } from './cells/types';

/** The `format` field of every checkpoint. */
export const CHECKPOINT_FORMAT = 'unrolled-checkpoint';
/** The only version this engine reads and writes. */
export const CHECKPOINT_VERSION = 1;

/** A checkpoint as stored in JSON. */
export interface CheckpointJson {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  model: { kind: UnrolledKind } & Omit<UnrolledConfig, 'cell'>;
  vocab: string[];
  weights: Record<string, { shape: number[]; data: number[] }>;
  /** Free-form extras (e.g. readout used in training); ignored on load except `readout`. */
  meta?: Record<string, unknown>;
}

/** A loaded checkpoint: the model and its vocabulary (word by id, id 0 = "<PAD>"). */
export interface LoadedCheckpoint {
  model: UnrolledModel;
  vocab: string[];
  meta: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as a message shows it: numbers as numbers (Infinity, NaN), anything else as JSON. */
export function describeValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'missing';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only for what JSON cannot write (a function, a symbol)
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** Validates a parsed checkpoint object and builds the model. `where` prefixes error messages (e.g. a file name). */
export function checkpointFromJson(json: unknown, where = 'checkpoint'): LoadedCheckpoint {
  if (!isRecord(json)) throw new Error(`${where}: expected a JSON object`);
  if (json.format !== CHECKPOINT_FORMAT) {
    throw new Error(`${where}: format must be "${CHECKPOINT_FORMAT}", got ${JSON.stringify(json.format)}`);
  }
  if (json.version !== CHECKPOINT_VERSION) {
    throw new Error(`${where}: version ${JSON.stringify(json.version)} is not supported (this engine reads version ${CHECKPOINT_VERSION})`);
  }
  const m = json.model;
  if (!isRecord(m)) throw new Error(`${where}: "model" must be an object`);
  const cell = cellOfKind(m.kind);
  if (cell === null) {
    throw new Error(`${where}: model.kind must be "unrolled-rnn", "unrolled-gru" or "unrolled-lstm", got ${JSON.stringify(m.kind)}`);
  }
  const config: UnrolledConfig = {
    vocabSize: m.vocabSize as number,
    embeddingDim: m.embeddingDim as number,
    hiddenSize: m.hiddenSize as number,
    numLayers: m.numLayers as number,
    outputSize: m.outputSize as number,
    seqLength: m.seqLength as number,
    ...(cell !== 'tanh' ? { cell } : {}),
  };
  validateUnrolledConfig(config, `${where}: model`);

  const vocab = json.vocab;
  if (!Array.isArray(vocab)) throw new Error(`${where}: "vocab" must be an array of words`);
  if (vocab.length !== config.vocabSize) {
    throw new Error(`${where}: vocab has ${vocab.length} words but model.vocabSize is ${config.vocabSize}`);
  }
  vocab.forEach((w, i) => {
    if (typeof w !== 'string') throw new Error(`${where}: vocab[${i}] must be a string, got ${JSON.stringify(w)}`);
  });

  const ws = json.weights;
  if (!isRecord(ws)) throw new Error(`${where}: "weights" must be an object of {shape, data}`);
  const names = unrolledWeightNames(config);
  const shapes = unrolledWeightShapes(config);
  const known = new Set(names);
  for (const name of Object.keys(ws)) {
    if (!known.has(name)) {
      throw new Error(`${where}: unknown weight "${name}" (a ${config.numLayers}-layer model has: ${names.join(', ')})`);
    }
  }
  const weights: WeightMap = {};
  for (const name of names) {
    const entry = ws[name];
    if (entry === undefined) throw new Error(`${where}: weight "${name}" is missing`);
    if (!isRecord(entry)) throw new Error(`${where}: weight "${name}" must be {shape, data}`);
    const want = shapes[name];
    const shape = entry.shape;
    if (!Array.isArray(shape) || shape.length !== want.length || shape.some((d, i) => d !== want[i])) {
      throw new Error(`${where}: weight "${name}" has shape ${JSON.stringify(shape)}, expected [${want.join(', ')}]`);
    }
    const data = entry.data;
    const size = want.reduce((a, b) => a * b, 1);
    if (!Array.isArray(data)) throw new Error(`${where}: weight "${name}".data must be an array of numbers`);
    if (data.length !== size) {
      throw new Error(`${where}: weight "${name}" has ${data.length} values, expected ${size} for shape [${want.join(', ')}]`);
    }
    const arr = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`${where}: weight "${name}" value ${i} is not a finite number (${describeValue(v)})`);
      }
      arr[i] = v;
      // Finite in float64 is not enough: 1e39 becomes Infinity in float32.
      if (!Number.isFinite(arr[i])) {
        throw new Error(`${where}: weight "${name}" value ${i} (${v}) is too large for float32 (the largest is about 3.4e38; it would become ${arr[i]})`);
      }
    }
    weights[name] = arr;
  }
  const meta = isRecord(json.meta) ? json.meta : {};
  return { model: { kind: kindOfCell(cell), config, weights }, vocab: vocab as string[], meta };
}

/** Parses and validates checkpoint JSON text; a syntax error names `where`. */
export function parseCheckpoint(text: string, where = 'checkpoint'): LoadedCheckpoint {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return checkpointFromJson(json, where);
}

/** The checkpoint object for a model and its vocabulary. */
export function checkpointToJson(model: UnrolledModel, vocab: string[], meta?: Record<string, unknown>): CheckpointJson {
  if (vocab.length !== model.config.vocabSize) {
    throw new Error(`vocab has ${vocab.length} words but the model's vocabSize is ${model.config.vocabSize}`);
  }
  const shapes = unrolledWeightShapes(model.config);
  const weights: CheckpointJson['weights'] = {};
  for (const name of unrolledWeightNames(model.config)) {
    weights[name] = { shape: shapes[name], data: Array.from(model.weights[name]) };
  }
  const out: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: { kind: model.kind, ...modelBlock(model.config) },
    vocab: [...vocab],
    weights,
  };
  if (meta) out.meta = meta;
  return out;
}

/** The config without `cell` (the kind says it). */
function modelBlock(config: UnrolledConfig): Omit<UnrolledConfig, 'cell'> {
  const { cell: _cell, ...rest } = config;
  return rest;
}

/** Checkpoint JSON text (float32 values printed exactly, so save → load is lossless). */
export function serializeCheckpoint(model: UnrolledModel, vocab: string[], meta?: Record<string, unknown>): string {
  return JSON.stringify(checkpointToJson(model, vocab, meta));
}
