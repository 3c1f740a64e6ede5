/** What the CLI's launcher (main.ts) and its command thread (thread.ts) say to each other. */

/** The command thread's workerData. */
export interface CliThreadData {
  argv: string[];
  /** The run's stop flag (src/engine/stop.ts), set by the launcher on Ctrl-C. */
  stop: SharedArrayBuffer;
  /** The launcher's file (dist/cli.js): the bench starts it again for whole-run timings. */
  cliPath: string;
}

export type ToCliThread = { type: 'stop' } | { type: 'stdin'; text: string; error?: string };

export type FromCliThread = { type: 'exit-code'; code: number } | { type: 'read-stdin' };
