/**
 * The small closed sets every runtime names: readouts, run states and log levels. Written once here; the
 * engine, the CLI's flags, the settings schema, the protocol and the webview take them from this file.
 */

/** Which state the classifier reads: after the padding, at the last real token, or the mean over real tokens. */
export const READOUTS = ['final', 'last-token', 'mean'] as const;
export type ReadoutName = (typeof READOUTS)[number];

export function isReadout(x: unknown): x is ReadoutName {
  return typeof x === 'string' && (READOUTS as readonly string[]).includes(x);
}

/** How a run ended. */
export const RUN_END_STATUSES = ['done', 'cancelled', 'error'] as const;
export type RunEndStatus = (typeof RUN_END_STATUSES)[number];
/** A run's state: still running, or how it ended. */
export type RunState = 'running' | RunEndStatus;

/** Levels of a line in the log (the host's output channel, the webview's reports). */
export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** A demo's own log lines are never errors (a failing demo ends its run with status 'error'). */
export type DemoLogLevel = Exclude<LogLevel, 'error'>;

/** The recurrent cells of the unrolled classifier: the notebook's tanh cell and PyTorch's GRUCell / LSTMCell. */
export const CELL_NAMES = ['tanh', 'gru', 'lstm'] as const;
export type CellName = (typeof CELL_NAMES)[number];
/** The gated ones. */
export type GatedCellName = Exclude<CellName, 'tanh'>;

/** Gate names in PyTorch's row-block order (LSTM i, f, g, o; GRU r, z, n). */
export const GATE_NAMES: Record<GatedCellName, readonly string[]> = {
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
};

export function isGatedCell(x: unknown): x is GatedCellName {
  return x === 'gru' || x === 'lstm';
}
