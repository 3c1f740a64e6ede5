/**
 * The visualizer panel: one at a time (`createOrShow`), restored after a window reload through the
 * serializer (`revive`). Messages to the webview wait until it has said `ready`; messages from it are
 * validated by the protocol's `parseWebviewMessage` (unknown or malformed ones are logged and ignored).
 * Resources are limited to `dist/` and `media/`; the HTML comes from src/host/html.ts with a CSP nonce.
 * A frame that stays blank (VS Code in a browser sometimes never gives it its service worker) is replaced
 * by a new one in the same place, twice at most (src/host/ready-watchdog.ts).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderWebviewHtml } from './html';
import { ReadyWatchdog } from './ready-watchdog';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../shared/protocol';
import type { LogLevel } from '../shared/names';

export const VIEW_TYPE = 'unrolled.visualizer';
const TITLE = 'Unrolled — RNN Visualizer';
/** How long a shown panel may stay without `ready` before it gets a new frame. */
export const READY_TIMEOUT_MS = 10_000;

export interface PanelHost {
  /** A validated message from the webview (after `ready` too). */
  onMessage(msg: WebviewToHost, panel: VisualizerPanel): void;
  logLine(level: LogLevel, message: string): void;
}

export class VisualizerPanel implements vscode.Disposable {
  static current: VisualizerPanel | undefined;

  private ready = false;
  private queue: HostToWebview[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private current: vscode.WebviewPanel;
  private readonly watchdog: ReadyWatchdog;
  private readonly disposeListeners: Array<() => void> = [];
  /** Messages posted since creation (for tests and the log). */
  posted = 0;

  /** Show the panel, creating it if needed. */
  static createOrShow(extensionUri: vscode.Uri, host: PanelHost, preserveFocus = false): VisualizerPanel {
    const current = VisualizerPanel.current;
    if (current) {
      // Keeping the editor in view (Analyze, Show in visualizer): a panel that is a tab of the editor's own
      // group would cover it, so it moves to the group beside.
      const editorColumn = vscode.window.activeTextEditor?.viewColumn;
      const sameGroup = preserveFocus && editorColumn !== undefined && editorColumn === current.panel.viewColumn;
      current.panel.reveal(sameGroup ? vscode.ViewColumn.Beside : undefined, preserveFocus);
      return current;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      TITLE,
      { viewColumn: column, preserveFocus },
      { ...webviewOptions(extensionUri), retainContextWhenHidden: true },
    );
    VisualizerPanel.current = new VisualizerPanel(panel, extensionUri, host, undefined);
    return VisualizerPanel.current;
  }

  /** Restore a panel VS Code kept across a reload (WebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, host: PanelHost, state: unknown): VisualizerPanel {
    VisualizerPanel.current?.dispose();
    VisualizerPanel.current = new VisualizerPanel(panel, extensionUri, host, state);
    return VisualizerPanel.current;
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
    private readonly restoredState: unknown,
  ) {
    this.current = panel;
    this.watchdog = new ReadyWatchdog({
      timeoutMs: READY_TIMEOUT_MS,
      maxRebuilds: 2,
      rebuild: (n) => this.rebuild(n),
      gaveUp: (ms) => {
        const m = `The Unrolled visualizer did not load in ${Math.round(ms / 1000)} s. Run "Developer: Reload Window" and open it again.`;
        host.logLine('error', m);
        void vscode.window.showWarningMessage(m);
      },
    });
    this.attach(panel);
  }

  /** How many times a frame that stayed blank was replaced. */
  get frameRebuilds(): number {
    return this.watchdog.attempts;
  }

  /** The VS Code panel now showing (a new one after a rebuild). */
  get panel(): vscode.WebviewPanel {
    return this.current;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.current = panel;
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState((e) => this.watchdog.visibility(e.webviewPanel.visible)),
    );
    panel.webview.html = this.html(this.restoredState);
    this.watchdog.started(panel.visible);
  }

  /** Replace a frame that never said ready with a new panel in the same group. */
  private rebuild(attempt: number): void {
    const old = this.current;
    if (attempt > 0) this.host.logLine('warn', `the visualizer did not say ready in ${READY_TIMEOUT_MS / 1000} s; opening it in a new frame (try ${attempt})`);
    this.ready = false;
    for (const d of this.disposables.splice(0)) d.dispose(); // the old panel's close is not the student's
    const fresh = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      TITLE,
      { viewColumn: old.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: true },
      { ...webviewOptions(this.extensionUri), retainContextWhenHidden: true },
    );
    old.dispose();
    this.attach(fresh);
  }

  /** Load the panel again in a new frame now (what a frame that stays blank gets). */
  reload(): void {
    this.rebuild(0);
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Send a message; held until the webview is ready. */
  post(msg: HostToWebview): void {
    if (!this.ready) {
      this.queue.push(msg);
      return;
    }
    this.posted++;
    void this.panel.webview.postMessage(msg).then(undefined, (e: unknown) =>
      this.host.logLine('warn', `could not post ${msg.type} to the visualizer: ${String(e)}`));
  }

  /** Drop queued messages (a new run replaces what was waiting). */
  clearQueue(): void {
    this.queue = [];
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  onDidDispose(fn: () => void): void {
    this.disposeListeners.push(fn);
  }

  dispose(): void {
    this.watchdog.stop();
    if (VisualizerPanel.current === this) VisualizerPanel.current = undefined;
    const ds = this.disposables.splice(0);
    for (const d of ds) d.dispose();
    if (ds.length) {
      this.panel.dispose();
      for (const fn of this.disposeListeners.splice(0)) fn();
    }
  }

  private receive(raw: unknown): void {
    const r = parseWebviewMessage(raw);
    if (!r.ok) {
      this.host.logLine('warn', `ignored a message from the visualizer: ${r.reason}`);
      return;
    }
    if (r.value.type === 'ready') {
      // A (re)loaded webview: the host replays the run on screen first, then what was queued for it
      // (e.g. a focus-step from the editor, which must land on that run).
      this.ready = true;
      this.watchdog.stop();
      this.host.onMessage(r.value, this);
      const q = this.queue;
      this.queue = [];
      for (const m of q) this.post(m);
      return;
    }
    this.host.onMessage(r.value, this);
  }

  private html(initialState: unknown): string {
    const w = this.panel.webview;
    const nonce = randomBytes(18).toString('base64').replace(/[+/=]/g, '');
    return renderWebviewHtml({
      cspSource: w.cspSource,
      nonce,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'webview.css')).toString(),
      ...(initialState !== undefined && initialState !== null ? { initialState } : {}),
    });
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
