/**
 * The `*.unrolled-lesson` file: JSON a teacher can diff and review. Stable key order, 2-space indent, one
 * cell per array entry, sources as arrays of lines (as .ipynb does), outputs kept so a saved lesson replays
 * without re-running. Pure code (no vscode): the serializer in src/host/notebook maps it to NotebookData.
 *
 *   { "format": "unrolled-lesson", "version": 1, "metadata": { "title": …, "answers": { id: {guess, correct} } },
 *     "cells": [ { "kind": "markdown", "source": [...] },
 *                { "kind": "unrolled", "source": ["train --epochs 2"], "question": {…}, "outputs": [...] } ] }
 */
import { parseQuestion, type Question } from '../shared/questions';

export const LESSON_FORMAT = 'unrolled-lesson';
export const LESSON_VERSION = 1;
/** The output the notebook controller writes and the renderer draws: a recording of the cell's events. */
export const EVENTS_MIME = 'application/vnd.unrolled.events+json';

export interface LessonOutputItem {
  mime: string;
  /** Text of the item (JSON text for EVENTS_MIME). */
  data: string;
}

export interface LessonOutput {
  items: LessonOutputItem[];
  metadata?: Record<string, unknown>;
}

export interface LessonCell {
  kind: 'markdown' | 'unrolled';
  source: string;
  question?: Question;
  outputs?: LessonOutput[];
  /** Anything else the editor keeps per cell (execution order, timing), kept as written. */
  metadata?: Record<string, unknown>;
}

/** A student's guess at one question, kept in the lesson file only. */
export interface Answer {
  guess: string;
  correct: boolean;
}

export interface Lesson {
  metadata: { title?: string; answers?: Record<string, Answer>; [k: string]: unknown };
  cells: LessonCell[];
}

/** A lesson file that cannot be read; the message names the file's part at fault. */
export class LessonFormatError extends Error {
  override readonly name = 'LessonFormatError';
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A value with its object keys sorted (recursively): the same content always writes the same bytes. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

function toLines(s: string): string[] {
  if (s === '') return [];
  const parts = s.split('\n');
  return parts.map((p, i) => (i < parts.length - 1 ? p + '\n' : p)).filter((p) => p !== '');
}

function fromSource(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('');
  throw new LessonFormatError(`${where}.source must be a string or an array of strings`);
}

/** The file's text for a lesson (ends with a newline). */
export function writeLesson(lesson: Lesson): string {
  const metadata = sortKeys(lesson.metadata ?? {});
  const cells = lesson.cells.map((c) => {
    // Key order written by hand: kind and source first, what follows them below.
    const o: Record<string, unknown> = { kind: c.kind, source: toLines(c.source) };
    if (c.question) o.question = sortKeys(c.question);
    if (c.kind === 'unrolled') {
      o.outputs = (c.outputs ?? []).map((out) => ({
        // Text as lines; a JSON item (the events, megabytes of base64) as the one string it is: parsing and
        // re-printing it on every save held the extension host for seconds while a lesson ran.
        items: out.items.map((it) => ({ mime: it.mime, data: it.mime.endsWith('json') ? it.data : toLines(it.data) })),
        ...(out.metadata && Object.keys(out.metadata).length ? { metadata: sortKeys(out.metadata) } : {}),
      }));
    }
    if (c.metadata && Object.keys(c.metadata).length) o.metadata = sortKeys(c.metadata);
    return o;
  });
  return JSON.stringify({ format: LESSON_FORMAT, version: LESSON_VERSION, metadata, cells }, null, 2) + '\n';
}

function readItem(v: unknown, where: string): LessonOutputItem {
  if (!isRecord(v) || typeof v.mime !== 'string') throw new LessonFormatError(`${where} must be an object with a "mime" string`);
  const d = v.data;
  const data = typeof d === 'string' ? d
    : Array.isArray(d) && d.every((x) => typeof x === 'string') && !v.mime.endsWith('json') ? d.join('')
    : JSON.stringify(d);
  return { mime: v.mime, data };
}

/** Read a lesson file's text. An empty file is an empty lesson (a new file). Throws LessonFormatError. */
export function readLesson(text: string, name = 'lesson'): Lesson {
  if (text.trim() === '') return { metadata: {}, cells: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LessonFormatError(`${name}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(raw)) throw new LessonFormatError(`${name}: the file must hold one JSON object`);
  if (raw.format !== LESSON_FORMAT) throw new LessonFormatError(`${name}: "format" must be "${LESSON_FORMAT}", not ${JSON.stringify(raw.format)}`);
  if (raw.version !== LESSON_VERSION) throw new LessonFormatError(`${name}: version ${JSON.stringify(raw.version)} is not supported (this build reads version ${LESSON_VERSION})`);
  if (raw.metadata !== undefined && !isRecord(raw.metadata)) throw new LessonFormatError(`${name}: "metadata" must be an object`);
  if (!Array.isArray(raw.cells)) throw new LessonFormatError(`${name}: "cells" must be an array`);
  const metadata = { ...((raw.metadata as Lesson['metadata'] | undefined) ?? {}) };
  if (metadata.answers !== undefined && !isRecord(metadata.answers)) throw new LessonFormatError(`${name}: metadata.answers must be an object`);
  const cells = raw.cells.map((c: unknown, i: number): LessonCell => {
    const where = `${name}: cells[${i}]`;
    if (!isRecord(c)) throw new LessonFormatError(`${where} must be an object`);
    if (c.kind !== 'markdown' && c.kind !== 'unrolled') throw new LessonFormatError(`${where}.kind must be "markdown" or "unrolled", not ${JSON.stringify(c.kind)}`);
    const cell: LessonCell = { kind: c.kind, source: fromSource(c.source, where) };
    if (c.question !== undefined) {
      const q = parseQuestion(c.question);
      if (!q.ok) throw new LessonFormatError(`${where}.question: ${q.reason}`);
      cell.question = q.value;
    }
    if (c.outputs !== undefined) {
      if (!Array.isArray(c.outputs)) throw new LessonFormatError(`${where}.outputs must be an array`);
      cell.outputs = c.outputs.map((o: unknown, j: number) => {
        const ow = `${where}.outputs[${j}]`;
        if (!isRecord(o) || !Array.isArray(o.items)) throw new LessonFormatError(`${ow} must be an object with an "items" array`);
        if (o.metadata !== undefined && !isRecord(o.metadata)) throw new LessonFormatError(`${ow}.metadata must be an object`);
        return { items: o.items.map((it: unknown, k: number) => readItem(it, `${ow}.items[${k}]`)), ...(o.metadata ? { metadata: o.metadata as Record<string, unknown> } : {}) };
      });
    }
    if (c.metadata !== undefined) {
      if (!isRecord(c.metadata)) throw new LessonFormatError(`${where}.metadata must be an object`);
      cell.metadata = c.metadata;
    }
    return cell;
  });
  return { metadata, cells };
}
