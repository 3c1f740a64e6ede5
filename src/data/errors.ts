/**
 * The one error type the data pipeline throws for bad input. Its message is meant for the user as is:
 * it names the file (and line or field) and the problem, so callers print `err.message`, never a stack.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(message: string) {
    super(message);
  }
}

/** Formats a count the way the notebook's reports read: 4897 → "4,897". */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
