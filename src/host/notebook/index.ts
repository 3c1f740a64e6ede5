/**
 * Lessons: the `unrolled-lesson` notebook type, its controller (runs Unrolled cells in the worker) and the
 * renderer's messaging. One call from extension.ts.
 */
import * as vscode from 'vscode';
import type { Controller } from '../controller';
import { LessonSerializer, NOTEBOOK_TYPE } from './serializer';

export interface Lessons {
  disposables: vscode.Disposable[];
}

export function registerLessons(_controller: Controller): Lessons {
  return {
    disposables: [
      vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new LessonSerializer(), { transientOutputs: false }),
    ],
  };
}
