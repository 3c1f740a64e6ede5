/**
 * The webview's side of view links (issue 14 item 5): "Copy link to this view" posts the view state to the host
 * (which makes the `vscode://` link and copies it); an `apply-view` from the host says the next run of that demo
 * is a link being opened: its step and pin are restored when the run has arrived, then its what-if controls.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import type { WebviewToHost } from '../../src/shared/protocol';
import type { ViewLinkState } from '../../src/shared/view-link';
import type { UiState } from '../model/persist';
import type { RunState } from '../model/store';
import { uiOfLink, viewLinkState } from '../model/view-link';
import { DEFAULT_CONTROLS, type WhatIfControls } from '../model/what-if';

export interface LinkApp {
  readonly run: RunState;
  readonly ui: UiState;
  readonly playback: { pos: number };
  readonly snapshot: SnapshotEvent | null;
  readonly whatIf: { linkPart(): { snapshotId: number; controls: WhatIfControls } | null; apply(c: WhatIfControls): void };
}

export class ViewLinking {
  private expected: ViewLinkState | null = null;
  private opening: { runId: number; state: ViewLinkState } | null = null;
  private pos: number | null = null;
  /** The last reason a link could not be made (shown in the what-if status line). */
  lastError = '';

  constructor(private readonly app: LinkApp, private readonly post: (m: WebviewToHost) => void) {}

  /** "Copy link to this view". */
  copy(): void {
    const a = this.app, part = a.whatIf.linkPart();
    const shown = a.snapshot && a.snapshot.id >= 0 ? a.snapshot.id : null;
    const r = viewLinkState({ demo: a.run.demo, config: a.run.config, ui: a.ui, pos: a.playback.pos, snapshotId: part?.snapshotId ?? shown, controls: part?.controls ?? { ...DEFAULT_CONTROLS, cell: a.run.config.cell === 'gru' || a.run.config.cell === 'lstm' ? a.run.config.cell : 'tanh' } });
    this.lastError = r.ok ? '' : r.reason;
    if (r.ok) this.post({ type: 'copy-link', state: r.value });
    else this.post({ type: 'log', level: 'warn', message: `cannot copy a link to this view: ${r.reason}` });
  }

  /** The host is opening a link: its demo's run comes next. */
  expect(state: ViewLinkState): void {
    this.expected = state;
  }

  /** A run starts: the restore target when it is the link's run. */
  onShowRun(runId: number, demo: string, current: UiState): { runId: number; ui: UiState } | null {
    this.pos = null;
    const s = this.expected;
    if (!s || s.demo !== demo) { this.opening = null; return null; }
    this.expected = null;
    this.opening = { runId, state: s };
    return { runId, ui: uiOfLink(s, current) };
  }

  /** The link's run has ended (its view restored): apply the what-if; its answer is shown at the link's step. */
  onRunEnd(runId: number): void {
    const o = this.opening;
    if (!o || o.runId !== runId) return;
    this.opening = null;
    this.pos = o.state.pos;
    this.app.whatIf.apply(o.state.whatIf);
  }

  /** Where the what-if's answer is shown: the link's position once, else null (the end). */
  takePos(): number | null {
    const p = this.pos;
    this.pos = null;
    return p;
  }
}
