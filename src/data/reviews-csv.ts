/**
 * Reads a reviews CSV in the notebook's format: a header row naming the columns `review` and
 * `sentiment` (any case, surrounding spaces, any order, extra columns ignored), then one review per
 * record, labelled `positive` or `negative` (any case, surrounding spaces). Parsing is csv-parse's:
 * quoted fields may hold commas, doubled quotes and newlines; CRLF and a UTF-8 BOM are fine.
 *
 * Unlike the notebook (which silently drops short rows and calls every label that is not "positive"
 * negative), rows it cannot use are skipped and reported with their line number and reason. The review
 * text is returned as written (`<br />` included); the tokeniser reads `<br />` as whitespace.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
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

/** Parses CSV text (`file` names it in messages). Throws DataError for a file it cannot use at all. */
export function parseReviewsCsv(text: string, file: string): ReviewsCsv {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // csv-parse counts a CRLF inside a quoted field as two lines; with LF only its line numbers are exact.
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim().length === 0) {
    throw new DataError(`${file} is empty: expected a header line "review,sentiment" and then one review per line.`);
  }
  const skipped: SkippedRow[] = [];
  let unclosedQuote = false;
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err?.code === 'CSV_QUOTE_NOT_CLOSED') unclosedQuote = true;
        else if (err) skipped.push({ line: Number(err.lines), reason: `unreadable CSV: ${err.message.replace(/ at line \d+/, '')}` });
        return undefined;
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new DataError(`${file}:${e.lines ?? 1}: cannot read the CSV: ${e.message ?? String(err)}`);
  }
  /** A record's first line = its last line minus the newlines inside its (quoted) fields. */
  const startLine = (r: { record: string[]; info: { lines: number } }): number =>
    r.info.lines - r.record.reduce((n, f) => n + (f.split('\n').length - 1), 0);

  const first = records[0];
  if (first === undefined) {
    throw new DataError(`${file} has no readable rows: expected a header line "review,sentiment".`);
  }
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
  const needed = Math.max(reviewCol, labelCol) + 1;
  if (unclosedQuote) {
    // The quote opens on the first non-blank line after the last complete record and runs to the end.
    const lastEnd = records[records.length - 1]?.info.lines ?? 0;
    const lines = text.split('\n');
    let line = lastEnd + 1;
    while (line <= lines.length && (lines[line - 1] as string).trim() === '') line++;
    skipped.push({ line, reason: 'a quote opened on this line is never closed (the rest of the file is one unfinished field)' });
  }

  const out: ReviewsCsv = { reviews: [], labels: [], lines: [], skipped };
  for (const r of records.slice(1)) {
    const line = startLine(r);
    const row = r.record;
    if (row.length < needed) {
      skipped.push({ line, reason: `expected ${needed} fields (${names.slice(0, needed).join(', ')}), found ${row.length}` });
      continue;
    }
    const review = row[reviewCol] as string;
    const cell = row[labelCol] as string;
    const label = parseLabel(cell);
    if (cell.trim() === '') {
      skipped.push({ line, reason: 'sentiment is empty (expected positive or negative)' });
    } else if (label === null) {
      skipped.push({ line, reason: `sentiment "${short(cell)}" is neither positive nor negative` });
    } else if (review.trim() === '') {
      skipped.push({ line, reason: 'review is empty' });
    } else if (!hasWord(review)) {
      skipped.push({ line, reason: 'review has no words (no letters a-z)' });
    } else {
      out.reviews.push(review);
      out.labels.push(label);
      out.lines.push(line);
    }
  }
  skipped.sort((a, b) => a.line - b.line);
  if (records.length === 1 && skipped.length === 0) {
    throw new DataError(`${file}: no reviews after the header line.`);
  }
  if (out.reviews.length === 0) {
    const first3 = skipped.slice(0, 3).map((s) => `line ${s.line}: ${s.reason}`).join('; ');
    throw new DataError(`${file}: none of its ${fmt(skipped.length)} rows is usable (${first3}).`);
  }
  return out;
}

/** Reads and parses a reviews CSV file (UTF-8). Throws DataError if it is missing or unusable. */
export function readReviewsCsv(path: string): ReviewsCsv {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new DataError(code === 'ENOENT' ? `${path}: no such file.` : `${path}: cannot read it (${code ?? String(err)}).`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DataError(`${path} is UTF-16 text; save it as UTF-8 (CSV UTF-8) and try again.`);
  }
  return parseReviewsCsv(bytes.toString('utf8'), path);
}

/** One line per skipped row, for reports: "line 7: sentiment "meh" is neither positive nor negative". */
export function describeSkipped(file: string, skipped: readonly SkippedRow[], max = 10): string[] {
  if (skipped.length === 0) return [];
  const lines = [`Skipped ${fmt(skipped.length)} unusable row${skipped.length === 1 ? '' : 's'} of ${file}:`];
  for (const s of skipped.slice(0, max)) lines.push(`  line ${s.line}: ${s.reason}`);
  if (skipped.length > max) lines.push(`  … and ${fmt(skipped.length - max)} more`);
  return lines;
}
