/**
 * The network view's pointer side: hovering shows a tooltip and highlights a cell, clicking pins it; the
 * side panel (Output box, clipping picture, inspector) follows the pinned or hovered cell.
 */
import type { SnapshotEvent } from '../../src/shared/events';
import type { RunState } from '../model/store';
import type { PhaseAt } from '../model/playback';
import type { Hit } from '../model/layout';
import { outputPending } from '../model/story';
import { clickPin, type Cell } from '../model/session';
import type { NetworkView } from './network';
import type { Inspector, Tooltip } from './inspector';
import { gradCaption, refreshSideBoxes } from './panels';
import { hoverLines } from './tooltips';
import type { GateView } from './gate-view';
import { gradAxisFor, vanishOf } from '../model/vanish-compare';
import { stepView } from '../model/step-view';

/** What the side reads from the App (live values) and asks of it. */
export interface SideContext {
  readonly snapshot: SnapshotEvent | null;
  readonly phase: PhaseAt;
  readonly pinned: Cell | null;
  readonly run: RunState;
  pin(cell: Cell | null): void;
  invalidate(): void;
  compareReadouts(): void;
}

const stepKey = (ph: PhaseAt) => `${ph.phase} ${ph.t} ${ph.computedUpTo} ${ph.gradFrom}`;

export class NetworkSide {
  /** The cell under the pointer (highlighted; the inspector shows it when nothing is pinned). */
  hover: Cell | null = null;
  /** Whether the Output box last drawn withheld the prediction (the forward pass had not computed it yet). */
  private outputShownPending = false;
  /** The phase the step panel (Step Through a Sentence) was last drawn for: it follows playback word by word. */
  private stepShown = '';

  constructor(private readonly network: NetworkView, private readonly inspector: Inspector, private readonly tooltip: Tooltip,
    private readonly side: HTMLElement, private readonly gradText: HTMLElement, private readonly ctx: SideContext,
    private readonly gates?: GateView) {
    // a step clicked in the gate strip or the cell-state lane pins that step (on the layer shown)
    if (gates) gates.onSelect = (t) => { const s = ctx.snapshot; if (s) ctx.pin({ layer: ctx.pinned?.layer ?? s.hidden.layers - 1, t }); };
  }

  /** The gate view follows the pinned, else the hovered cell, else the playback's step on the top layer. */
  updateGates(): void {
    const s = this.ctx.snapshot;
    if (!this.gates) return;
    const c = this.ctx.pinned ?? this.hover;
    const ph = this.ctx.phase;
    this.gates.update(s, c?.layer ?? (s ? s.hidden.layers - 1 : 0), c?.t ?? ph.t, !!this.ctx.pinned,
      { upTo: ph.computedUpTo, gradFrom: ph.gradFrom });
  }

  onHover(h: Hit | null, x: number, y: number): void {
    const s = this.ctx.snapshot;
    if (!s || !h) { this.hover = null; this.tooltip.hide(); this.update(); this.ctx.invalidate(); return; }
    const { cell, lines } = hoverLines(s, h, this.ctx.phase, this.network.grad);
    this.hover = cell;
    this.tooltip.show(lines, x, y, this.network.scroller.getBoundingClientRect(),
      this.side.hidden ? null : this.side.getBoundingClientRect());
    this.update();
    this.ctx.invalidate();
  }

  onClick(h: Hit | null): void {
    const next = clickPin(this.ctx.pinned, h, this.ctx.snapshot?.hidden.layers ?? 1);
    if (next) this.ctx.pin(next.pin);
  }

  /** Draw the network at the playback phase, with the pinned and hovered cells marked. */
  draw(frac: number): void {
    if (!this.ctx.snapshot) return;
    this.network.draw(this.ctx.phase, frac);
    this.network.markCell('pinned', this.ctx.pinned);
    this.network.markCell('hovered', this.hover);
    this.updateGates(); // follows playback; redraws only when the step, cell or phase changed
  }

  /**
   * Whether the side boxes on screen are out of date for the phase (the prediction was just computed or un-computed;
   * the step panel's word moved).
   */
  outputStale(): boolean {
    const s = this.ctx.snapshot;
    return !!s && (!!outputPending(s, this.ctx.phase) !== this.outputShownPending || (this.ctx.run.demo === 'step' && stepKey(this.ctx.phase) !== this.stepShown));
  }

  update(): void {
    const s = this.ctx.snapshot, pinned = this.ctx.pinned;
    const c = pinned ?? this.hover;
    if (s && c && c.t < s.hidden.steps && c.layer < s.hidden.layers) this.inspector.show(s, c.layer, c.t, !!pinned);
    else this.inspector.clear();
    const ph = this.ctx.phase, run = this.ctx.run;
    this.outputShownPending = !!s && !!outputPending(s, ph);
    this.stepShown = stepKey(ph);
    const vanish = vanishOf(run);
    // Vanishing Gradients: once both sequences are in, the network's bars use their one shared axis.
    const g = this.network.grad, axis = gradAxisFor(run, s);
    if (axis && s && g && (g.lo !== axis.lo || g.hi !== axis.hi)) {
      this.network.setSnapshot(s, axis);
      this.gradText.textContent = gradCaption(this.network.grad);
    }
    refreshSideBoxes(this.side, s, ph, run.clips[run.clips.length - 1], run.demo === 'compare' ? undefined : () => this.ctx.compareReadouts(), vanish, stepView(run, ph));
    this.updateGates();
  }
}
