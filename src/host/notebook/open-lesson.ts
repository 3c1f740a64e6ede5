/**
 * "Unrolled: Open the RNN Lesson": the lesson shipped in media/lessons, opened from the student's own copy
 * in the extension's storage (made on first use), so guesses and outputs saved with it survive and the
 * installed extension's files are never written.
 */
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const SHIPPED_LESSON = path.join('media', 'lessons', 'rnn.unrolled-lesson');

/** The student's copy of the shipped lesson (created from it when missing). */
export async function lessonCopy(context: vscode.ExtensionContext): Promise<vscode.Uri> {
  const dir = path.join(context.globalStorageUri.fsPath, 'lessons');
  const file = path.join(dir, 'rnn.unrolled-lesson');
  const exists = await stat(file).then(() => true, () => false);
  if (!exists) {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await copyFile(path.join(context.extensionPath, SHIPPED_LESSON), tmp);
    await rename(tmp, file);
  }
  return vscode.Uri.file(file);
}

/** The command: open the copy, or say in one line why it could not be. */
export async function openLesson(context: vscode.ExtensionContext, log: (m: string) => void): Promise<vscode.NotebookEditor | undefined> {
  try {
    const doc = await vscode.workspace.openNotebookDocument(await lessonCopy(context));
    return await vscode.window.showNotebookDocument(doc);
  } catch (e) {
    const message = `Could not open the RNN lesson: ${(e as Error).message}`;
    log(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}
