/**
 * Checks a command makes on the files it will write (`--save`, `--record`) before it does any work:
 * none of them may be one of the run's inputs (compared by real path, so `./x.csv`, `x.csv` and a symlink to
 * it are the same file), two outputs may not be the same file, and each must be writable (its folder exists
 * and accepts a new file). A failure is a UsageError: one line, exit 2, nothing read or trained.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { probeWritable } from '../data/atomic-write';
import { UsageError, type ParsedArgs } from './args';

/** Flags that name a file the command reads. */
const INPUT_FLAGS = ['data', 'glove', 'testData', 'model', 'file'] as const;
/** Commands whose positional argument is a file they read. */
const POSITIONAL_INPUTS: Record<string, string> = { verify: 'FIXTURE', replay: 'FILE' };

const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * The real path a name refers to: the file's own when it exists, else its folder's real path joined with
 * the last part (the file the write would create).
 */
export function realTarget(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

export interface NamedPath {
  /** How the user gave it: `--data`, `FIXTURE`. */
  label: string;
  path: string;
}

/** The files a run reads, from its flags and positionals. */
export function inputsOf(command: string, args: ParsedArgs): NamedPath[] {
  const out: NamedPath[] = [];
  for (const key of INPUT_FLAGS) {
    const v = args.flags[key];
    if (typeof v === 'string' && v !== '-') out.push({ label: flagName(key), path: v });
  }
  const pos = POSITIONAL_INPUTS[command];
  if (pos && args.positionals[0] !== undefined) out.push({ label: pos, path: args.positionals[0] });
  return out;
}

/** The files a run writes. */
export function outputsOf(args: ParsedArgs): NamedPath[] {
  const out: NamedPath[] = [];
  if (typeof args.flags.save === 'string') out.push({ label: '--save', path: args.flags.save });
  if (typeof args.record === 'string') out.push({ label: '--record', path: args.record });
  return out;
}

/** Throws a UsageError if an output would overwrite an input or another output, or cannot be written. */
export function checkOutputs(command: string, args: ParsedArgs): void {
  const outputs = outputsOf(args);
  if (outputs.length === 0) return;
  const inputs = inputsOf(command, args).map((i) => ({ ...i, real: realTarget(i.path) }));
  const seen: Array<NamedPath & { real: string }> = [];
  for (const o of outputs) {
    const real = realTarget(o.path);
    const clash = inputs.find((i) => i.real === real);
    if (clash) {
      throw new UsageError(`unrolled ${command}: ${o.label} ${o.path} is the same file as ${clash.label} ${clash.path}; writing it would destroy the input, so give another file name`);
    }
    const twice = seen.find((s) => s.real === real);
    if (twice) throw new UsageError(`unrolled ${command}: ${o.label} and ${twice.label} name the same file ${o.path}; give two different files`);
    seen.push({ ...o, real });
  }
  for (const o of outputs) {
    try {
      probeWritable(o.path, o.label === '--save' ? 'the checkpoint' : 'the recording');
    } catch (e) {
      throw new UsageError(`unrolled ${command}: ${o.label}: ${(e as Error).message} (checked before starting, nothing was run)`);
    }
  }
}
