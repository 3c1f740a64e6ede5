/**
 * Unrolled's entry point: wires the controller, the commands, the analyze view and the panel serializer.
 * Everything else lives in src/host (VS Code side) and src/worker (the worker thread).
 */
import * as vscode from 'vscode';
import { AnalyzeView } from './host/analyze-view';
import { registerCommands } from './host/commands';
import { Controller } from './host/controller';
import { registerLessons } from './host/notebook/index';
import type { LessonKernel } from './host/notebook/kernel';
import { VIEW_TYPE, VisualizerPanel } from './host/panel';
import { readSettings } from './host/settings';
import { registerViewLinkHandler } from './host/view-link';
import { SETTINGS_SECTION } from './host/settings-schema';

/** What `activate` returns: a window into the extension's state for the integration tests. */
export interface UnrolledApi {
  controller: Controller;
  analyzeView: AnalyzeView;
  panel(): VisualizerPanel | undefined;
  /** The lesson notebooks' kernel (src/host/notebook). */
  lessons: LessonKernel;
}

export function activate(context: vscode.ExtensionContext): UnrolledApi {
  const controller = new Controller(context);
  const lessons = registerLessons(controller);
  const analyzeView = new AnalyzeView((n) => void vscode.commands.executeCommand('setContext', 'unrolled.analyzed', n > 0));
  context.subscriptions.push(
    controller,
    analyzeView,
    ...registerCommands(controller, analyzeView),
    ...lessons.disposables,
    registerViewLinkHandler(controller),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        await controller.revivePanel(panel, state);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
      const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const { errors } = readSettings((k) => cfg.get(k), {
        trusted: vscode.workspace.isTrusted,
        workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        isFile: () => true, // files are checked when a run starts
      });
      for (const err of errors) {
        controller.logLine('warn', err);
        void vscode.window.showWarningMessage(err);
      }
    }),
  );
  return { controller, analyzeView, panel: () => VisualizerPanel.current, lessons: lessons.kernel };
}

export function deactivate(): void {
  // Disposables registered on the context (worker, panel, status bar) are released by VS Code.
}
