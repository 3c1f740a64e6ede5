/** The Predict view's traffic: typing is debounced into predict requests; only the latest answer is drawn. */
import type { PredictResult, WebviewToHost } from '../../src/shared/protocol';
import { PredictTracker, predictView, PREDICT_DEBOUNCE_MS, type PredictView } from '../model/predict';
import type { PredictPanel } from './predict-view';
import type { DemoEvent } from '../../src/shared/events';
import { trajectory } from '../model/trajectory';

export class PredictSession {
  private timer = 0;
  private readonly tracker = new PredictTracker();
  /** The answer on screen (null: none yet, or the text was cleared). */
  result: PredictView | null = null;

  constructor(private readonly panel: PredictPanel, private readonly post: (m: WebviewToHost) => void) {}

  /** The text changed: ask the host once typing pauses (an unchanged text asks nothing). */
  input(text: string): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      const trimmed = text.trim();
      if (!trimmed) { this.result = null; this.panel.render(null, false); return; }
      const id = this.tracker.next(trimmed);
      if (id === null) return;
      this.panel.render(this.result, true);
      this.post({ type: 'predict', requestId: id, text: trimmed });
    }, PREDICT_DEBOUNCE_MS);
  }

  private runEvents: DemoEvent[] = [];
  private runId = 0;

  /** Events of a Predict command's run (the host shows its answer as a run). */
  collect(runId: number, events: readonly DemoEvent[]): void {
    if (runId !== this.runId) { this.runId = runId; this.runEvents = []; }
    this.runEvents.push(...events);
  }

  /** The Predict command's run ended: its answer is the one on screen (later typing asks anew); returns its text. */
  showRun(): string {
    const events = this.runEvents;
    this.runEvents = [];
    this.runId = 0;
    window.clearTimeout(this.timer);
    const start = events.find((e) => e.type === 'demo-start');
    const text = start?.type === 'demo-start' && typeof start.config.text === 'string' ? start.config.text : '';
    // answers to earlier typing are not current any more; typing this same text again asks nothing new
    this.tracker.next(text.trim());
    this.result = predictView(events);
    this.panel.render(this.result, false);
    return text;
  }

  /** An answer arrived: drawn if it answers the latest request. */
  answer(m: PredictResult): void {
    if (!this.tracker.isCurrent(m.requestId)) return;
    const before = this.result;
    this.result = predictView(m.events ?? [], m.error);
    this.panel.render(this.result, false);
    // an edit: the previous answer and this one together (the trajectory's parting and re-joining)
    const a = before?.snapshot, b = this.result.snapshot;
    if (a && b) this.panel.showTrajectory(trajectory(a, b));
  }
}
