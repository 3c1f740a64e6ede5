/**
 * Lessons: the `unrolled-lesson` notebook type, its controller (runs Unrolled cells in the worker) and the
 * renderer's messaging. One call from extension.ts.
 */
import * as vscode from 'vscode';
import type { Controller } from '../controller';
import { registerAnswerMessaging } from './answers';
import { LessonKernel } from './kernel';
import { LessonSerializer, NOTEBOOK_TYPE } from './serializer';

export interface Lessons {
  kernel: LessonKernel;
  disposables: vscode.Disposable[];
}

export function registerLessons(controller: Controller): Lessons {
  const kernel = new LessonKernel(controller);
  return {
    kernel,
    disposables: [
      vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new LessonSerializer(), { transientOutputs: false }),
      kernel,
      registerAnswerMessaging((level, m) => controller.logLine(level, m), controller),
    ],
  };
}
