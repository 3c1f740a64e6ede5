/**
 * The extension's state in one place: the worker client, the panel, the log channel, the status bar and
 * the runs shown. Commands (commands.ts) call `startRun` / `showAnswer`; the panel's messages come in
 * through `onMessage`. While a run is going, the host's event-loop delay is sampled and reported.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { DemoEvent, DemoName } from '../shared/events';
import { TextPrinter } from '../demos/text';
import { runHeader } from './run-header';
import type { EventsMessage, HostToWebview, RunEndMessage, RunParams, WebviewToHost } from '../shared/protocol';
import { startLagMonitor, WorkTimer, type LagStats } from './lag-monitor';
import { VisualizerPanel, type PanelHost } from './panel';
import { RunRecord } from './run-record';
import { copyViewLink } from './view-link';
import { ExtensionStorage } from './extension-storage';
import { RunStatusBar, withQuickProgress, withTrainingProgress } from './run-progress';
import { ModelKeeper } from './model-keeper';
import { exportFile } from './export-file';
import { WorkerClient, type RunHandle } from './worker-client';
import { forwardWhatIf } from './what-if-forward';
import { RunWarnings } from './run-warnings';
import type { LogLevel } from '../shared/names';

/** Demos that train for a while: progress notification with Cancel, status bar, Stop Training. */
const LONG_RUNS: ReadonlySet<DemoName> = new Set<DemoName>(['train', 'compare', 'compare-cells']);

export interface RunOutcome {
  runId: number;
  status: RunEndMessage['status'];
  message?: string;
  events: number;
  /** The demo's summary (its demo-end event), if it finished. */
  summary?: Record<string, unknown>;
  lag?: LagStats;
}

export class Controller implements PanelHost, vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly client: WorkerClient;
  private readonly statusBar = new RunStatusBar();
  private readonly records = new Map<number, RunRecord>();
  /** The demos' warnings, shown as notifications too (not only in the log). */
  private readonly warnings = new RunWarnings();
  private displayed: number | undefined;
  private lastShown: number | undefined;
  private active: { handle: RunHandle; record: RunRecord } | undefined;
  private statusRunId: number | undefined;
  /** Lag of the last long run (for the API and the log). */
  lastLag: LagStats | undefined;
  /** The last run shown and the current model, kept on disk for the next window (reload or restart). */
  readonly storage: ExtensionStorage;
  /** Unrolled: Presenter Mode (sent again to a panel that reloads; lesson outputs follow it too). */
  presenter = false;
  /** Runs started in this window: the log numbers them 1, 2, 3 … (run-header.ts). */
  private runsStarted = 0;
  /** Told when presenter mode changes: the lesson renderers' messaging (src/host/notebook/answers.ts). */
  readonly presenterListeners = new Set<(on: boolean) => void>();
  private readonly model: ModelKeeper;
  /** The save of the run last shown (tests and the serializer wait on it). */
  lastSave: Promise<void> = Promise.resolve();

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Unrolled', { log: true });
    const workerPath = path.join(context.extensionPath, 'dist', 'worker.js');
    this.client = new WorkerClient(() => new Worker(workerPath), {
      log: (level, m) => this.logLine(level, m),
    });
    context.subscriptions.push(this.log, this.statusBar);
    // The last run in the workspace's storage and in the global storage too (a second workspace storage folder
    // for the same workspace then still finds it: issue 13).
    this.storage = new ExtensionStorage((context.storageUri ?? context.globalStorageUri).fsPath, undefined,
      context.globalStorageUri.fsPath);
    this.model = new ModelKeeper(this.client, this.storage, (level, m) => this.logLine(level, m), (summary) => this.showLoadedModel('the model kept from the last window', summary),
      // The status bar names the model that answers now (the best of this window, maybe not this run's).
      (summary) => { const rec = this.statusRun; if (rec) this.statusBar.showRun(rec, `the model with ${summary}`); });
  }

  logLine(level: LogLevel, message: string): void {
    if (level === 'error') this.log.error(message);
    else if (level === 'warn') this.log.warn(message);
    else this.log.info(message);
  }

  get activeRun(): RunRecord | undefined {
    return this.active?.record;
  }

  get displayedRunId(): number | undefined {
    return this.displayed;
  }

  private panelClosed(): void {
    this.lastShown = this.displayed;
    this.displayed = undefined;
  }

  /** The run shown last, even if its panel has been closed since (Open Visualizer shows it again). */
  get lastShownRunId(): number | undefined {
    const ids = [...this.records.keys()];
    return this.displayed ?? (this.lastShown !== undefined && this.records.has(this.lastShown) ? this.lastShown : ids[ids.length - 1]);
  }

  record(runId: number): RunRecord | undefined {
    return this.records.get(runId);
  }

  // ------------------------------------------------------------------ panel
  openPanel(preserveFocus = false): VisualizerPanel {
    const existed = VisualizerPanel.current !== undefined;
    const panel = VisualizerPanel.createOrShow(this.context.extensionUri, this, preserveFocus);
    if (!existed) panel.onDidDispose(() => this.panelClosed());
    return panel;
  }

  /** A panel VS Code restored after a window reload: it shows the last run again, from the host's saved
   * copy (the webview's own state holds only its view and position). */
  async revivePanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<VisualizerPanel> {
    await this.restoreShown();
    const panel = VisualizerPanel.revive(webviewPanel, this.context.extensionUri, this, state);
    panel.onDidDispose(() => this.panelClosed());
    return panel;
  }

  /** Show a recorded run in the panel from its start (then live, if it is still going). */
  show(runId: number, preserveFocus = false): void {
    const rec = this.records.get(runId);
    if (!rec) return;
    const panel = this.openPanel(preserveFocus);
    panel.clearQueue();
    const changed = this.displayed !== runId;
    this.displayed = runId;
    // A panel still loading gets the replay when it says ready (once, not queued here and again then).
    if (panel.isReady) for (const m of rec.replay()) panel.post(m);
    if (changed) this.saveShown(rec);
  }

  /** Keep the run on screen on disk (a run still going is saved as it stands, and again when it ends). */
  private saveShown(rec: RunRecord): void {
    this.lastSave = this.storage.save(rec).catch((e: Error) => this.logLine('warn', `${e.message} (the visualizer will not show it after a window reload)`));
  }

  /**
   * After a window reload (or a restart) the host starts with no runs: bring back the last one shown, so a
   * restored or reopened panel shows it again. Does nothing when a run is already on screen.
   */
  async restoreShown(): Promise<void> {
    // Only a host that has no run of its own yet: the file never replaces a run this host holds (a training
    // run goes on while its panel is closed, and its file was written when it started).
    if (this.displayed !== undefined || this.records.size > 0) return;
    const r = await this.storage.load();
    if (!r.ok) {
      if (!r.missing) this.logLine('warn', `could not restore the last run: ${r.reason}`);
      return;
    }
    if (this.displayed !== undefined || this.records.has(r.record.runId)) return; // a run started while the file was read
    this.records.set(r.record.runId, r.record);
    this.client.reserveIds(r.record.runId);
    this.displayed = r.record.runId;
    this.logLine('info', `Restored the last run shown: ${r.record.title} (${r.record.end?.status ?? 'done'})`);
  }

  onMessage(msg: WebviewToHost, panel: VisualizerPanel): void {
    switch (msg.type) {
      case 'ready':
        if (this.presenter) panel.post({ type: 'presenter', on: true });
        if (this.displayed !== undefined) {
          const rec = this.records.get(this.displayed);
          if (rec) for (const m of rec.replay()) panel.post(m);
        }
        return;
      case 'predict':
        this.predict(msg.text).then(
          (r) => panel.post({ type: 'predict-result', requestId: msg.requestId, events: r.events, ...(r.error ? { error: r.error } : {}) }),
          (e: Error) => panel.post({ type: 'predict-result', requestId: msg.requestId, events: [], error: e.message }),
        );
        return;
      case 'get-snapshot': {
        const rec = this.records.get(msg.runId);
        const local = rec?.snapshot(msg.snapshotId);
        if (local || !rec?.inWorker) {
          panel.post(local
            ? { type: 'snapshot-result', requestId: msg.requestId, event: local }
            : { type: 'snapshot-result', requestId: msg.requestId, error: `snapshot ${msg.snapshotId} of run ${msg.runId} is not stored` });
          return;
        }
        this.client.getSnapshot(msg.runId, msg.snapshotId).then(
          (r) => panel.post({ type: 'snapshot-result', requestId: msg.requestId, ...(r.event ? { event: r.event } : {}), ...(r.error ? { error: r.error } : {}) }),
          (e: Error) => panel.post({ type: 'snapshot-result', requestId: msg.requestId, error: e.message }),
        );
        return;
      }
      case 'what-if':
      case 'what-if-jacobian':
        forwardWhatIf(this.client, msg, (m) => panel.post(m));
        return;
      case 'run-command':
        void vscode.commands.executeCommand(msg.command);
        return;
      case 'export':
        void exportFile(msg.format, msg.fileName, msg.data, { logInfo: (m) => this.log.info(m), showError: (m) => this.showError(m) });
        return;
      case 'log':
        this.logLine(msg.level, `visualizer: ${msg.message}`);
        return;
      case 'copy-link':
        copyViewLink(this, msg.state).catch((e: Error) => this.logLine('error', `could not copy the link: ${e.message}`));
        return;
    }
  }

  // ------------------------------------------------------------------ runs
  /** Asks before a new run replaces a training run; true when it may go ahead. */
  async mayReplaceActive(what: string, force = false): Promise<boolean> {
    const a = this.active;
    if (!a) return true;
    if (!force && LONG_RUNS.has(a.record.demo)) {
      const stop = 'Stop and Start';
      const answer = await vscode.window.showWarningMessage(
        `Training is still running. Stop it and start ${what}?`, { modal: true }, stop);
      if (answer !== stop) return false;
    }
    await a.handle.cancel();
    return true;
  }

  /** Run a demo in the worker, streaming to the panel, log, progress and status bar. */
  async startRun(demo: DemoName, params: RunParams, title: string): Promise<RunOutcome> {
    const long = LONG_RUNS.has(demo);
    const printer = new TextPrinter();
    let rec!: RunRecord;
    const panel = this.openPanel(long);
    const work = new WorkTimer();
    const handle = this.client.run(demo, params, (m: EventsMessage) => work.time(() => this.onEvents(rec, printer, m)));
    rec = new RunRecord(handle.runId, demo, title, true);
    this.records.set(handle.runId, rec);
    this.prune();
    this.active = { handle, record: rec };
    void vscode.commands.executeCommand('setContext', 'unrolled.running', true);
    this.log.info(runHeader(title, ++this.runsStarted, demo, params));
    panel.clearQueue();
    this.displayed = handle.runId;
    if (panel.isReady) panel.post({ type: 'show-run', runId: handle.runId, demo, title });
    this.saveShown(rec);
    if (long) {
      this.statusRunId = handle.runId;
      this.updateStatus(rec);
    }

    const lag = long ? startLagMonitor() : undefined;
    const end = await (long
      ? withTrainingProgress(title, rec, handle, (f) => { this.progressListener = f; })
      : withQuickProgress(title, handle));
    const lagStats = lag ? { ...lag(), ...work.stats() } : undefined;
    rec.finish(end);
    if (this.active?.handle === handle) {
      this.active = undefined;
      void vscode.commands.executeCommand('setContext', 'unrolled.running', false);
    }
    if (this.displayed === handle.runId) {
      this.postLive({ type: 'run-end', runId: handle.runId, status: end.status, ...(end.message ? { message: end.message } : {}) });
      this.saveShown(rec);
    }
    if (long) this.updateStatus(rec);
    if (lagStats) {
      this.lastLag = lagStats;
      // For developers (shown at the Debug log level): students compare the log with the notebook's lines.
      this.log.debug(`Extension host event-loop delay during the run: p50 ${lagStats.p50.toFixed(1)} ms, p99 ${lagStats.p99.toFixed(1)} ms, max ${lagStats.max.toFixed(1)} ms; handling a worker message: median ${lagStats.handlerP50?.toFixed(2) ?? '–'} ms, longest ${lagStats.handlerMax?.toFixed(2) ?? '–'} ms`);
    }
    if (end.status === 'cancelled') {
      const kept = demo === 'train' && (rec.status.updates ?? 0) > 0
        ? ` Predict Sentiment, Analyze and Save Checkpoint now use the model as it stood (epoch ${rec.status.epoch}, ${rec.status.updates} batches trained; not tested).`
        : '';
      this.log.warn(`${title}: stopped${end.message ? ` (${end.message})` : ''}.${kept}`);
    }
    this.notifyWarnings(handle.runId, [], true);
    if (end.status === 'error') {
      this.log.error(`${title} failed: ${end.message ?? 'unknown error'}`);
      void this.showError(`${title} failed: ${end.message ?? 'unknown error'}`);
    }
    const summary = findSummary(rec);
    return { runId: handle.runId, status: end.status, ...(end.message ? { message: end.message } : {}), events: rec.eventCount,
      ...(summary ? { summary } : {}), ...(lagStats ? { lag: lagStats } : {}) };
  }

  /** Show an answer that came in one piece (predict, analyze) as a finished run. */
  showAnswer(runId: number, demo: DemoName, title: string, events: DemoEvent[], preserveFocus: boolean): RunRecord {
    const rec = new RunRecord(runId, demo, title, false);
    rec.add(events);
    rec.finish({ type: 'run-end', runId, status: 'done' });
    this.records.set(runId, rec);
    this.prune();
    const printer = new TextPrinter();
    for (const e of events) for (const line of printer.lines(e)) this.log.info(line);
    this.notifyWarnings(runId, events, true);
    this.show(runId, preserveFocus);
    return rec;
  }

  async stopActive(): Promise<RunEndMessage | undefined> {
    const a = this.active;
    if (!a) return undefined;
    return a.handle.cancel();
  }

  async showError(message: string): Promise<void> {
    const pick = await vscode.window.showErrorMessage(message, 'Show Log');
    if (pick === 'Show Log') this.log.show(true);
  }

  private onEvents(rec: RunRecord, printer: TextPrinter, m: EventsMessage): void {
    rec.add(m.events, m.storedSnapshotIds);
    for (const ev of m.events) for (const line of printer.lines(ev)) this.log.info(line);
    this.notifyWarnings(rec.runId, m.events, false);
    if (this.displayed === rec.runId) {
      const msg: HostToWebview = { type: 'events', runId: rec.runId, events: m.events, ...(m.storedSnapshotIds ? { storedSnapshotIds: m.storedSnapshotIds } : {}) };
      this.postLive(msg);
    }
    if (this.statusRunId === rec.runId) this.updateStatus(rec);
    this.progressListener?.(rec);
  }

  private notifyWarnings(runId: number, events: readonly DemoEvent[], ended: boolean): void {
    const texts = this.warnings.take(runId, events);
    const more = ended ? this.warnings.finish(runId) : null;
    for (const t of more ? [...texts, more] : texts) void vscode.window.showWarningMessage(t);
  }

  /** A live message of the run on screen. A panel still loading is skipped: its ready replays the record. */
  private postLive(msg: HostToWebview): void {
    const panel = VisualizerPanel.current;
    if (panel?.isReady) panel.post(msg);
  }

  private progressListener: ((rec: RunRecord) => void) | undefined;

  private updateStatus(rec: RunRecord): void {
    this.statusBar.showRun(rec);
  }

  /** A new model (trained, stopped with its weights kept, or loaded): keep its checkpoint for the next window. */
  keepModel(): Promise<void> {
    return this.model.keep();
  }

  /** Predict or analyze with the current model (the one kept from the last window, if this one has none). */
  async predict(text: string, demo?: 'predict' | 'analyze'): ReturnType<WorkerClient['predict']> {
    await this.model.ensure();
    return this.client.predict(text, demo);
  }

  /** The current model's checkpoint (the one kept from the last window, if this one has none). */
  async saveCheckpoint(): ReturnType<WorkerClient['saveCheckpoint']> {
    await this.model.ensure();
    return this.client.saveCheckpoint();
  }

  /** After Load Checkpoint: the status bar names the model Predict and Analyze now use. */
  showLoadedModel(fileName: string, summary: string): void {
    this.statusBar.showModel(fileName, summary);
  }

  /** The run the status bar is about (the last training run). */
  get statusRun(): RunRecord | undefined {
    return this.statusRunId === undefined ? undefined : this.records.get(this.statusRunId);
  }

  get statusText(): string {
    return this.statusBar.text;
  }

  /** Keep the last few runs (and the status bar's). */
  private prune(): void {
    const keep = 6;
    const ids = [...this.records.keys()];
    for (const id of ids.slice(0, Math.max(0, ids.length - keep))) {
      if (id !== this.statusRunId && id !== this.displayed && id !== this.active?.handle.runId) this.records.delete(id);
    }
  }

  dispose(): void {
    this.client.dispose();
    VisualizerPanel.current?.dispose();
  }
}

function findSummary(rec: RunRecord): Record<string, unknown> | undefined {
  for (let i = rec.batches.length - 1; i >= 0; i--) {
    for (const e of rec.batches[i].events) if (e.type === 'demo-end') return e.summary;
  }
  return undefined;
}
