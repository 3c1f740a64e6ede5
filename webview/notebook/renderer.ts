/**
 * The lesson renderer (contributes.notebookRenderer, ES module loaded by VS Code's notebook webview): draws
 * a cell's event stream (EVENTS_MIME, a recording) with the visualizer's own App — network, training
 * curves, predict; playable, hoverable, pinnable — confined to its output element (keys, styles), and a
 * question cell's predict-then-reveal box above it. A saved output replays as it was: no re-run needed.
 * No inline script or style, no network: the stylesheet is a file beside this script.
 */
import type { DemoEvent } from '../../src/shared/events';
import { decodeRecording } from '../../src/shared/recording';
import { parseQuestion, type Question } from '../../src/shared/questions';
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import { App } from '../render/app';
import * as pb from '../model/playback';
import { el } from '../render/dom';
import type { VsCodeApi } from '../vscode-api';
import { QuestionBox } from './question';
import { parseHostMessage, type RendererToHost } from '../../src/shared/lesson-messages';

/** The part of VS Code's renderer API this renderer uses (vscode-notebook-renderer, typed here). */
export interface OutputItem {
  readonly id: string;
  readonly mime: string;
  readonly metadata?: unknown;
  text(): string;
}
export interface RendererContext {
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
}

interface Mounted { app: App; question?: QuestionBox; dispose(): void }

/** Every output drawn, by output id (tests read it). */
export const mounted = new Map<string, Mounted>();

function stylesheet(): void {
  if (document.getElementById('unrolled-lesson-css')) return;
  const link = document.createElement('link');
  link.id = 'unrolled-lesson-css';
  link.rel = 'stylesheet';
  // An ES module knows its own URL; the stylesheet sits beside it in dist/. (tsc checks the webview as
  // CommonJS, which has no import.meta; esbuild builds this entry as ESM.)
  // @ts-expect-error TS1343
  const here: string = import.meta.url;
  link.href = new URL('./lessonRenderer.css', here).toString();
  document.head.append(link);
}

/** The panel's VsCodeApi for one output: what the App would tell the host goes to the log or nowhere. */
function outputApi(post: (m: RendererToHost) => void): VsCodeApi {
  let state: unknown;
  return {
    postMessage(m: WebviewToHost) {
      if (m.type === 'log' && m.level !== 'info') post({ type: 'log', level: m.level, message: m.message });
    },
    getState: () => state,
    setState: (s) => { state = s; },
  };
}

function readMeta(meta: unknown): { question?: Question; status: 'done' | 'cancelled' | 'error'; lines: string[]; note?: string } {
  const m = (meta ?? {}) as Record<string, unknown>;
  const q = m.question === undefined ? undefined : parseQuestion(m.question);
  const status = m.status === 'cancelled' || m.status === 'error' ? m.status : 'done';
  const lines = Array.isArray(m.lines) ? m.lines.filter((x): x is string => typeof x === 'string') : [];
  const note = typeof m.note === 'string' ? m.note.slice(0, 500) : undefined;
  return { ...(q?.ok ? { question: q.value } : {}), status, lines, ...(note ? { note } : {}) };
}

export function render(item: OutputItem, element: HTMLElement, ctx: RendererContext): Mounted {
  stylesheet();
  mounted.get(item.id)?.dispose();
  const post = (m: RendererToHost): void => ctx.postMessage?.(m);
  const rec = decodeRecording(item.text());
  const events: DemoEvent[] = rec.events;
  const meta = readMeta(item.metadata);
  const host = el('div', { class: 'unrolled-cell', tabindex: -1 });
  const view = el('div', { class: 'lesson-view' });
  const app = new App(view, outputApi(post), { keyTarget: host, windowMessages: false });
  const start = events.find((e) => e.type === 'demo-start');
  const demo = rec.demo ?? (start?.type === 'demo-start' ? start.demo : 'step');
  const title = start?.type === 'demo-start' ? start.title : demo;
  const send = (m: HostToWebview): void => app.onMessage(m);
  send({ type: 'show-run', runId: 1, demo, title });
  send({ type: 'events', runId: 1, events });
  send({ type: 'run-end', runId: 1, status: meta.status });
  // Many outputs share the page: none plays by itself. Each opens paused at its end (the whole result
  // drawn); Home and Space (or the controls) play it from the start.
  app.setPlayback(pb.seek(pb.pause(app.playback), Number.MAX_SAFE_INTEGER));
  let box: QuestionBox | undefined;
  const subs: Array<{ dispose(): void }> = [];
  if (meta.question) {
    const q = meta.question;
    box = new QuestionBox({
      question: q,
      events,
      onGuess: (guess, correct) => post({ type: 'answer', questionId: q.id, ...(guess !== undefined ? { guess, correct: correct === true } : {}) }),
      onReveal: (shown) => { view.hidden = !shown; if (shown) app.network.refit(); },
    });
    host.append(box.root);
    post({ type: 'get-answer', questionId: q.id });
  }
  // Unrolled: Presenter Mode reaches every output: large type and controls, the network at 200 %.
  const sub = ctx.onDidReceiveMessage?.((raw) => {
    const m = parseHostMessage(raw);
    if (m?.type === 'answer-state' && box && meta.question?.id === m.questionId) box.setSaved(m.guess);
    if (m?.type === 'presenter') app.controls.presenter(m.on, host);
  });
  if (sub) subs.push(sub);
  post({ type: 'get-presenter' });
  host.append(view);
  // What the saved output left out (src/lesson/storage.ts), said where the student looks.
  if (meta.note) view.append(el('p', { class: 'lesson-note', text: meta.note }));
  if (meta.lines.length) {
    host.append(el('details', { class: 'lesson-lines' }, el('summary', { text: 'What the CLI printed' }), el('pre', { text: meta.lines.join('\n') })));
  }
  element.replaceChildren(host);
  const dispose = (): void => {
    for (const s of subs) s.dispose();
    app.setPlayback({ ...app.playback, playing: false });
  };
  const m: Mounted = { app, ...(box ? { question: box } : {}), dispose };
  mounted.set(item.id, m);
  return m;
}

/** VS Code calls this once per renderer (ES module export). */
export function activate(ctx: RendererContext) {
  return {
    renderOutputItem(item: OutputItem, element: HTMLElement): void {
      try {
        render(item, element, ctx);
      } catch (e) {
        element.replaceChildren(el('p', { class: 'unrolled-cell-error', text: `Unrolled could not draw this output: ${(e as Error).message}` }));
      }
    },
    disposeOutputItem(id?: string): void {
      for (const [k, m] of mounted) if (id === undefined || k === id) { m.dispose(); mounted.delete(k); }
    },
  };
}
