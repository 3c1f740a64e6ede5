/**
 * Reads a reviews CSV in the notebook's format: a header row naming the columns `review` and
 * `sentiment` (any case, surrounding spaces, any order, extra columns ignored), then one review per
 * record, labelled `positive` or `negative` (any case, surrounding spaces). Parsing is csv-parse's (streamed, see csv-stream.ts):
 * quoted fields may hold commas, doubled quotes and newlines; CRLF and a UTF-8 BOM are fine.
 *
 * Unlike the notebook (which silently drops short rows and calls every label that is not "positive"
 * negative), rows it cannot use are skipped and reported with their line number and reason. The review
 * text is returned as written (`<br />` included); the tokeniser reads `<br />` as whitespace.
 */
import { CsvChunkReader, streamFile, type CsvRecord, type CsvStreamEnd, type CsvStreamOptions } from './csv-stream';
import { DataError, fmt } from './errors';
import { hasWord } from './tokenize';

/** A row that was not used, and why. `line` is the 1-based line where the row starts. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/** The usable reviews of a CSV file, in file order. */
export interface ReviewsCsv {
  reviews: string[];
  /** 1 = positive, 0 = negative (the notebook's encoding). */
  labels: number[];
  /** Line where each review's row starts (same order as `reviews`). */
  lines: number[];
  skipped: SkippedRow[];
}

/** The label of a sentiment cell, or null if it is neither positive nor negative. */
export function parseLabel(cell: string): 0 | 1 | null {
  const v = cell.trim().toLowerCase();
  if (v === 'positive') return 1;
  if (v === 'negative') return 0;
  return null;
}

function short(s: string, max = 40): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** Builds the reviews from csv-parse's records as they arrive (header first). */
class ReviewsBuilder {
  readonly out: ReviewsCsv = { reviews: [], labels: [], lines: [], skipped: [] };
  unclosedQuote = false;
  records = 0;
  private names: string[] = [];
  private reviewCol = -1;
  private labelCol = -1;
  private needed = 0;

  constructor(private readonly file: string) {}

  skip = (line: number, message: string, unclosed: boolean): void => {
    if (unclosed) this.unclosedQuote = true;
    else this.out.skipped.push({ line, reason: `unreadable CSV: ${message.replace(/ at line \d+/, '')}` });
  };

  record = (r: CsvRecord): void => {
    // A line of spaces before the header is not a header (a file of only spaces is "empty", said at the end).
    if (this.records === 0 && r.record.every((c) => c.trim() === '')) return;
    this.records++;
    if (this.records === 1) {
      this.header(r);
      return;
    }
    const { out, needed, names } = this;
    const line = startLine(r);
    const row = r.record;
    if (row.length < needed) {
      out.skipped.push({ line, reason: `expected ${needed} fields (${names.slice(0, needed).join(', ')}), found ${row.length}` });
      return;
    }
    const review = row[this.reviewCol] as string;
    const cell = row[this.labelCol] as string;
    const label = parseLabel(cell);
    if (cell.trim() === '') {
      out.skipped.push({ line, reason: 'sentiment is empty (expected positive or negative)' });
    } else if (label === null) {
      out.skipped.push({ line, reason: `sentiment "${short(cell)}" is neither positive nor negative` });
    } else if (review.trim() === '') {
      out.skipped.push({ line, reason: 'review is empty' });
    } else if (!hasWord(review)) {
      out.skipped.push({ line, reason: 'review has no words (no letters a-z)' });
    } else {
      out.reviews.push(review);
      out.labels.push(label);
      out.lines.push(line);
    }
  };

  private header(first: CsvRecord): void {
    const file = this.file;
    const names = first.record.map((c) => c.trim().toLowerCase());
    const reviewCol = names.indexOf('review');
    const labelCol = names.indexOf('sentiment');
    const headerLine = startLine(first);
    if (reviewCol < 0 && labelCol < 0) {
      const looksLikeData = first.record.some((c) => parseLabel(c) !== null);
      throw new DataError(
        looksLikeData
          ? `${file}:${headerLine}: missing header row: the first row is already a review ("${short(first.record.join(','))}"); add the line "review,sentiment" above it.`
          : `${file}:${headerLine}: the header must name the columns "review" and "sentiment"; found "${short(first.record.join(','), 80)}".`,
      );
    }
    if (reviewCol < 0 || labelCol < 0) {
      const missing = reviewCol < 0 ? 'review' : 'sentiment';
      throw new DataError(`${file}:${headerLine}: the header has no "${missing}" column (found: ${names.join(', ')}).`);
    }
    this.names = names;
    this.reviewCol = reviewCol;
    this.labelCol = labelCol;
    this.needed = Math.max(reviewCol, labelCol) + 1;
  }

  finish(end: CsvStreamEnd): ReviewsCsv {
    const { file, out } = this;
    if (end.blank) {
      throw new DataError(`${file} is empty: expected a header line "review,sentiment" and then one review per line.`);
    }
    if (this.records === 0) {
      throw new DataError(`${file} has no readable rows: expected a header line "review,sentiment".`);
    }
    if (this.unclosedQuote) {
      // The quote opens on the first non-blank line after the last complete record and runs to the end.
      out.skipped.push({ line: end.firstLineAfterLastRecord, reason: 'a quote opened on this line is never closed (the rest of the file is one unfinished field)' });
    }
    out.skipped.sort((a, b) => a.line - b.line);
    if (this.records === 1 && out.skipped.length === 0) {
      throw new DataError(`${file}: no reviews after the header line.`);
    }
    if (out.reviews.length === 0) {
      const first3 = out.skipped.slice(0, 3).map((s) => `line ${s.line}: ${s.reason}`).join('; ');
      throw new DataError(`${file}: none of its ${fmt(out.skipped.length)} rows is usable (${first3}).`);
    }
    return out;
  }
}

/** A record's first line = its last line minus the newlines inside its (quoted) fields. */
function startLine(r: CsvRecord): number {
  return r.info.lines - r.record.reduce((n, f) => n + (f.split('\n').length - 1), 0);
}

export type ReadCsvOptions = CsvStreamOptions;

/** Parses CSV text (`file` names it in messages). Throws DataError for a file it cannot use at all. */
export function parseReviewsCsv(text: string, file: string, options: ReadCsvOptions = {}): ReviewsCsv {
  const b = new ReviewsBuilder(file);
  const reader = new CsvChunkReader(file, b, options.maxLineBytes);
  reader.push(Buffer.from(text, 'utf8'));
  return b.finish(reader.end());
}

/**
 * Reads and parses a reviews CSV file (UTF-8), streamed in chunks: memory holds the usable reviews, not the
 * file. Throws DataError if it is missing or unusable.
 */
export function readReviewsCsv(path: string, options: ReadCsvOptions = {}): ReviewsCsv {
  const b = new ReviewsBuilder(path);
  const reader = new CsvChunkReader(path, b, options.maxLineBytes);
  streamFile(path, (chunk, first) => {
    if (first && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
      throw new DataError(`${path} is UTF-16 text; save it as UTF-8 (CSV UTF-8) and try again.`);
    }
    reader.push(chunk);
  }, options);
  return b.finish(reader.end());
}

/** One line per skipped row, for reports: "line 7: sentiment "meh" is neither positive nor negative". */
export function describeSkipped(file: string, skipped: readonly SkippedRow[], max = 10): string[] {
  if (skipped.length === 0) return [];
  const lines = [`Skipped ${fmt(skipped.length)} unusable row${skipped.length === 1 ? '' : 's'} of ${file}:`];
  for (const s of skipped.slice(0, max)) lines.push(`  line ${s.line}: ${s.reason}`);
  if (skipped.length > max) lines.push(`  … and ${fmt(skipped.length - max)} more`);
  return lines;
}
