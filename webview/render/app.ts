/**
 * The panel controller: receives host messages, keeps the run (pure store), the UI state and the
 * playback clock, and asks the views to draw. The only place that knows about all views.
 */
import type { HostToWebview, WebviewCommand } from '../../src/shared/protocol';
import type { DemoEvent, SnapshotEvent } from '../../src/shared/events';
import { emptyRun, applyEvents, liveSnapshot, type RunState } from '../model/store';
import * as pb from '../model/playback';
import { dashboard, keepTraining, trainingSource } from '../model/dashboard';
import { caption } from '../model/story';
import { restoreState, DEFAULT_UI, type UiState, type ViewName } from '../model/persist';
import * as ss from '../model/session';
import { initialState, type VsCodeApi } from '../vscode-api';
import { NetworkView } from './network';
import { Controls } from './controls';
import { Inspector, Tooltip } from './inspector';
import { DashboardView } from './dashboard';
import { PredictPanel } from './predict-view';
import { colourLegend, gradCaption, WhatIfPanel } from './panels';
import { NetworkSide } from './network-side';
import { gradAxisFor } from '../model/vanish-compare';
import { FrameLoop } from './frame-loop';
import { PredictSession } from './predict-session';
import { ViewLinking } from './view-link';
import { Shell } from './shell';
import { onThemeChange } from './dom';
import { wireInput, type InputHost } from './input';
import { buildExport, viewJson, type ExportFormat } from './export';
import type { LogLevel } from '../../src/shared/names';

/** How long UI changes (playback position, a click) wait before the panel state is saved. */
const PERSIST_DELAY_MS = 100;

/** How the app is embedded: the panel (defaults) or one notebook output among others (src/host/notebook). */
export interface AppOptions {
  /** Where keyboard shortcuts are heard (default the whole document; a notebook output: its own element). */
  keyTarget?: HTMLElement;
  /** Whether host messages arrive as window messages (the panel) or only through onMessage (a notebook output). */
  windowMessages?: boolean;
}

export type { RenderStats } from './frame-loop';

export class App implements InputHost {
  run: RunState = emptyRun();
  /** The last training / Compare Readouts run, kept for the Training view while other demos are shown. */
  private keptTraining: RunState | null = null;
  /** A run the panel showed before a window reload: its view and position wait for the host's replay. */
  private restoring: { runId: number; ui: UiState } | null = null;
  ui: UiState = { ...DEFAULT_UI };
  playback: pb.Playback = pb.newPlayback(1, false);
  snapshot: SnapshotEvent | null = null;
  private readonly loop = new FrameLoop((dt, now) => this.frame(dt, now));
  /** Frames drawn and time spent drawing (the browser test reads them). */
  readonly stats = this.loop.stats;
  private lastControls = 0;
  /** The column last scrolled into view: the view follows the active column whenever it changes. */
  private followT = -1;
  private dashDirty = true;
  private dashTimer = 0;
  private persistTimer = 0;
  private readonly predict: PredictSession;
  private readonly catalog = new ss.SnapshotCatalog();

  readonly network: NetworkView;
  readonly controls: Controls;
  readonly inspector = new Inspector();
  readonly tooltip = new Tooltip();
  readonly dash = new DashboardView();
  readonly predictPanel: PredictPanel;
  readonly whatIf = new WhatIfPanel({ post: (m) => this.api.postMessage(m), copyLink: () => this.linking.copy(),
    show: (s) => { this.showSnapshot(s, false); this.setPlayback(pb.seek(pb.pause(this.playback), this.linking.takePos() ?? 1e9)); } });
  readonly linking: ViewLinking = new ViewLinking(this, (m) => this.api.postMessage(m));
  private readonly shell: Shell;
  private readonly side: NetworkSide;

  constructor(private readonly root: HTMLElement, private readonly api: VsCodeApi, opts: AppOptions = {}) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the key handler's getters read the live state
    const app = this;
    this.network = new NetworkView({ onHover: (h, x, y) => this.side.onHover(h, x, y), onClick: (h) => this.side.onClick(h) });
    this.network.redrawRequested = () => this.invalidate();
    this.controls = new Controls({
      togglePlay: () => this.togglePlay(),
      step: (d) => this.setPlayback(pb.step(this.playback, d)),
      seek: (p) => this.setPlayback(pb.seek(pb.pause(this.playback), p)),
      setSpeed: (s) => this.setPlayback(pb.setSpeed(this.playback, s)),
      setSnapshotIndex: (i) => this.selectSnapshotIndex(i),
      setZoom: (z) => { this.network.setZoom(z); this.invalidate(); },
    });
    this.inspector.onUnpin = () => this.pin(null);
    this.predictPanel = new PredictPanel((t) => { this.ui.predictText = t; this.predict.input(t); this.schedulePersist(); });
    this.predict = new PredictSession(this.predictPanel, (m) => this.api.postMessage(m));
    this.predictPanel.onCompare = () => this.runCommand('unrolled.compareReadouts');
    this.predictPanel.onShowInNetwork = () => {
      if (this.predict.result?.snapshot) { this.showSnapshot(this.predict.result.snapshot, true); this.setView('network'); }
    };
    this.shell = new Shell(this.root, {
      controls: this.controls.root, network: this.network.root, legend: colourLegend(),
      dashboard: this.dash.root, predict: this.predictPanel.root, tooltip: this.tooltip.root, whatIf: this.whatIf.root,
    }, { setView: (v) => this.setView(v), exportAs: (f) => void this.exportAs(f), runCommand: (c) => this.runCommand(c) });
    this.shell.side.append(this.inspector.root);
    this.side = new NetworkSide(this.network, this.inspector, this.tooltip, this.shell.side, this.shell.gradText, {
      get snapshot() { return app.snapshot; }, get phase() { return pb.phaseAt(app.playback); }, get pinned() { return app.ui.pinned; },
      get run() { return app.run; },
      pin: (c) => this.pin(c), invalidate: () => this.invalidate(), compareReadouts: () => this.runCommand('unrolled.compareReadouts'),
    }, this.shell.gates);
    wireInput(this, opts.keyTarget ?? document, this.network.scroller);
    if (opts.windowMessages ?? true) window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data as HostToWebview));
    window.addEventListener('resize', () => { this.network.refit(); this.invalidate(); });
    onThemeChange(() => { this.network.readTheme(); this.shell.gates.retheme(); this.invalidate(); });
    this.restore(initialState(this.api, this.root));
    this.setView(this.ui.view);
    this.refreshAll();
    this.api.postMessage({ type: 'ready' });
  }

  /** The saved UI state after a reload. The run itself comes back from the host (a replay that starts with
   * show-run and ends with run-end); its view, snapshot, position and pinned cell are applied then. */
  private restore(raw: unknown): void {
    const st = restoreState(raw);
    if (!st) return;
    this.ui = st.ui;
    this.predictPanel.input.value = this.ui.predictText;
    if (st.run) this.restoring = { runId: st.run.runId, ui: { ...st.ui } }; // a copy: this.ui changes meanwhile
  }

  /** The replay of the restored run has arrived: put the student back where they were. */
  private finishRestore(saved: UiState): void {
    this.ui = { ...this.ui, snapshotId: saved.snapshotId, pinned: saved.pinned };
    const want = ss.restoreTarget(saved);
    const s = want !== null ? this.run.snapshots.find((x) => x.id === want) : undefined;
    if (s && s !== this.snapshot) this.showSnapshot(s, false);
    if (this.snapshot) this.playback = { ...pb.seek(pb.setSpeed(this.playback, saved.speed), saved.pos), playing: false };
    this.setView(saved.view);
    this.side.update();
  }

  onMessage(m: HostToWebview): void {
    if (!m || typeof m !== 'object') return;
    try {
      switch (m.type) {
        case 'show-run': {
          if (this.restoring && this.restoring.runId !== m.runId) this.restoring = null;
          this.restoring = this.linking.onShowRun(m.runId, m.demo, this.ui) ?? this.restoring;
          this.keptTraining = keepTraining(this.keptTraining, this.run);
          this.run = emptyRun(m.runId, m.demo, m.title);
          this.dashDirty = true;
          this.snapshot = null;
          this.catalog.clear();
          this.ui = { ...this.ui, snapshotId: null, pinned: null, pos: 0 };
          this.setView(ss.viewForRun(m.demo, this.ui.view, this.restoring?.ui.view));
          break;
        }
        case 'events':
          if (m.runId !== this.run.runId && this.run.runId !== 0) return;
          if (this.run.runId === 0) this.run.runId = m.runId;
          if (this.run.demo === 'predict') this.predict.collect(m.runId, m.events);
          this.ingest(m.events);
          this.catalog.add(m.storedSnapshotIds ?? []);
          break;
        case 'run-end':
          if (m.runId !== this.run.runId) return;
          if (this.run.demo === 'predict') this.ui.predictText = this.predictPanel.input.value = this.predict.showRun(); // the answer in its view
          [this.run.status, this.run.message, this.dashDirty] = [m.status, m.message, true];
          if (this.restoring?.runId === m.runId) {
            const saved = this.restoring.ui;
            this.restoring = null;
            this.finishRestore(saved);
          }
          this.linking.onRunEnd(m.runId); // a view link's what-if, once its step and pin are restored
          break;
        case 'presenter': this.controls.presenter(m.on); break;
        case 'apply-view': this.linking.expect(m.state); break; // a view link is being opened
        case 'focus-step': this.focusStep(m.t, m.snapshotId); break;
        case 'predict-result':
          this.predict.answer(m);
          break;
        case 'what-if-result': case 'what-if-jacobian-result': this.whatIf.onMessage(m); return;
        case 'snapshot-result': {
          if (this.catalog.take(m.requestId) !== this.run.runId) return;
          if (m.error || !m.event) { this.run.errors.push(`snapshot not available: ${m.error ?? 'no event'}`); break; }
          this.ingest([m.event]);
          this.run.snapshots.sort((a, b) => a.id - b.id);
          const s = this.run.snapshots.find((x) => x.id === m.event!.id);
          if (s) this.showSnapshot(s, false);
          break;
        }
        default:
          this.log('warn', `unknown message type ${JSON.stringify((m as { type?: unknown }).type)}`);
      }
    } catch (err) {
      this.run.errors.push(`could not show a ${m.type} message: ${(err as Error).message}`);
      this.log('error', `webview: ${(err as Error).message}`);
    }
    this.refreshAll();
    this.schedulePersist();
  }

  private runCommand(command: WebviewCommand): void {
    this.api.postMessage({ type: 'run-command', command });
  }

  private log(level: LogLevel, message: string): void { this.api.postMessage({ type: 'log', level, message }); }

  private ingest(events: readonly DemoEvent[]): void {
    const before = this.run.snapshots.length;
    const hadLive = this.run.liveSteps.length;
    applyEvents(this.run, events);
    this.catalog.add(this.run.snapshots.map((s) => s.id));
    if (events.some((e) => e && (e.type === 'batch' || e.type === 'epoch' || e.type === 'eval' || e.type === 'clip'))) this.dashDirty = true;
    const next = ss.afterIngest(this.run, this.ui.snapshotId, before, hadLive);
    if (next.kind === 'snapshot') {
      this.showSnapshot(next.snapshot, next.autoplay);
      if (next.seekEnd) this.playback = pb.seek(this.playback, pb.total(this.playback) - 1);
    } else if (next.kind === 'live') {
      const live = liveSnapshot(this.run);
      if (live) {
        this.showSnapshot(live, false);
        this.playback = pb.seek(this.playback, next.seekT);
      }
    }
  }

  showSnapshot(s: SnapshotEvent, autoplay: boolean): void {
    this.playback = ss.playbackFor(this.playback, this.snapshot, s, autoplay);
    this.snapshot = s;
    const rebuilt = this.network.setSnapshot(s, gradAxisFor(this.run, s)); // the vanishing demo's one shared axis
    this.followT = -1;
    this.ui.pinned = ss.keepPinned(this.ui.pinned, s);
    this.shell.gradText.textContent = gradCaption(this.network.grad);
    this.shell.showNetwork(true);
    this.refreshControls();
    this.side.update();
    if (rebuilt) this.network.refit();
    this.invalidate();
    if (this.playback.playing) this.loop.start();
  }

  selectSnapshotIndex(i: number): void {
    const sel = ss.selectSnapshot(this.catalog.ids, i);
    if (!sel) return;
    const id = sel.id;
    this.ui.snapshotId = sel.hold;
    const s = this.run.snapshots.find((x) => x.id === id);
    if (s) this.showSnapshot(s, false);
    else this.requestSnapshot(id);
    this.refreshAll();
    this.schedulePersist();
  }

  private requestSnapshot(id: number): void {
    const requestId = this.catalog.request(this.run.runId);
    this.api.postMessage({ type: 'get-snapshot', requestId, runId: this.run.runId, snapshotId: id });
  }

  private focusStep(t: number, snapshotId?: number): void {
    this.setView('network');
    if (snapshotId !== undefined) {
      const s = this.run.snapshots.find((x) => x.id === snapshotId);
      if (s && s !== this.snapshot) this.showSnapshot(s, false);
      else if (!s) this.requestSnapshot(snapshotId);
      this.ui.snapshotId = snapshotId;
    }
    if (!this.snapshot) return;
    this.setPlayback(pb.pause(pb.seekTimestep(this.playback, t, 'forward')));
    const tt = pb.phaseAt(this.playback).t;
    this.pin({ layer: this.snapshot.hidden.layers - 1, t: tt });
    this.network.scrollToColumn(tt);
  }

  setPlayback(p: pb.Playback): void {
    const toggled = p.playing !== this.playback.playing;
    this.playback = p;
    // The play button shows the new state at once (the loop refreshes the controls only when t moves).
    if (toggled) this.refreshControls();
    this.ui.pos = p.pos; this.ui.speed = p.speed;
    if (p.playing) this.loop.start();
    this.invalidate();
    this.schedulePersist();
  }

  togglePlay(): void {
    if (!this.snapshot) return;
    this.setPlayback(this.playback.playing ? pb.pause(this.playback) : pb.play(this.playback));
  }

  /** Draw once soon (or keep the loop running while playing). */
  invalidate(): void {
    this.loop.invalidate();
  }

  /** One frame: advance the clock, draw; true to keep going (playing). */
  private frame(dt: number, now: number): boolean {
    const prev = pb.phaseAt(this.playback);
    if (this.playback.playing) this.playback = pb.tick(this.playback, dt);
    this.side.draw(this.playback.playing ? this.playback.frac : 1);
    const ph = pb.phaseAt(this.playback);
    // Controls and caption follow at most ~10 times a second while playing (text layout is not free).
    if (!this.playback.playing || ((ph.t !== prev.t || ph.phase !== prev.phase) && now - this.lastControls > 100)) {
      this.lastControls = now;
      this.refreshControls();
    }
    // The Output box reveals the prediction the frame the forward pass computes it (and hides it again on a seek back).
    if (this.side.outputStale()) this.side.update();
    // Follow the active column (playback either way, seek, step, Home/End, focus-step); a user's own scrolling
    // stays until the column moves again.
    if (ph.t !== this.followT && this.ui.view === 'network') {
      this.followT = ph.t;
      this.network.scrollToColumn(ph.t);
    }
    if (this.playback.playing) return true;
    this.ui.pos = this.playback.pos;
    this.schedulePersist();
    return false;
  }

  pin(cell: { layer: number; t: number } | null): void {
    this.ui.pinned = cell;
    if (cell && this.ui.view === 'network') this.network.scrollToColumn(cell.t);
    this.side.update();
    this.invalidate();
    this.schedulePersist();
  }

  snapIndex(): number {
    return ss.snapshotIndex(this.catalog.ids, this.snapshot?.id);
  }

  focusTab(v: ViewName): void { this.shell.focusTab(v); }
  hideTooltip(): void { this.tooltip.hide(); }
  scrollToColumn(t: number): void { this.network.scrollToColumn(t); }
  zoom(): { setting: number; drawn: number } { return { setting: Number(this.controls.zoom.value), drawn: this.network.drawnZoom }; }
  setZoom(z: number): void { this.controls.setZoom(z); }

  setView(v: ViewName): void {
    this.ui.view = v;
    this.shell.selectView(v);
    if (v === 'training') { this.dashDirty = true; this.refreshDashboard(); }
    if (v === 'network') { this.network.refit(); this.followT = -1; this.invalidate(); }
    this.schedulePersist();
  }

  private refreshAll(): void {
    this.shell.showRun(this.run, !!this.snapshot);
    this.whatIf.setContext(this.run.demo, this.run.config, this.snapshot, this.run.jacobians);
    if (this.snapshot) this.network.refit();
    this.refreshControls();
    this.side.update();
    this.refreshDashboard();
  }

  refreshControls(): void {
    const s = this.snapshot;
    this.controls.update(ss.controlsView(this.playback, s, this.catalog.ids));
    this.shell.story.textContent = s ? caption(s, pb.phaseAt(this.playback), this.run) : '';
  }

  private refreshDashboard(): void {
    if (!this.dashDirty || this.ui.view !== 'training') return;
    if (this.dashTimer) return;
    // At most ~4 redraws a second while batches stream in.
    this.dashTimer = window.setTimeout(() => {
      this.dashTimer = 0;
      this.dashDirty = false;
      const src = trainingSource(this.run, this.keptTraining);
      this.dash.update(dashboard(src.run), src.from, src.waiting);
    }, this.run.batches.length ? 250 : 0);
  }

  /** The state is small (no run data: the host keeps that), so it is saved soon after every change; a
   * window reload a moment after a click still finds the click. Playback changes coalesce over 100 ms. */
  private schedulePersist(): void {
    if (this.persistTimer) return;
    this.persistTimer = window.setTimeout(() => { this.persistTimer = 0; this.persist(); }, PERSIST_DELAY_MS);
  }

  persist(): void {
    // While a restore waits for the host's replay, the saved state stays the one to restore.
    if (this.restoring) return;
    this.api.setState(ss.persistedState(this.ui, this.playback, this.snapshot, this.run));
  }

  async exportAs(format: ExportFormat): Promise<void> {
    try {
      const out = await buildExport(format, {
        demo: this.run.demo, view: this.ui.view, network: this.network, phase: pb.phaseAt(this.playback), hasSnapshot: !!this.snapshot,
        dashboardRoot: this.dash.root, json: () => this.exportJson(),
      });
      this.api.postMessage({ type: 'export', format, ...out });
    } catch (err) {
      this.run.errors.push(`export failed: ${(err as Error).message}`);
      this.refreshAll();
    }
  }

  private exportJson(): string | null {
    return viewJson(this.ui.view, () => trainingSource(this.run, this.keptTraining).run, this.predict.result?.snapshot ?? null,
      this.snapshot);
  }
}
