/**
 * Lines of a text stream with a bound on their length. `readline` gathers a line whatever its length and
 * fails with "RangeError: Invalid string length" past ~512 MB; here a line longer than `maxBytes` stops the
 * read at once with the caller's error (memory never holds more than one chunk plus `maxBytes`).
 */
import type { Readable } from 'node:stream';

/** Yields each line (LF or CRLF ended, decoded as UTF-8); throws `tooLong(lineNo)` past `maxBytes`. */
export async function* boundedLines(input: Readable, maxBytes: number, tooLong: (lineNo: number) => Error): AsyncGenerator<string> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let lineNo = 0;
  const emit = (b: Buffer): string => {
    const end = b.length > 0 && b[b.length - 1] === 0x0d ? b.length - 1 : b.length;
    return b.toString('utf8', 0, end);
  };
  for await (const chunk of input) {
    const buf = chunk as Buffer;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) {
        carryBytes += buf.length - start;
        if (carryBytes > maxBytes) throw tooLong(lineNo + 1);
        if (start < buf.length) carry.push(buf.subarray(start));
        break;
      }
      if (carryBytes + nl - start > maxBytes) throw tooLong(lineNo + 1);
      let line: Buffer = buf.subarray(start, nl);
      if (carry.length > 0) {
        line = Buffer.concat([...carry, line]);
        carry = [];
        carryBytes = 0;
      }
      lineNo++;
      yield emit(line);
      start = nl + 1;
    }
  }
  if (carry.length > 0) yield emit(Buffer.concat(carry));
}
