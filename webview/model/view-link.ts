/**
 * "Copy link to this view" (issue 14 item 5), pure: the view state a link carries — the gradient demo's options
 * (from its demo-start config), the view, the playback position, the pinned cell and the what-if controls — and
 * the UI state a link asks for when it is opened. The link's format and checks: src/shared/view-link.ts.
 */
import { parseViewLinkState, type LinkResult, type ViewLinkState } from '../../src/shared/view-link';
import type { UiState } from './persist';
import type { WhatIfControls } from './what-if';

export interface LinkSource {
  demo: string | null;
  config: Record<string, unknown>;
  ui: UiState;
  /** The playback position. */
  pos: number;
  /** The id of the demo snapshot on screen (a what-if's base when one is shown), null for none. */
  snapshotId: number | null;
  controls: WhatIfControls;
}

/** The state of the view on screen, or why it cannot be linked (one line). */
export function viewLinkState(src: LinkSource): LinkResult<ViewLinkState> {
  if (src.demo !== 'vanish' && src.demo !== 'explode') return { ok: false, reason: 'a view link can be made of the exploding and vanishing gradients demos only' };
  const { seed, h2hStd, cell, length } = src.config;
  const state = {
    v: 1, demo: src.demo, seed, std: h2hStd, cell: cell ?? 'tanh', ...(src.demo === 'explode' && length !== undefined ? { length } : {}),
    view: src.ui.view, snapshotId: src.snapshotId, pos: src.pos, pinned: src.ui.pinned, whatIf: src.controls,
  };
  return parseViewLinkState(state);
}

/** The UI state to restore when the link's run has arrived: the link's view, snapshot, position and pin. */
export function uiOfLink(s: ViewLinkState, current: UiState): UiState {
  const pinned = s.pinned ? { ...s.pinned } : null;
  return { ...current, view: s.view, snapshotId: s.snapshotId, shownId: s.snapshotId, pos: s.pos, pinned };
}
