/**
 * A CSV file read in chunks, never whole: bytes go through csv-parse's incremental parser (the engine of its
 * stream API, driven synchronously here), so memory holds one chunk and the records being built, not the file
 * and its string copies. Line ends are normalised to LF on the fly (csv-parse counts a CRLF inside a quoted
 * field as two lines; with LF only its line numbers are exact), and no line may be longer than `maxLineBytes`:
 * `/dev/zero`, a binary file or a file with one 600 MB line stop with a clear DataError naming the line, not
 * with "Invalid string length" or a memory that grows without end.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Parser } from 'csv-parse';
import { DataError, fmt } from './errors';

/**
 * Longest line (and record) a reviews CSV may have: 4 MiB. A review is a few kB (the longest IMDB review is
 * 14 kB), and csv-parse builds a long field at only ~4 MB/s, so a larger bound would make `/dev/zero` or a
 * binary file take many seconds to be refused.
 */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

export interface CsvStreamOptions {
  maxLineBytes?: number;
  /** Called about every 16 MB read: bytes read, file size (0 when unknown, e.g. a pipe). */
  onProgress?: (bytes: number, total: number) => void;
  /** Bytes between progress calls (default 16 MiB). */
  progressEveryBytes?: number;
  /** Called before each 1 MB chunk; throws to stop reading (Ctrl-C while loading). */
  checkStop?: () => void;
}

export interface CsvStreamHandlers {
  record(r: CsvRecord): void;
  /** A record csv-parse skipped (bad quoting); `unclosed` for a quote never closed. */
  skip(line: number, message: string, unclosed: boolean): void;
}

export interface CsvStreamEnd {
  /** No byte other than whitespace (and a BOM) in the whole input. */
  blank: boolean;
  /** First non-blank line after the last complete record (where an unclosed quote opened). */
  firstLineAfterLastRecord: number;
}

export function megabytes(n: number): string {
  if (n < 1024 * 1024) return `${fmt(Math.round(n / 1024))} kB`;
  return `${fmt(Math.round(n / (1024 * 1024)))} MB`;
}

const isBlankByte = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0a;

/** Feeds chunks to csv-parse; `push` then `end`. */
export class CsvChunkReader {
  private readonly api: { parse(buf: Buffer | undefined, end: boolean, push: (r: CsvRecord) => void,
    close: () => void): Error | undefined; };
  private pendingCr = false;
  private line = 1;
  private lineBytes = 0;
  private lineHasText = false;
  private blank = true;
  /** Non-blank line numbers not yet inside a complete record. */
  private open: number[] = [];
  private lastRecordEnd = 0;
  private fatal: DataError | null = null;
  private readonly maxLineBytes: number;

  constructor(private readonly file: string, private readonly h: CsvStreamHandlers, maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    this.maxLineBytes = maxLineBytes;
    const parser = new Parser({
      bom: true,
      record_delimiter: '\n',
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: maxLineBytes,
      on_skip: (err: { code?: string; lines?: number; message: string } | undefined) => {
        if (!err) return undefined;
        if (err.code === 'CSV_MAX_RECORD_SIZE') {
          this.fatal ??= new DataError(`${file}:${this.open[0] ?? this.line}: a row is longer than ${megabytes(maxLineBytes)} (a quote that never closes?); this does not look like a reviews CSV.`);
        } else {
          this.h.skip(Number(err.lines), err.message, err.code === 'CSV_QUOTE_NOT_CLOSED');
        }
        return undefined;
      },
    } as ConstructorParameters<typeof Parser>[0]);
    this.api = (parser as unknown as { api: CsvChunkReader['api'] }).api;
  }

  private onRecord = (r: CsvRecord): void => {
    this.lastRecordEnd = r.info.lines;
    while (this.open.length > 0 && (this.open[0] as number) <= r.info.lines) this.open.shift();
    this.h.record(r);
  };

  /** Scans a chunk (already LF-only) for line lengths and blank lines. */
  private scan(b: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = b.indexOf(0x0a, start);
      const end = nl < 0 ? b.length : nl;
      if (!this.lineHasText) {
        for (let i = start; i < end; i++) {
          if (!isBlankByte(b[i] as number)) {
            this.lineHasText = true;
            this.blank = false;
            this.open.push(this.line);
            break;
          }
        }
      }
      this.lineBytes += end - start;
      if (this.lineBytes > this.maxLineBytes) {
        throw new DataError(`${this.file}:${this.line}: line ${fmt(this.line)} is longer than ${megabytes(this.maxLineBytes)} (no line break); this does not look like a reviews CSV.`);
      }
      if (nl < 0) return;
      this.line++;
      this.lineBytes = 0;
      this.lineHasText = false;
      start = nl + 1;
    }
  }

  /** CRLF and lone CR → LF, across chunk boundaries. */
  private normalise(b: Buffer): Buffer {
    if (!this.pendingCr && b.indexOf(0x0d) < 0) return b;
    const out = Buffer.allocUnsafe(b.length + 1);
    let n = 0;
    let i = 0;
    if (this.pendingCr) {
      out[n++] = 0x0a;
      if (b[0] === 0x0a) i = 1;
      this.pendingCr = false;
    }
    for (; i < b.length; i++) {
      const c = b[i] as number;
      if (c !== 0x0d) {
        out[n++] = c;
        continue;
      }
      if (i === b.length - 1) this.pendingCr = true;
      else {
        out[n++] = 0x0a;
        if (b[i + 1] === 0x0a) i++;
      }
    }
    return out.subarray(0, n);
  }

  private started = false;

  push(chunk: Buffer): void {
    const b = this.normalise(chunk);
    const bom = !this.started && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
    this.started = true;
    this.scan(bom ? b.subarray(3) : b);
    this.run(b, false);
  }

  end(): CsvStreamEnd {
    if (this.pendingCr) {
      this.pendingCr = false;
      const nl = Buffer.from([0x0a]);
      this.scan(nl);
      this.run(nl, false);
    }
    this.run(undefined, true);
    return { blank: this.blank, firstLineAfterLastRecord: this.open[0] ?? this.lastRecordEnd + 1 };
  }

  private run(b: Buffer | undefined, end: boolean): void {
    const err = this.api.parse(b, end, this.onRecord, () => undefined) as (Error & { lines?: number }) | undefined;
    if (this.fatal) throw this.fatal;
    if (err !== undefined) throw new DataError(`${this.file}:${err.lines ?? 1}: cannot read the CSV: ${err.message}`);
  }
}

/** Reads a file in 1 MiB chunks through `reader`; errors opening or reading it name the file. */
export function streamFile(path: string, onChunk: (b: Buffer, first: boolean) => void, options: CsvStreamOptions = {}): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new DataError(code === 'ENOENT' ? `${path}: no such file.` : `${path}: cannot read it (${code ?? String(err)}).`);
  }
  try {
    let total = 0;
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new DataError(`${path}: cannot read it (EISDIR).`);
      total = st.isFile() ? st.size : 0;
    } catch (e) {
      if (e instanceof DataError) throw e;
    }
    let read = 0;
    const every = options.progressEveryBytes ?? 16 << 20;
    let nextReport = every;
    for (let first = true; ; first = false) {
      // A fresh buffer per chunk: the parser keeps a reference to an unfinished record's bytes.
      options.checkStop?.();
      const buf = Buffer.allocUnsafe(1 << 20);
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new DataError(`${path}: cannot read it (${code ?? String(err)}).`);
      }
      if (n === 0) return;
      read += n;
      onChunk(buf.subarray(0, n), first);
      if (options.onProgress && read >= nextReport) {
        options.onProgress(read, total);
        nextReport += every;
      }
    }
  } finally {
    closeSync(fd);
  }
}
