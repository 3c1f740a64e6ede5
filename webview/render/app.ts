/**
 * The panel controller: receives host messages, keeps the run (pure store), the UI state and the
 * playback clock, and asks the views to draw. The only place that knows about all views.
 */
import type { HostToWebview, WebviewCommand } from '../../src/shared/protocol';
import type { DemoEvent, SnapshotEvent } from '../../src/shared/events';
import { emptyRun, applyEvents, liveSnapshot, type RunState } from '../model/store';
import * as pb from '../model/playback';
import { dashboard, keepTraining, trainingSource } from '../model/dashboard';
import { tooltipLines, cellInfo } from '../model/inspect';
import { caption, outputPending, positionLabel, snapshotLabel } from '../model/story';
import { PredictTracker, predictView, PREDICT_DEBOUNCE_MS, type PredictView } from '../model/predict';
import { restoreState, snapshotJson, encode, DEFAULT_UI, type UiState, type ViewName, type PersistedState } from '../model/persist';
import { fmt, minus, sci } from '../model/format';
import { formatContribution, NEGLIGIBLE_CONTRIBUTION } from '../../src/shared/contribution';
import type { Hit } from '../model/layout';
import type { VsCodeApi } from '../vscode-api';
import { NetworkView, inlineStyles as inlineAll } from './network';
import { Controls } from './controls';
import { Inspector, Tooltip } from './inspector';
import { DashboardView } from './dashboard';
import { PredictPanel } from './predict-view';
import { colourLegend, gradCaption, clipPanel, outputPanel } from './panels';
import { el, button } from './dom';
import { svgToPng } from './export';
import type { LogLevel } from '../../src/shared/names';

/** How long UI changes (playback position, a click) wait before the panel state is saved. */
const PERSIST_DELAY_MS = 100;

const DEMO_BUTTONS: Array<[WebviewCommand, string]> = [
  ['unrolled.stepThrough', 'Step through a sentence'], ['unrolled.train', 'Train on IMDB'], ['unrolled.predict', 'Predict sentiment'],
  ['unrolled.exploding', 'Exploding gradients'], ['unrolled.vanishing', 'Vanishing gradients'], ['unrolled.compareReadouts', 'Compare readouts'],
];

/** How the app is embedded: the panel (defaults) or one notebook output among others (src/host/notebook). */
export interface AppOptions {
  /** Where keyboard shortcuts are heard (default the whole document; a notebook output: its own element). */
  keyTarget?: HTMLElement;
  /** Whether host messages arrive as window messages (the panel) or only through onMessage (a notebook output). */
  windowMessages?: boolean;
}

/** Numbers the browser test reads (frames drawn, time spent drawing). */
export interface RenderStats { frames: number; drawMs: number[] }

export class App {
  run: RunState = emptyRun();
  /** The last training / Compare Readouts run, kept for the Training view while other demos are shown. */
  private keptTraining: RunState | null = null;
  /** A run the panel showed before a window reload: its view and position wait for the host's replay. */
  private restoring: { runId: number; ui: UiState } | null = null;
  ui: UiState = { ...DEFAULT_UI };
  playback: pb.Playback = pb.newPlayback(1, false);
  snapshot: SnapshotEvent | null = null;
  private hover: { layer: number; t: number } | null = null;
  readonly stats: RenderStats = { frames: 0, drawMs: [] };
  private frameReq = 0;
  private lastTime = 0;
  private lastControls = 0;
  /** The column last scrolled into view: the view follows the active column whenever it changes. */
  private followT = -1;
  private dashDirty = true;
  private dashTimer = 0;
  private persistTimer = 0;
  private predictTimer = 0;
  private readonly predict = new PredictTracker();
  private predictResult: PredictView | null = null;
  private requestSeq = 1;
  private pendingSnapshot = new Map<number, number>();
  private knownSnapshotIds: number[] = [];
  /** Whether the Output box last drawn withheld the prediction (the forward pass had not computed it yet). */
  private outputShownPending = false;

  readonly network: NetworkView;
  readonly controls: Controls;
  readonly inspector = new Inspector();
  readonly tooltip = new Tooltip();
  readonly dash = new DashboardView();
  readonly predictPanel: PredictPanel;
  private readonly title = el('h1', { text: 'Unrolled' });
  private readonly status = el('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly story = el('p', { class: 'story', 'aria-live': 'polite' });
  private readonly gradText = el('p', { class: 'grad-caption' });
  private readonly side = el('div', { class: 'side' });
  private readonly errors = el('ul', { class: 'errors', role: 'alert' });
  private readonly tabs = new Map<ViewName, HTMLButtonElement>();
  private readonly panels = new Map<ViewName, HTMLElement>();
  private readonly emptyNote: HTMLElement;
  private readonly netBody: HTMLElement;

  constructor(private readonly root: HTMLElement, private readonly api: VsCodeApi, opts: AppOptions = {}) {
    this.network = new NetworkView({ onHover: (h, x, y) => this.onHover(h, x, y), onClick: (h) => this.onClick(h) });
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
    this.predictPanel = new PredictPanel((t) => this.onPredictInput(t));
    this.predictPanel.onCompare = () => this.runCommand('unrolled.compareReadouts');
    this.predictPanel.onShowInNetwork = () => {
      if (this.predictResult?.snapshot) { this.showSnapshot(this.predictResult.snapshot, true); this.setView('network'); }
    };
    const tablist = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Views' });
    for (const [name, label, key] of [['network', 'Network', '1'], ['training', 'Training', '2'], ['predict', 'Predict', '3']] as const) {
      const b = el('button', { type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `view-${name}`, 'aria-keyshortcuts': key, title: `${label} (${key})`, text: label });
      b.addEventListener('click', () => this.setView(name));
      this.tabs.set(name, b);
      tablist.append(b);
    }
    const exp = el('div', { class: 'export', role: 'group', 'aria-label': 'Export' },
      button('SVG', 'Export the current view as SVG', () => void this.exportAs('svg')),
      button('PNG', 'Export the current view as PNG', () => void this.exportAs('png')),
      button('JSON', 'Export the current snapshot as JSON', () => void this.exportAs('json')));
    const header = el('header', { class: 'bar' }, this.title, this.status, tablist, exp);
    this.emptyNote = el('div', { class: 'empty' }, el('p', { text: 'Nothing to show yet. Start a demo:' }),
      el('div', { class: 'demo-buttons' }, ...DEMO_BUTTONS.map(([cmd, label]) => button(label, `Run: ${label}`, () => this.runCommand(cmd)))));
    this.side.append(this.inspector.root);
    const keys = el('p', { class: 'keys', text: 'Keys: Space play/pause · ←/→ step · Home/End · +/− speed · [ / ] previous/next sequence · Shift+arrows move the selection · Enter pin · Esc unpin · 1/2/3 views' });
    this.netBody = el('div', { class: 'net-body' }, this.controls.root, this.story, el('div', { class: 'net-main' }, this.network.root, this.side), el('div', { class: 'below' }, colourLegend(), this.gradText), keys);
    const netPanel = el('section', { id: 'view-network', role: 'tabpanel', 'aria-labelledby': 'tab-network' }, this.emptyNote, this.netBody);
    const trainPanel = el('section', { id: 'view-training', role: 'tabpanel', 'aria-labelledby': 'tab-training' }, this.dash.root);
    const predPanel = el('section', { id: 'view-predict', role: 'tabpanel', 'aria-labelledby': 'tab-predict' }, this.predictPanel.root);
    this.panels.set('network', netPanel).set('training', trainPanel).set('predict', predPanel);
    this.root.replaceChildren(header, this.errors, netPanel, trainPanel, predPanel, this.tooltip.root);
    this.network.scroller.addEventListener('keydown', (e) => this.onNetworkKey(e));
    (opts.keyTarget ?? document).addEventListener('keydown', (e) => this.onKey(e as KeyboardEvent));
    if (opts.windowMessages ?? true) window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data as HostToWebview));
    window.addEventListener('resize', () => { this.network.refit(); this.invalidate(); });
    // VS Code switches themes by changing the body class and the --vscode-* variables on <html>.
    const retheme = new MutationObserver(() => { this.network.readTheme(); this.invalidate(); });
    retheme.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    retheme.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    this.restore(this.initialState());
    this.setView(this.ui.view);
    this.refreshAll();
    this.api.postMessage({ type: 'ready' });
  }

  private initialState(): unknown {
    const fromApi = this.api.getState();
    if (fromApi) return fromApi;
    const attr = this.root.getAttribute('data-initial-state');
    if (!attr) return null;
    try { return JSON.parse(attr); } catch { return null; }
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
    const want = saved.snapshotId ?? saved.shownId ?? null;
    const s = want !== null ? this.run.snapshots.find((x) => x.id === want) : undefined;
    if (s && s !== this.snapshot) this.showSnapshot(s, false);
    if (this.snapshot) this.playback = { ...pb.seek(pb.setSpeed(this.playback, saved.speed), saved.pos), playing: false };
    this.setView(saved.view);
    this.updateSide();
  }

  // ------------------------------------------------------------------ messages
  onMessage(m: HostToWebview): void {
    if (!m || typeof m !== 'object') return;
    try {
      switch (m.type) {
        case 'show-run': {
          if (this.restoring && this.restoring.runId !== m.runId) this.restoring = null;
          this.keptTraining = keepTraining(this.keptTraining, this.run);
          this.run = emptyRun(m.runId, m.demo, m.title);
          this.dashDirty = true;
          this.snapshot = null;
          this.knownSnapshotIds = [];
          this.ui = { ...this.ui, snapshotId: null, pinned: null, pos: 0 };
          const view = m.demo === 'train' || m.demo === 'compare' ? 'training' : m.demo === 'predict' ? this.ui.view : 'network';
          this.setView(this.restoring ? this.restoring.ui.view : view);
          break;
        }
        case 'events':
          if (m.runId !== this.run.runId && this.run.runId !== 0) return;
          if (this.run.runId === 0) this.run.runId = m.runId;
          this.ingest(m.events);
          for (const id of m.storedSnapshotIds ?? []) if (!this.knownSnapshotIds.includes(id)) this.knownSnapshotIds.push(id);
          this.knownSnapshotIds.sort((a, b) => a - b);
          break;
        case 'run-end':
          if (m.runId !== this.run.runId) return;
          this.run.status = m.status;
          this.run.message = m.message;
          this.dashDirty = true;
          if (this.restoring?.runId === m.runId) {
            const saved = this.restoring.ui;
            this.restoring = null;
            this.finishRestore(saved);
          }
          break;
        case 'focus-step':
          this.focusStep(m.t, m.snapshotId);
          break;
        case 'predict-result':
          if (!this.predict.isCurrent(m.requestId)) return;
          this.predictResult = predictView(m.events ?? [], m.error);
          this.predictPanel.render(this.predictResult, false);
          break;
        case 'snapshot-result': {
          const runId = this.pendingSnapshot.get(m.requestId);
          this.pendingSnapshot.delete(m.requestId);
          if (runId !== this.run.runId) return;
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

  private log(level: LogLevel, message: string): void {
    this.api.postMessage({ type: 'log', level, message });
  }

  private ingest(events: readonly DemoEvent[]): void {
    const before = this.run.snapshots.length;
    const hadLive = this.run.liveSteps.length;
    applyEvents(this.run, events);
    for (const s of this.run.snapshots) if (!this.knownSnapshotIds.includes(s.id)) this.knownSnapshotIds.push(s.id);
    this.knownSnapshotIds.sort((a, b) => a - b);
    if (events.some((e) => e && (e.type === 'batch' || e.type === 'epoch' || e.type === 'eval' || e.type === 'clip'))) this.dashDirty = true;
    const newest = this.run.snapshots[this.run.snapshots.length - 1];
    const training = this.run.demo === 'train' || this.run.demo === 'compare';
    if (this.run.snapshots.length !== before && newest && this.ui.snapshotId === null && (training || before === 0)) {
      // Training: follow the newest snapshot. Other demos: the first snapshot plays from the start; the
      // later ones (e.g. vanishing's 4-token sequence) are a click away in the sequence scrubber.
      const first = before === 0 && !hadLive;
      const autoplay = first && !training;
      this.showSnapshot(training ? newest : this.run.snapshots[before], autoplay);
      if (!autoplay && !first) this.playback = pb.seek(this.playback, pb.total(this.playback) - 1);
    } else if (this.run.liveSteps.length && this.ui.snapshotId === null) {
      const live = liveSnapshot(this.run);
      if (live) {
        this.showSnapshot(live, false);
        const last = this.run.liveSteps[this.run.liveSteps.length - 1].t;
        this.playback = pb.seek(this.playback, last);
      }
    }
  }

  // ------------------------------------------------------------------ snapshot & playback
  showSnapshot(s: SnapshotEvent, autoplay: boolean): void {
    const same = this.snapshot && this.snapshot.hidden.steps === s.hidden.steps && !!this.snapshot.hiddenGradNorm === !!s.hiddenGradNorm;
    this.snapshot = s;
    this.network.setSnapshot(s);
    this.followT = -1;
    const fresh = pb.newPlayback(s.hidden.steps, !!s.hiddenGradNorm, this.playback.speed);
    this.playback = same ? { ...fresh, pos: Math.min(this.playback.pos, pb.total(fresh) - 1) } : pb.seek(fresh, pb.total(fresh) - 1);
    if (autoplay) this.playback = pb.play(pb.seek(fresh, 0));
    const pinned = this.ui.pinned;
    if (pinned && (pinned.t >= s.hidden.steps || pinned.layer >= s.hidden.layers)) this.ui.pinned = null;
    this.gradText.textContent = gradCaption(this.network.grad);
    this.emptyNote.hidden = true;
    this.netBody.hidden = false;
    this.refreshControls();
    this.updateSide();
    this.network.refit();
    this.invalidate();
    if (this.playback.playing) this.startLoop();
  }

  private selectSnapshotIndex(i: number): void {
    const ids = this.knownSnapshotIds;
    if (!ids.length) return;
    const idx = Math.max(0, Math.min(ids.length - 1, i));
    const id = ids[idx];
    this.ui.snapshotId = idx === ids.length - 1 ? null : id;
    const s = this.run.snapshots.find((x) => x.id === id);
    if (s) this.showSnapshot(s, false);
    else this.requestSnapshot(id);
    this.refreshAll();
    this.schedulePersist();
  }

  private requestSnapshot(id: number): void {
    const requestId = this.requestSeq++;
    this.pendingSnapshot.set(requestId, this.run.runId);
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
    if (p.playing) this.startLoop();
    this.invalidate();
    this.schedulePersist();
  }

  togglePlay(): void {
    if (!this.snapshot) return;
    this.setPlayback(this.playback.playing ? pb.pause(this.playback) : pb.play(this.playback));
  }

  private startLoop(): void {
    if (this.frameReq) return;
    this.lastTime = performance.now();
    this.frameReq = requestAnimationFrame((t) => this.frame(t));
  }

  /** Draw once soon (or keep the loop running while playing). */
  invalidate(): void {
    if (this.frameReq) return;
    this.frameReq = requestAnimationFrame((t) => this.frame(t));
  }

  private frame(now: number): void {
    this.frameReq = 0;
    const dt = Math.min(250, now - (this.lastTime || now));
    this.lastTime = now;
    const prevT = pb.phaseAt(this.playback).t;
    const prevPhase = pb.phaseAt(this.playback).phase;
    if (this.playback.playing) this.playback = pb.tick(this.playback, dt);
    const t0 = performance.now();
    this.drawNetwork();
    const ph = pb.phaseAt(this.playback);
    // Controls and caption follow at most ~10 times a second while playing (text layout is not free).
    if (!this.playback.playing || ((ph.t !== prevT || ph.phase !== prevPhase) && now - this.lastControls > 100)) {
      this.lastControls = now;
      this.refreshControls();
    }
    // The Output box reveals the prediction the frame the forward pass computes it (and hides it again on a seek back).
    if (this.snapshot && !!outputPending(this.snapshot, ph) !== this.outputShownPending) this.updateSide();
    // Follow the active column (playback either way, seek, step, Home/End, focus-step); a user's own scrolling
    // stays until the column moves again.
    if (ph.t !== this.followT && this.ui.view === 'network') {
      this.followT = ph.t;
      this.network.scrollToColumn(ph.t);
    }
    this.stats.frames++;
    this.stats.drawMs.push(performance.now() - t0);
    if (this.stats.drawMs.length > 600) this.stats.drawMs.splice(0, 300);
    if (this.playback.playing) this.frameReq = requestAnimationFrame((t) => this.frame(t));
    else { this.ui.pos = this.playback.pos; this.schedulePersist(); }
  }

  private drawNetwork(): void {
    if (!this.snapshot) return;
    this.network.draw(pb.phaseAt(this.playback), this.playback.playing ? this.playback.frac : 1);
    this.network.markCell('pinned', this.ui.pinned);
    this.network.markCell('hovered', this.hover);
  }

  // ------------------------------------------------------------------ hover, pin, keys
  private onHover(h: Hit | null, x: number, y: number): void {
    const s = this.snapshot;
    if (!s || !h) { this.hover = null; this.tooltip.hide(); this.updateSide(); this.invalidate(); return; }
    let lines: string[];
    if (h.kind === 'cell') {
      this.hover = { layer: h.layer, t: h.t };
      lines = tooltipLines(cellInfo(s, h.layer, h.t), h.unit);
    } else if (h.kind === 'token') {
      this.hover = { layer: 0, t: h.t };
      const tok = s.tokens[h.t] ?? '';
      lines = [`t = ${h.t}: ${h.t >= s.length ? 'padding (<PAD>, id 0)' : `“${tok}”${s.unknown[h.t] ? ' — unknown word (id 0)' : ''}`}`];
      if (s.inputGradNorm) lines.push(`‖∂L/∂x_${h.t}‖ = ${fmt(s.inputGradNorm[h.t], 6)}`);
      if (s.contribution && h.t < s.length) {
        const c = s.contribution[h.t];
        lines.push(`contribution to “positive”: ${minus(formatContribution(c))}${Math.abs(c) < NEGLIGIBLE_CONTRIBUTION ? ` (negligible: below ${sci(NEGLIGIBLE_CONTRIBUTION, 0)})` : ''}`);
      }
      if (s.runningProb) lines.push(`P(positive) after this word: ${fmt(s.runningProb[h.t], 4)}`);
    } else if (h.kind === 'prob') {
      this.hover = { layer: s.hidden.layers - 1, t: h.t };
      lines = [`P(positive) if the classifier read the state at t = ${h.t}: ${s.runningProb ? fmt(s.runningProb[h.t], 4) : '—'}`];
    } else if (h.kind === 'grad') {
      this.hover = { layer: h.layer, t: h.t };
      const bar = this.network.grad?.bars[h.layer * s.hidden.steps + h.t];
      lines = [bar?.label ?? ''];
    } else {
      this.hover = null;
      const pending = outputPending(s, pb.phaseAt(this.playback));
      if (pending) lines = [`output: ${pending.sentence}`, `readout: ${s.readout}`];
      else {
        lines = [`output: logits [${s.logits.map((v) => fmt(v, 6)).join(', ')}]`, `probabilities [${s.probs.map((v) => fmt(v, 6)).join(', ')}]`, `readout: ${s.readout}`];
        if (s.loss !== undefined) lines.push(`loss ${fmt(s.loss, 6)} (target ${s.target})`);
      }
    }
    this.tooltip.show(lines, x, y);
    this.updateSide();
    this.invalidate();
  }

  private onClick(h: Hit | null): void {
    if (!h || h.kind === 'output') return;
    const layer = h.kind === 'token' ? 0 : h.kind === 'prob' ? (this.snapshot?.hidden.layers ?? 1) - 1 : h.layer;
    const same = this.ui.pinned && this.ui.pinned.layer === layer && this.ui.pinned.t === h.t;
    this.pin(same ? null : { layer, t: h.t });
  }

  pin(cell: { layer: number; t: number } | null): void {
    this.ui.pinned = cell;
    if (cell && this.ui.view === 'network') this.network.scrollToColumn(cell.t);
    this.updateSide();
    this.invalidate();
    this.schedulePersist();
  }

  private updateSide(): void {
    const s = this.snapshot;
    const c = this.ui.pinned ?? this.hover;
    if (s && c && c.t < s.hidden.steps && c.layer < s.hidden.layers) this.inspector.show(s, c.layer, c.t, !!this.ui.pinned);
    else this.inspector.clear();
    const clip = this.run.clips[this.run.clips.length - 1];
    this.side.querySelector('.clip-panel')?.remove();
    this.side.querySelector('.out-panel')?.remove();
    if (clip) this.side.prepend(clipPanel(clip));
    const ph = pb.phaseAt(this.playback);
    this.outputShownPending = !!s && !!outputPending(s, ph);
    if (s) this.side.prepend(outputPanel(s, ph, this.run.demo === 'compare' ? undefined : () => this.runCommand('unrolled.compareReadouts')));
  }

  private onNetworkKey(e: KeyboardEvent): void {
    const s = this.snapshot;
    if (!s) return;
    const cur = this.ui.pinned ?? { layer: s.hidden.layers - 1, t: pb.phaseAt(this.playback).t };
    let next: { layer: number; t: number } | null = null;
    if (e.shiftKey && e.key === 'ArrowRight') next = { ...cur, t: Math.min(s.hidden.steps - 1, cur.t + 1) };
    else if (e.shiftKey && e.key === 'ArrowLeft') next = { ...cur, t: Math.max(0, cur.t - 1) };
    else if (e.shiftKey && e.key === 'ArrowUp') next = { ...cur, layer: Math.min(s.hidden.layers - 1, cur.layer + 1) };
    else if (e.shiftKey && e.key === 'ArrowDown') next = { ...cur, layer: Math.max(0, cur.layer - 1) };
    else if (e.key === 'Enter') next = cur;
    if (next) {
      e.preventDefault(); e.stopPropagation();
      this.pin(next);
      this.network.scrollToColumn(next.t);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const tgt = e.target as HTMLElement | null;
    if (tgt && (tgt.tagName === 'TEXTAREA' || tgt.tagName === 'INPUT' && (tgt as HTMLInputElement).type !== 'range' || tgt.tagName === 'SELECT')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    // Tabs follow the ARIA pattern: arrow keys move between them.
    if (tgt?.getAttribute('role') === 'tab' && (k === 'ArrowLeft' || k === 'ArrowRight')) {
      const names = [...this.tabs.keys()];
      const next = names[(names.indexOf(this.ui.view) + (k === 'ArrowRight' ? 1 : names.length - 1)) % names.length];
      this.setView(next);
      this.tabs.get(next)!.focus();
      e.preventDefault();
      return;
    }
    // A focused button keeps Space/Enter for itself (activating it).
    if (tgt instanceof HTMLButtonElement && (k === ' ' || k === 'Enter')) return;
    // A focused slider moves itself with the arrow keys, Home and End (its input event seeks).
    if (tgt instanceof HTMLInputElement && tgt.type === 'range' && /^(Arrow|Home$|End$|Page)/.test(k)) return;
    if (k === '1') this.setView('network');
    else if (k === '2') this.setView('training');
    else if (k === '3') this.setView('predict');
    else if (k === 'Escape') { this.pin(null); this.tooltip.hide(); }
    else if (this.ui.view !== 'network' || e.shiftKey) return;
    else if (k === ' ' || k === 'k') this.togglePlay();
    else if (k === 'ArrowRight' || k === 'l') this.setPlayback(pb.step(this.playback, 1));
    else if (k === 'ArrowLeft' || k === 'j') this.setPlayback(pb.step(this.playback, -1));
    else if (k === 'Home') this.setPlayback(pb.seek(pb.pause(this.playback), 0));
    else if (k === 'End') this.setPlayback(pb.seek(pb.pause(this.playback), Number.MAX_SAFE_INTEGER));
    else if (k === '+' || k === '=') this.setPlayback(pb.nudgeSpeed(this.playback, 1));
    else if (k === '-') this.setPlayback(pb.nudgeSpeed(this.playback, -1));
    else if (k === '[') this.selectSnapshotIndex(this.snapIndex() - 1);
    else if (k === ']') this.selectSnapshotIndex(this.snapIndex() + 1);
    else return;
    e.preventDefault();
    this.refreshControls();
  }

  private snapIndex(): number {
    const id = this.snapshot?.id;
    const i = id === undefined ? -1 : this.knownSnapshotIds.indexOf(id);
    return i < 0 ? this.knownSnapshotIds.length - 1 : i;
  }

  // ------------------------------------------------------------------ views
  setView(v: ViewName): void {
    this.ui.view = v;
    for (const [name, tab] of this.tabs) {
      tab.setAttribute('aria-selected', String(name === v));
      tab.tabIndex = name === v ? 0 : -1;
      this.panels.get(name)!.hidden = name !== v;
    }
    if (v === 'training') { this.dashDirty = true; this.refreshDashboard(); }
    if (v === 'network') { this.network.refit(); this.followT = -1; this.invalidate(); }
    this.schedulePersist();
  }

  private refreshAll(): void {
    const r = this.run;
    this.title.textContent = r.title || 'Unrolled — watch an RNN think';
    const st = r.demo ? `${r.status}${r.message ? `: ${r.message}` : ''}` : '';
    this.status.textContent = st;
    this.status.className = `status ${r.status}`;
    this.errors.replaceChildren(...r.errors.slice(-5).map((e) => el('li', { text: e })));
    this.emptyNote.hidden = !!this.snapshot;
    this.netBody.hidden = !this.snapshot;
    if (this.snapshot) this.network.refit();
    this.refreshControls();
    this.updateSide();
    this.refreshDashboard();
  }

  private refreshControls(): void {
    const p = this.playback, s = this.snapshot;
    const ph = pb.phaseAt(p);
    const where = s ? positionLabel(s, ph) : null;
    const idx = this.snapIndex();
    const snapLabel = s ? `${idx + 1} of ${this.knownSnapshotIds.length}${s.label ? ` · ${snapshotLabel(s.label)}` : ''}` : '';
    this.controls.update({ pos: p.pos, total: pb.total(p), playing: p.playing, speed: p.speed, label: where?.main ?? '', ordinal: where?.ordinal, snapIndex: Math.max(0, idx), snapCount: this.knownSnapshotIds.length, snapLabel });
    this.story.textContent = s ? caption(s, ph) : '';
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

  // ------------------------------------------------------------------ predict
  private onPredictInput(text: string): void {
    this.ui.predictText = text;
    window.clearTimeout(this.predictTimer);
    this.predictTimer = window.setTimeout(() => {
      const trimmed = text.trim();
      if (!trimmed) { this.predictResult = null; this.predictPanel.render(null, false); return; }
      const id = this.predict.next(trimmed);
      if (id === null) return;
      this.predictPanel.render(this.predictResult, true);
      this.api.postMessage({ type: 'predict', requestId: id, text: trimmed });
    }, PREDICT_DEBOUNCE_MS);
    this.schedulePersist();
  }

  // ------------------------------------------------------------------ state & export
  /** The state is small (no run data: the host keeps that), so it is saved soon after every change; a
   * window reload a moment after a click still finds the click. Playback changes coalesce over 100 ms. */
  private schedulePersist(): void {
    if (this.persistTimer) return;
    this.persistTimer = window.setTimeout(() => { this.persistTimer = 0; this.persist(); }, PERSIST_DELAY_MS);
  }

  persist(): void {
    // While a restore waits for the host's replay, the saved state stays the one to restore.
    if (this.restoring) return;
    const state: PersistedState = {
      version: 1, ui: { ...this.ui, pos: this.playback.pos, speed: this.playback.speed, shownId: this.snapshot?.id ?? null },
      run: this.run.runId ? { runId: this.run.runId, demo: this.run.demo, title: this.run.title, status: this.run.status } : null,
    };
    this.api.setState(state);
  }

  async exportAs(format: 'svg' | 'png' | 'json'): Promise<void> {
    const base = `unrolled-${this.run.demo ?? 'view'}-${this.ui.view}`;
    try {
      if (format === 'json') {
        const data = this.ui.view === 'training' ? JSON.stringify({ format: 'unrolled-dashboard', version: 1, dashboard: encode(dashboard(trainingSource(this.run, this.keptTraining).run)) }, null, 1)
          : this.ui.view === 'predict' && this.predictResult?.snapshot ? snapshotJson(this.predictResult.snapshot)
          : this.snapshot ? snapshotJson(this.snapshot) : null;
        if (!data) throw new Error('nothing to export yet');
        this.api.postMessage({ type: 'export', format, fileName: `${base}.json`, data });
        return;
      }
      const svg = this.currentSvg();
      if (!svg) throw new Error('this view has no picture to export');
      if (format === 'svg') this.api.postMessage({ type: 'export', format, fileName: `${base}.svg`, data: svg.text });
      else this.api.postMessage({ type: 'export', format, fileName: `${base}.png`, data: await svgToPng(svg.text, svg.width, svg.height) });
    } catch (err) {
      this.run.errors.push(`export failed: ${(err as Error).message}`);
      this.refreshAll();
    }
  }

  private currentSvg(): { text: string; width: number; height: number } | null {
    if (this.ui.view === 'network' && this.snapshot && this.network.layout) {
      const text = this.network.toSvgString(pb.phaseAt(this.playback));
      return { text, width: this.network.layout.width, height: this.network.layout.height };
    }
    if (this.ui.view === 'training') {
      const charts = Array.from(this.dash.root.querySelectorAll('svg.chart')) as SVGSVGElement[];
      if (!charts.length) return null;
      return stackSvgs(charts);
    }
    return null;
  }
}

/** Put the dashboard's charts into one SVG, in their on-screen arrangement. */
function stackSvgs(charts: SVGSVGElement[]): { text: string; width: number; height: number } {
  const boxes = charts.map((c) => c.getBoundingClientRect());
  const x0 = Math.min(...boxes.map((b) => b.left)), y0 = Math.min(...boxes.map((b) => b.top));
  const width = Math.ceil(Math.max(...boxes.map((b) => b.right)) - x0), height = Math.ceil(Math.max(...boxes.map((b) => b.bottom)) - y0);
  const bg = getComputedStyle(document.body).backgroundColor;
  const parts = charts.map((c, i) => {
    const b = boxes[i];
    const clone = c.cloneNode(true) as SVGSVGElement;
    inlineAll(c, clone);
    clone.setAttribute('x', String(b.left - x0)); clone.setAttribute('y', String(b.top - y0));
    clone.setAttribute('width', String(b.width)); clone.setAttribute('height', String(b.height));
    return new XMLSerializer().serializeToString(clone);
  });
  const text = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="${bg}"/>${parts.join('')}</svg>`;
  return { text, width, height };
}

