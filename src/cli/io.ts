/**
 * Where the CLI writes, and how one run of a command ends. Commands take a `CliIO` so tests can run them
 * in-process and read what they printed.
 */
export interface CliIO {
  /** One line to stdout (newline added). */
  out(line: string): void;
  /** One line to stderr (newline added). */
  err(line: string): void;
  /** Text of stdin (for `--text -`). */
  readStdin(): Promise<string>;
  /** Aborted on Ctrl-C: demos stop at the next batch or step. */
  signal: AbortSignal;
}

export function processIO(signal: AbortSignal): CliIO {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    signal,
  };
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
