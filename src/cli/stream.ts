/**
 * Consume one demo's event stream: print the notebook's lines, optionally record the stream to a file,
 * and with `--json` end stdout with the demo's summary as one JSON object.
 */
import { isStopRequested } from '../engine/stop';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomicSync } from '../data/atomic-write';
import type { DemoEvent } from '../shared/events';
import { encodeRecording, toPlainJson } from '../demos/recording';
import { TextPrinter } from '../demos/text';
import type { ParsedArgs } from './args';
import type { CliIO } from './io';

export interface StreamResult {
  summary: Record<string, unknown> | null;
  events: number;
  cancelled: boolean;
}

/**
 * Write a user's file atomically (temp + fsync + rename: an interrupted write leaves the old file whole),
 * turning a system error into one line naming the file. With `rescue`, what could not be written is kept in
 * the temporary folder and the line says where.
 */
export function writeUserFile(file: string, text: string, what: string, rescue = false): void {
  try {
    writeFileAtomicSync(file, text, what);
  } catch (e) {
    if (!rescue) throw new CliFileError((e as Error).message);
    const kept = path.join(tmpdir(), `unrolled-${path.basename(file)}-${process.pid}-${Date.now()}`);
    try {
      writeFileAtomicSync(kept, text, what);
    } catch {
      throw new CliFileError((e as Error).message);
    }
    throw new CliFileError(`${(e as Error).message}; it was kept in ${kept} instead`);
  }
}

/** Seconds without a printed line after which a long epoch says how far it is. */
export const PROGRESS_EVERY_S = 10;

export class CliFileError extends Error {
  override readonly name = 'CliFileError';
}

export async function consumeDemo(
  gen: AsyncIterable<DemoEvent>,
  args: ParsedArgs,
  io: CliIO,
  extra?: Record<string, unknown>,
  progressEveryMs = PROGRESS_EVERY_S * 1000,
): Promise<StreamResult> {
  const printer = new TextPrinter();
  const recorded: DemoEvent[] = [];
  let summary: Record<string, unknown> | null = null;
  let n = 0;
  let quietSince = performance.now();
  for await (const ev of gen) {
    n++;
    if (args.record) recorded.push(ev);
    const lines = printer.lines(ev);
    for (const line of lines) io.out(line);
    if (lines.length > 0) quietSince = performance.now();
    else if (ev.type === 'batch' && performance.now() - quietSince > progressEveryMs) {
      // A long epoch is not silent: how far it is, on stderr (stdout keeps the notebook's lines).
      io.err(`${ev.series ? `[${ev.series}] ` : ''}Epoch ${ev.epoch}: batch ${ev.batch}/${ev.batches} (${Math.floor((100 * ev.batch) / ev.batches)} %), loss ${ev.loss.toFixed(4)}`);
      quietSince = performance.now();
    }
    if (ev.type === 'demo-end') summary = ev.summary;
  }
  const cancelled = io.signal.aborted || isStopRequested(io.stopFlag);
  if (args.record) {
    writeUserFile(args.record, encodeRecording(recorded, undefined, new Date().toISOString()), 'the recording', true);
    io.err(`Recorded ${recorded.length} events to ${args.record}`);
  }
  if (args.json) io.out(JSON.stringify(toPlainJson({ ...(summary ?? {}), ...(extra ?? {}), ...(cancelled ? { cancelled: true } : {}) })));
  return { summary, events: n, cancelled };
}
