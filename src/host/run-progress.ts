/** How a run shows it is going: the status bar item (long runs, loaded models) and the progress notifications. */
import * as vscode from 'vscode';
import type { RunEndMessage } from '../shared/protocol';
import type { RunRecord } from './run-record';
import type { RunHandle } from './worker-client';
import { loadedModelText, progressText, statusBarText } from './run-status';

export class RunStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('unrolled.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Unrolled training';
    this.item.command = { title: 'Open Visualizer', command: 'unrolled.openVisualizer', arguments: [{ showTraining: true }] };
  }

  /** The training run's epoch, batch and loss (and the model that answers now, when known). */
  showRun(rec: RunRecord, model?: string): void {
    this.set(statusBarText(rec.status, model));
  }

  /** After Load Checkpoint: the model Predict and Analyze now use. */
  showModel(fileName: string, summary: string): void {
    this.set(loadedModelText(fileName, summary));
  }

  get text(): string {
    return this.item.text;
  }

  private set(t: { text: string; tooltip: string }): void {
    this.item.text = t.text;
    this.item.tooltip = t.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * A notification with Cancel while a long run goes: `listen` receives the function to call on each batch
 * of events (the notification's message follows the run's progress), and undefined when the run ends.
 */
export function withTrainingProgress(title: string, rec: RunRecord, handle: RunHandle,
  listen: (f: ((r: RunRecord) => void) | undefined) => void): Promise<RunEndMessage> {
  return Promise.resolve(vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Unrolled: ${title}`, cancellable: true },
    async (progress, token) => {
      let last = 0;
      listen((r) => {
        if (r !== rec) return;
        const p = progressText(r.status);
        const increment = p.fraction !== undefined ? Math.max(0, p.fraction * 100 - last) : undefined;
        if (p.fraction !== undefined) last = p.fraction * 100;
        progress.report({ message: p.message, ...(increment ? { increment } : {}) });
      });
      const sub = token.onCancellationRequested(() => void handle.cancel());
      try {
        return await handle.done;
      } finally {
        sub.dispose();
        listen(undefined);
      }
    },
  ));
}

/** A quick run: a spinner in the window's status area until it ends. */
export function withQuickProgress(title: string, handle: RunHandle): Promise<RunEndMessage> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Unrolled: ${title}` }, () => handle.done));
}
