/**
 * The `unrolled-lesson` notebook type: `*.unrolled-lesson` files (src/lesson/format.ts) to VS Code's
 * NotebookData and back. Markdown cells are markup; Unrolled cells are code cells in the `unrolled`
 * language whose text is one CLI invocation; a cell's question travels in its metadata, the student's
 * answers in the notebook's.
 */
import * as vscode from 'vscode';
import { readLesson, writeLesson, type Lesson, type LessonCell } from '../../lesson/format';
import type { Question } from '../../shared/questions';

export const NOTEBOOK_TYPE = 'unrolled-lesson';
export const CELL_LANGUAGE = 'unrolled';

const enc = new TextEncoder();
const dec = new TextDecoder();

export function toNotebookData(lesson: Lesson): vscode.NotebookData {
  const cells = lesson.cells.map((c) => {
    const cell = c.kind === 'markdown'
      ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, c.source, 'markdown')
      : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c.source, CELL_LANGUAGE);
    const meta: Record<string, unknown> = { ...(c.metadata ?? {}) };
    if (c.question) meta.question = c.question;
    if (Object.keys(meta).length) cell.metadata = meta;
    if (c.outputs?.length) {
      cell.outputs = c.outputs.map((o) => new vscode.NotebookCellOutput(
        o.items.map((it) => new vscode.NotebookCellOutputItem(enc.encode(it.data), it.mime)), o.metadata));
    }
    return cell;
  });
  const data = new vscode.NotebookData(cells);
  data.metadata = lesson.metadata;
  return data;
}

export function fromNotebookData(data: vscode.NotebookData): Lesson {
  const cells = data.cells.map((c): LessonCell => {
    const { question, ...rest } = (c.metadata ?? {}) as { question?: Question; [k: string]: unknown };
    const cell: LessonCell = { kind: c.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'unrolled', source: c.value };
    if (question) cell.question = question;
    if (Object.keys(rest).length) cell.metadata = rest;
    if (cell.kind === 'unrolled' && c.outputs?.length) {
      cell.outputs = c.outputs.map((o) => ({
        items: o.items.map((it) => ({ mime: it.mime, data: dec.decode(it.data) })),
        ...(o.metadata && Object.keys(o.metadata).length ? { metadata: o.metadata } : {}),
      }));
    }
    return cell;
  });
  return { metadata: (data.metadata ?? {}) as Lesson['metadata'], cells };
}

export class LessonSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    // A LessonFormatError's message names the part at fault; VS Code shows it in place of the notebook.
    return toNotebookData(readLesson(dec.decode(content), 'this lesson'));
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return enc.encode(writeLesson(fromNotebookData(data)));
  }
}
