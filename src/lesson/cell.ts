/**
 * What one Unrolled cell of a lesson runs: its text parsed by the CLI's own parser (lesson mode), mapped to
 * the worker's demo and RunParams exactly as the CLI maps the same flags to the demos' options, so a cell
 * gives the figures `unrolled <cell text>` prints. Pure code: paths are resolved by the caller's function.
 */
import type { ReadoutName } from '../shared/events';
import type { PresetName } from '../demos/options';
import type { RunParams } from '../shared/protocol';
import { parseInvocation, type Invocation, type LessonCommand } from '../cli/invocation';

export interface CellRun {
  demo: LessonCommand;
  params: RunParams;
  /** predict/analyze --model CKPT: load this checkpoint (resolved path) before running. */
  modelPath?: string;
  invocation: Invocation;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Drop the keys whose value is undefined (the params travel as JSON-like objects). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Parse a cell's text. `resolvePath` turns a path flag (--data, --glove, --test-data, --model) into an
 * absolute one (relative to the lesson file). Throws InvocationError (message names the column).
 */
export function cellRun(text: string, resolvePath: (p: string) => string = (p) => p): CellRun {
  const inv = parseInvocation(text, { lesson: true });
  const f = inv.args.flags;
  const path = (v: unknown): string | undefined => (typeof v === 'string' ? resolvePath(v) : undefined);
  const demo = inv.command as CellRun['demo'];
  let params: RunParams;
  switch (demo) {
    case 'step':
      params = { sentence: str(f.sentence), hidden: num(f.hidden), seed: num(f.seed) };
      break;
    case 'train':
    case 'compare':
      params = {
        dataPath: path(f.data), glovePath: path(f.glove), testDataPath: path(f.testData), reviews: num(f.reviews),
        preset: str(f.preset) as PresetName | undefined, epochs: num(f.epochs), batch: num(f.batch), hidden: num(f.hidden),
        layers: num(f.layers), lr: num(f.lr), seqLength: num(f.seqLength), vocabSize: num(f.vocabSize),
        readout: str(f.readout) as ReadoutName | undefined, clip: num(f.clip), seed: num(f.seed), validation: num(f.validation),
        cell: str(f.cell) as RunParams['cell'],
      };
      break;
    case 'predict':
    case 'analyze': {
      if (f.file !== undefined) throw new Error(`unrolled ${demo}: --file reads a file the lesson does not carry; write the text in the cell with --text "…"`);
      const text = str(f.text);
      if (text === undefined || text.trim() === '') {
        throw new Error(`unrolled ${demo}: give the text to read, e.g. ${demo} --text "a wonderful film"`);
      }
      params = { text };
      break;
    }
    case 'explode':
      params = { seed: num(f.seed), length: num(f.length), std: num(f.std), dataPath: path(f.data), glovePath: path(f.glove) };
      break;
    case 'vanish':
      params = { seed: num(f.seed), std: num(f.std), cell: str(f.cell) as RunParams['cell'], dataPath: path(f.data), glovePath: path(f.glove) };
      break;
  }
  const modelPath = path(f.model);
  return { demo, params: defined(params), ...(modelPath ? { modelPath } : {}), invocation: inv };
}
