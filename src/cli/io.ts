/**
 * Where the CLI writes, and how one run of a command ends. Commands take a `CliIO` so tests can run them
 * in-process and read what they printed (the real one is in thread.ts).
 */
import type { StopFlag } from '../engine/stop';

export interface CliIO {
  /** One line to stdout (newline added). */
  out(line: string): void;
  /** One line to stderr (newline added). */
  err(line: string): void;
  /** Text of stdin (for `--text -`). */
  readStdin(): Promise<string>;
  /** Aborted on Ctrl-C: demos stop at the next batch or step. */
  signal: AbortSignal;
  /** Set on Ctrl-C by the launcher thread (main.ts) with the signal: training stops part-way through a batch. */
  stopFlag?: StopFlag;
  /** The launcher's file, dist/cli.js (the bench runs it again); absent when run in-process. */
  cliPath?: string;
}

/** An IO that keeps every line (for tests). */
export function memoryIO(stdin = ''): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    readStdin: async () => stdin,
    signal: new AbortController().signal,
  };
}
