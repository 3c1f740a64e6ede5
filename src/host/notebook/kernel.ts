/**
 * The lesson's notebook controller ("kernel"): runs Unrolled cells one after another in the extension's
 * worker thread (the same one the commands use), so a model trained by an earlier cell is the model later
 * cells predict with. Each cell gets an execution order and timer, can be stopped (the run is cancelled in
 * the worker), and its output is the cell's event stream (EVENTS_MIME, drawn by the lesson renderer) plus
 * the CLI's lines as text/plain.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DemoEvent } from '../../shared/events';
import { encodeRecording } from '../../shared/recording';
import { TextPrinter } from '../../demos/text';
import { cellRun, type CellRun } from '../../lesson/cell';
import { EVENTS_MIME } from '../../lesson/format';
import { eventsToStore } from '../../lesson/storage';
import type { Question } from '../../shared/questions';
import type { RunEndMessage } from '../../shared/protocol';
import type { Controller } from '../controller';
import type { RunHandle } from '../worker-client';
import { CELL_LANGUAGE, NOTEBOOK_TYPE } from './serializer';

/** How often the text output of a running cell is refreshed. */
const LIVE_TEXT_MS = 2000;

/** What a finished cell produced (the integration tests read it). */
export interface CellOutcome {
  status: RunEndMessage['status'] | 'invalid';
  events: DemoEvent[];
  lines: string[];
  message?: string;
}

/** The worker's "no model" answer, said in a lesson's terms. */
function lessonMessage(message: string): string {
  return /no trained model yet/.test(message)
    ? 'There is no trained model yet: run a train cell above first (or give predict --model CKPT).'
    : message;
}

export class LessonKernel implements vscode.Disposable {
  readonly notebookController: vscode.NotebookController;
  private order = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private running: RunHandle | undefined;
  /** Bumped by interrupt: cells queued before it do not start. */
  private generation = 0;
  /** The last outcome of each cell (by its document URI), for tests and the log. */
  readonly outcomes = new Map<string, CellOutcome>();

  constructor(private readonly host: Controller) {
    const c = vscode.notebooks.createNotebookController('unrolled.lessonKernel', NOTEBOOK_TYPE, 'Unrolled');
    c.supportedLanguages = [CELL_LANGUAGE];
    c.supportsExecutionOrder = true;
    c.description = 'Runs each cell in the extension\'s worker thread; the model an earlier cell trained stays for later cells';
    c.executeHandler = (cells) => this.execute(cells);
    c.interruptHandler = () => this.interrupt();
    this.notebookController = c;
    // The lesson's only kernel: preferred for every lesson, so Run All needs no kernel picker.
    const prefer = (nb: vscode.NotebookDocument): void => {
      if (nb.notebookType === NOTEBOOK_TYPE) c.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
    };
    vscode.workspace.notebookDocuments.forEach(prefer);
    this.subs.push(vscode.workspace.onDidOpenNotebookDocument(prefer));
  }

  private readonly subs: vscode.Disposable[] = [];

  /** Cells run in the order given, after any already queued (one worker, one run at a time). */
  execute(cells: readonly vscode.NotebookCell[]): Promise<void> {
    const gen = this.generation;
    const execs = cells.filter((c) => c.kind === vscode.NotebookCellKind.Code)
      .map((cell) => ({ cell, exec: this.notebookController.createNotebookCellExecution(cell) }));
    const next = this.queue.then(async () => {
      for (const { cell, exec } of execs) {
        if (gen !== this.generation) {
          exec.start(Date.now());
          exec.end(undefined);
          continue;
        }
        await this.runCell(cell, exec).catch((e: unknown) => this.host.logLine('error', `lesson cell failed: ${(e as Error).message}`));
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  interrupt(): void {
    this.generation++;
    void this.running?.cancel();
  }

  private async runCell(cell: vscode.NotebookCell, exec: vscode.NotebookCellExecution): Promise<void> {
    exec.executionOrder = ++this.order;
    exec.start(Date.now());
    await exec.clearOutput();
    const text = cell.document.getText();
    const key = cell.document.uri.toString();
    const question = (cell.metadata as { question?: Question } | undefined)?.question;
    let run: CellRun;
    try {
      const dir = cell.notebook.uri.scheme === 'file' ? path.dirname(cell.notebook.uri.fsPath) : undefined;
      run = cellRun(text, (p) => (dir && !path.isAbsolute(p) ? path.join(dir, p) : p));
    } catch (e) {
      const message = (e as Error).message;
      this.outcomes.set(key, { status: 'invalid', events: [], lines: [], message });
      await exec.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stderr(message)]));
      exec.end(false, Date.now());
      return;
    }
    const fail = async (message: string): Promise<void> => {
      this.outcomes.set(key, { status: 'error', events: [], lines: [], message });
      await exec.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stderr(message)]));
      exec.end(false, Date.now());
    };
    if (!(await this.host.mayReplaceActive('this lesson cell'))) return fail('Training started from the command palette is still running; stop it first.');
    if (run.modelPath) {
      const loaded = await readFile(run.modelPath, 'utf8')
        .then((json) => this.host.client.loadCheckpoint(json, run.modelPath))
        .catch((e: Error) => ({ error: `${run.modelPath}: ${e.message}`, summary: undefined }));
      if (loaded.error) return fail(loaded.error);
    }

    const events: DemoEvent[] = [];
    const lines: string[] = [];
    const printer = new TextPrinter();
    let lastLive = 0;
    let liveWrite: Promise<unknown> = Promise.resolve();
    const handle = this.host.client.run(run.demo, run.params, (m) => {
      for (const ev of m.events) {
        events.push(ev);
        lines.push(...printer.lines(ev));
      }
      const now = Date.now();
      if (now - lastLive >= LIVE_TEXT_MS) {
        lastLive = now;
        liveWrite = Promise.resolve(exec.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(lines.join('\n'))])));
      }
    });
    this.running = handle;
    const sub = exec.token.onCancellationRequested(() => void handle.cancel());
    const end = await handle.done;
    sub.dispose();
    if (this.running === handle) this.running = undefined;
    await liveWrite.then(undefined, () => undefined);

    const message = end.message ? lessonMessage(end.message) : undefined;
    if (end.status === 'cancelled') lines.push(`(stopped${message ? `: ${message}` : ''})`);
    this.outcomes.set(key, { status: end.status, events, lines, ...(message ? { message } : {}) });
    // Two outputs: the picture (the renderer's mime) and the CLI's lines under it. One output with both
    // items would show only one of them, and VS Code ranks text/plain above a mime it does not list.
    const outputs: vscode.NotebookCellOutput[] = [];
    // A question cell keeps the CLI's lines inside the picture's output (shown with it, after the guess):
    // printed beside it they would give the answer away.
    // A long run's snapshots are thinned for the file (src/lesson/storage.ts), and the output says so.
    const stored = eventsToStore(events);
    if (stored.note) lines.push(stored.note);
    const meta = { source: text, status: end.status, ...(question ? { question, lines } : {}),
      ...(stored.note ? { note: stored.note } : {}) };
    if (events.length) {
      const item = new vscode.NotebookCellOutputItem(new TextEncoder().encode(encodeRecording(stored.events, run.demo)), EVENTS_MIME);
      outputs.push(new vscode.NotebookCellOutput([item], meta));
    }
    if (lines.length && (!question || !events.length)) outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(lines.join('\n'))]));
    if (end.status === 'error') outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stderr(message ?? 'the run failed')]));
    await exec.replaceOutput(outputs);
    exec.end(end.status === 'done', Date.now());
    if (end.status === 'done' && run.demo === 'train') void this.host.keepModel();
  }

  dispose(): void {
    this.interrupt();
    for (const d of this.subs) d.dispose();
    this.notebookController.dispose();
  }
}
