/**
 * What each `unrolled` command does with its parsed flags. The demos live in `src/demos`; this file only
 * maps flags to demo options and hands the event stream to the printer.
 */
import { readFileSync } from 'node:fs';
import type { ReadoutName } from '../shared/events';
import type { PresetName, TrainOptions } from '../demos/options';
import type { CellType } from '../engine/cells/types';
import { decodeRecording } from '../demos/recording';
import { TextPrinter } from '../demos/text';
import { trainDemo } from '../demos/train';
import { stepDemo } from '../demos/step';
import { predictDemo } from '../demos/predict';
import { explodeDemo } from '../demos/explode';
import { vanishDemo } from '../demos/vanish';
import { compareDemo } from '../demos/compare';
import { compareCellsDemo } from '../demos/compare-cells';
import { formatJacobianReport, jacobianReport } from '../demos/jacobian';
import { analyzeDemo } from '../demos/analyze';
import { loadModelFile } from '../demos/model-file';
import { toPlainJson } from '../demos/recording';
import { formatVerifyReport, initTf, verifyFixture } from '../engine/index';
import { formatBench, runBench } from '../bench/bench';
import { benchThreadsCommand } from '../bench/threads';
import { UsageError } from './args';
import { parseKeepGateBias } from '../engine/cells/init';
import type { ParsedArgs } from './args';
import type { CliIO } from './io';
import type { StopFlag } from '../engine/stop';
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

/** --keep-gate-bias B|pytorch, when given. */
function keepGateBiasFlag(f: ParsedArgs['flags']): { keepGateBias?: number | null } {
  const v = str(f.keepGateBias);
  if (v === undefined) return {};
  try {
    return { keepGateBias: parseKeepGateBias(v, '--keep-gate-bias') };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function trainOptions(f: ParsedArgs['flags'], signal: AbortSignal, io?: CliIO, stopFlag?: StopFlag): TrainOptions {
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
    cell: str(f.cell) as CellType | undefined,
    ...keepGateBiasFlag(f),
    clip: num(f.clip),
    truncateBptt: num(f.truncate),
    seed: num(f.seed),
    validation: num(f.validation),
    threads: num(f.threads),
    savePath: str(f.save),
    signal,
    ...(stopFlag ? { stopFlag } : {}),
    ...(io ? { onProgress: (line: string) => io.err(line) } : {}),
  };
}

async function textArg(args: ParsedArgs, io: CliIO): Promise<string | undefined> {
  const t = str(args.flags.text);
  if (t === '-') return io.readStdin();
  return t;
}

const exitFor = (r: { cancelled: boolean }): number => (r.cancelled ? 130 : 0);

export const COMMANDS: Record<string, CommandHandler> = {
  async step(args, io) {
    const f = args.flags;
    return exitFor(await consumeDemo(stepDemo({ sentence: str(f.sentence), hidden: num(f.hidden), seed: num(f.seed), signal: io.signal }),
      args, io));
  },
  async predict(args, io) {
    const m = loadModelFile(str(args.flags.model) as string);
    const text = (await textArg(args, io)) ?? '';
    if (text.trim() === '') throw new UsageError('unrolled predict: the text is empty');
    return exitFor(await consumeDemo(predictDemo(m, { text, signal: io.signal }), args, io));
  },
  async analyze(args, io) {
    const file = str(args.flags.file);
    let text = await textArg(args, io);
    if (file !== undefined && text !== undefined) throw new UsageError('unrolled analyze: give --text or --file, not both');
    if (file !== undefined) text = readUserFile(file, 'text file');
    if (text === undefined) throw new UsageError('unrolled analyze: give --text S, --text - (stdin) or --file FILE');
    if (text.trim() === '') throw new UsageError(`unrolled analyze: the text${file !== undefined ? ` of ${file}` : ''} is empty`);
    const m = loadModelFile(str(args.flags.model) as string);
    return exitFor(await consumeDemo(analyzeDemo(m, { text, signal: io.signal }), args, io));
  },
  async explode(args, io) {
    const f = args.flags;
    return exitFor(await consumeDemo(explodeDemo({ seed: num(f.seed), length: num(f.length), std: num(f.std),
      cell: str(f.cell) as CellType | undefined, dataPath: str(f.data), glovePath: str(f.glove), signal: io.signal }), args, io));
  },
  async vanish(args, io) {
    const f = args.flags;
    return exitFor(await consumeDemo(vanishDemo({ seed: num(f.seed), std: num(f.std), cell: str(f.cell) as CellType | undefined,
      ...keepGateBiasFlag(f), dataPath: str(f.data), glovePath: str(f.glove), signal: io.signal }), args, io));
  },
  async jacobian(args, io) {
    const f = args.flags;
    const r = await jacobianReport({
      std: num(f.std), scale: num(f.scale), length: num(f.length), layers: num(f.layers), hidden: num(f.hidden), seed: num(f.seed),
      dataPath: str(f.data), glovePath: str(f.glove),
    });
    for (const line of formatJacobianReport(r)) io.out(line);
    if (args.json) io.out(JSON.stringify(toPlainJson(r)));
    return 0;
  },
  async 'compare-cells'(args, io) {
    return exitFor(await consumeDemo(compareCellsDemo({ ...trainOptions(args.flags, io.signal, undefined, io.stopFlag),
      std: num(args.flags.std) }), args, io));
  },
  async compare(args, io) {
    return exitFor(await consumeDemo(compareDemo(trainOptions(args.flags, io.signal, io, io.stopFlag)), args, io));
  },
  async verify(args, io) {
    const file = args.positionals[0];
    let json: unknown;
    try {
      json = JSON.parse(readUserFile(file, 'fixture'));
    } catch (e) {
      if (e instanceof SyntaxError) throw new Error(`fixture ${file}: not valid JSON (${e.message})`);
      throw e;
    }
    await initTf();
    const report = verifyFixture(json);
    for (const line of formatVerifyReport(report).split('\n')) io.out(line);
    if (args.json) {
      io.out(JSON.stringify(toPlainJson({ ok: report.ok, kind: report.kind, maxAbsErr: report.maxAbsErr, maxRelErr: report.maxRelErr,
        quantities: report.quantities })));
    }
    if (!report.ok) io.err(`unrolled verify: ${file}: ${report.quantities.filter((q) => !q.ok).length} quantities out of tolerance`);
    return report.ok ? 0 : 1;
  },
  async bench(args, io) {
    await initTf();
    const cells = args.flags.torch === true ? 'torch' : true;
    const r = await runBench({ epochs: num(args.flags.epochs), cells, onProgress: (line) => io.err(line) });
    for (const line of formatBench(r)) io.out(line);
    const more = await benchThreadsCommand(Math.max(2, num(args.flags.epochs) ?? 1), num(args.flags.wholeRun) ?? 1,
      io.cliPath ?? __filename, io);
    if (args.json) io.out(JSON.stringify(toPlainJson({ ...r, ...more })));
    return 0;
  },
  async train(args, io) {
    const r = await consumeDemo(trainDemo(trainOptions(args.flags, io.signal, io, io.stopFlag)), args, io);
    if (r.cancelled) {
      const save = str(args.flags.save);
      io.err(save
        ? `Stopped: the model was NOT saved to ${save} (a checkpoint is written only when training finishes; any earlier file there is unchanged).`
        : 'Stopped: the model was not saved (no --save given).');
    }
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
    if (args.json) io.out(JSON.stringify(toPlainJson({ demo: rec.demo, events: rec.events.length, summary })));
    return 0;
  },
};
