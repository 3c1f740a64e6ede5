/**
 * What each `unrolled` command does with its parsed flags. The demos live in `src/demos`; this file only
 * maps flags to demo options and hands the event stream to the printer.
 */
import { readFileSync } from 'node:fs';
import type { ReadoutName } from '../demos/events';
import type { PresetName, TrainOptions } from '../demos/options';
import { decodeRecording } from '../demos/recording';
import { TextPrinter } from '../demos/text';
import { trainDemo } from '../demos/train';
import type { ParsedArgs } from './args';
import type { CliIO } from './io';
import { consumeDemo } from './stream';

export type CommandHandler = (args: ParsedArgs, io: CliIO) => Promise<number>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Reads a user's file with a one-line error naming it. */
export function readUserFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${what} ${path}: no such file` : `${what} ${path}: cannot read it (${code ?? String(e)})`);
  }
}

export function trainOptions(f: ParsedArgs['flags'], signal: AbortSignal): TrainOptions {
  return {
    dataPath: str(f.data),
    glovePath: str(f.glove),
    testDataPath: str(f.testData),
    reviews: num(f.reviews),
    preset: str(f.preset) as PresetName | undefined,
    epochs: num(f.epochs),
    batch: num(f.batch),
    hidden: num(f.hidden),
    layers: num(f.layers),
    lr: num(f.lr),
    seqLength: num(f.seqLength),
    vocabSize: num(f.vocabSize),
    readout: str(f.readout) as ReadoutName | undefined,
    clip: num(f.clip),
    seed: num(f.seed),
    validation: num(f.validation),
    savePath: str(f.save),
    signal,
  };
}

export const COMMANDS: Record<string, CommandHandler> = {
  async train(args, io) {
    const r = await consumeDemo(trainDemo(trainOptions(args.flags, io.signal)), args, io);
    return r.cancelled ? 130 : 0;
  },
  async replay(args, io) {
    const file = args.positionals[0];
    const rec = decodeRecording(readUserFile(file, 'recording'));
    const printer = new TextPrinter();
    let summary: Record<string, unknown> | null = null;
    for (const ev of rec.events) {
      for (const line of printer.lines(ev)) io.out(line);
      if (ev.type === 'demo-end') summary = ev.summary;
    }
    if (args.json) io.out(JSON.stringify({ demo: rec.demo, events: rec.events.length, summary }));
    return 0;
  },
};
