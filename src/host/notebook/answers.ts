/**
 * The renderer's messages about question cells: a student's guess goes into the notebook's own metadata
 * (`answers`, one entry per question id) and nowhere else; a freshly drawn output asks for the kept guess.
 */
import * as vscode from 'vscode';
import type { Answer } from '../../lesson/format';
import { parseRendererMessage, type HostToRenderer } from '../../shared/lesson-messages';

export const RENDERER_ID = 'unrolled.lessonRenderer';

export function answersOf(notebook: vscode.NotebookDocument): Record<string, Answer> {
  const a = (notebook.metadata as { answers?: unknown }).answers;
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, Answer>) : {};
}

/** Keep (or, with no guess, forget) one answer in the notebook's metadata. The edit marks the file dirty. */
export async function keepAnswer(notebook: vscode.NotebookDocument, questionId: string, answer: Answer | undefined): Promise<boolean> {
  const answers = { ...answersOf(notebook) };
  if (answer) answers[questionId] = answer;
  else delete answers[questionId];
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.updateNotebookMetadata({ ...notebook.metadata, answers })]);
  return vscode.workspace.applyEdit(edit);
}

export function registerAnswerMessaging(log: (level: 'warn' | 'error', m: string) => void): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  return messaging.onDidReceiveMessage(async ({ editor, message }) => {
    const m = parseRendererMessage(message);
    if (!m) {
      log('warn', `lesson renderer: ignored a malformed message`);
      return;
    }
    if (m.type === 'log') return log(m.level, `lesson renderer: ${m.message}`);
    const notebook = editor.notebook;
    if (m.type === 'answer') {
      await keepAnswer(notebook, m.questionId, m.guess !== undefined ? { guess: m.guess, correct: m.correct === true } : undefined);
      return;
    }
    const kept = answersOf(notebook)[m.questionId];
    const reply: HostToRenderer = { type: 'answer-state', questionId: m.questionId, ...(kept ? { guess: kept.guess } : {}) };
    await messaging.postMessage(reply, editor);
  });
}
