/**
 * Consume one demo's event stream: print the notebook's lines, optionally record the stream to a file,
 * and with `--json` end stdout with the demo's summary as one JSON object.
 */
import { writeFileSync } from 'node:fs';
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

/** Write a file, turning a system error into one line naming the file. */
export function writeUserFile(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliFileError(`cannot write ${what} ${path}${code ? ` (${code})` : ''}`);
  }
}

export class CliFileError extends Error {
  override readonly name = 'CliFileError';
}

export async function consumeDemo(
  gen: AsyncIterable<DemoEvent>,
  args: ParsedArgs,
  io: CliIO,
  extra?: Record<string, unknown>,
): Promise<StreamResult> {
  const printer = new TextPrinter();
  const recorded: DemoEvent[] = [];
  let summary: Record<string, unknown> | null = null;
  let n = 0;
  for await (const ev of gen) {
    n++;
    if (args.record) recorded.push(ev);
    for (const line of printer.lines(ev)) io.out(line);
    if (ev.type === 'demo-end') summary = ev.summary;
  }
  const cancelled = io.signal.aborted;
  if (args.record) {
    writeUserFile(args.record, encodeRecording(recorded, undefined, new Date().toISOString()), 'recording');
    io.err(`Recorded ${recorded.length} events to ${args.record}`);
  }
  if (args.json) io.out(JSON.stringify(toPlainJson({ ...(summary ?? {}), ...(extra ?? {}), ...(cancelled ? { cancelled: true } : {}) })));
  return { summary, events: n, cancelled };
}
