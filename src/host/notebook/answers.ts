/**
 * The renderer's messages about question cells: a student's guess goes into the notebook's own metadata
 * (`answers`, one entry per question id) and nowhere else; a freshly drawn output asks for the kept guess.
 */
import * as vscode from 'vscode';
import type { Answer } from '../../lesson/format';
import { parseRendererMessage, type HostToRenderer } from '../../shared/lesson-messages';
import { KeyedQueue } from './keyed-queue';

export const RENDERER_ID = 'unrolled.lessonRenderer';

export function answersOf(notebook: vscode.NotebookDocument): Record<string, Answer> {
  const a = (notebook.metadata as { answers?: unknown }).answers;
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as Record<string, Answer>) : {};
}

/** Answers are read-modify-writes of the metadata: one at a time per notebook (keyed-queue.ts). */
const perNotebook = new KeyedQueue();

/**
 * Keep (or, with no guess, forget) one answer in the notebook's metadata. The edit marks the file dirty.
 * Queued behind the notebook's earlier answers, so a quick second answer does not write the first away.
 */
export function keepAnswer(notebook: vscode.NotebookDocument, questionId: string, answer: Answer | undefined): Promise<boolean> {
  return perNotebook.run(notebook.uri.toString(), () => writeAnswer(notebook, questionId, answer));
}

async function writeAnswer(notebook: vscode.NotebookDocument, questionId: string, answer: Answer | undefined): Promise<boolean> {
  const answers = { ...answersOf(notebook) };
  if (answer) answers[questionId] = answer;
  else delete answers[questionId];
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.updateNotebookMetadata({ ...notebook.metadata, answers })]);
  return await vscode.workspace.applyEdit(edit);
}

/** Presenter mode as the controller keeps it: its state and who to tell when it changes. */
export interface PresenterState {
  readonly presenter: boolean;
  readonly presenterListeners: Set<(on: boolean) => void>;
}

export function registerAnswerMessaging(log: (level: 'warn' | 'error', m: string) => void, presenter: PresenterState): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  // Every lesson output follows Unrolled: Presenter Mode (no editor given: all of them).
  const tell = (on: boolean): void => void messaging.postMessage({ type: 'presenter', on } satisfies HostToRenderer);
  presenter.presenterListeners.add(tell);
  const sub = messaging.onDidReceiveMessage(async ({ editor, message }) => {
    const m = parseRendererMessage(message);
    if (!m) {
      log('warn', `lesson renderer: ignored a malformed message`);
      return;
    }
    if (m.type === 'log') return log(m.level, `lesson renderer: ${m.message}`);
    if (m.type === 'get-presenter') {
      if (presenter.presenter) await messaging.postMessage({ type: 'presenter', on: true } satisfies HostToRenderer, editor);
      return;
    }
    const notebook = editor.notebook;
    if (m.type === 'answer') {
      await keepAnswer(notebook, m.questionId, m.guess !== undefined ? { guess: m.guess, correct: m.correct === true } : undefined);
      return;
    }
    // after any answer still being written, so a redrawn output gets the guess just given
    const kept = await perNotebook.run(notebook.uri.toString(), async () => answersOf(notebook)[m.questionId]);
    const reply: HostToRenderer = { type: 'answer-state', questionId: m.questionId, ...(kept ? { guess: kept.guess } : {}) };
    await messaging.postMessage(reply, editor);
  });
  return { dispose: () => { presenter.presenterListeners.delete(tell); sub.dispose(); } };
}
