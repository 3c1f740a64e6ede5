/**
 * Watches a webview that should say `ready` soon after its HTML is set. VS Code in a browser (code-server,
 * vscode.dev) sometimes leaves a new webview frame without its service worker, waiting for a
 * `controllerchange` that never comes (microsoft/vscode#125993 and later reports): the panel stays blank
 * for good. The cure is a new frame. This decides when: after `timeoutMs` of being visible without
 * `ready`, it asks for a rebuild, at most `maxRebuilds` times, then reports that it gave up.
 * Time spent hidden does not count (VS Code loads a webview only when it is shown).
 * Pure (timers injected), so it is tested without VS Code.
 */
export interface WatchdogTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ReadyWatchdogOptions {
  timeoutMs: number;
  maxRebuilds: number;
  /** Build a new frame (the caller calls `started` again once its HTML is set). */
  rebuild(attempt: number): void;
  /** Every rebuild has been tried and the webview still did not say ready. */
  gaveUp(waitedMs: number): void;
  timers?: WatchdogTimers;
}

const realTimers: WatchdogTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class ReadyWatchdog {
  private handle: unknown;
  private rebuilds = 0;
  private visible = false;
  private done = false;
  private readonly timers: WatchdogTimers;

  constructor(private readonly opts: ReadyWatchdogOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  /** How many rebuilds were asked for so far. */
  get attempts(): number {
    return this.rebuilds;
  }

  /** A frame's HTML was just set; `visible` says whether it is on screen. */
  started(visible: boolean): void {
    if (this.done) return;
    this.visible = false;
    this.cancel();
    this.visibility(visible);
  }

  /** The panel was shown or hidden. The wait runs only while it is shown, and starts again when shown. */
  visibility(visible: boolean): void {
    if (this.done || visible === this.visible) return;
    this.visible = visible;
    this.cancel();
    if (visible) this.handle = this.timers.set(() => this.expired(), this.opts.timeoutMs);
  }

  /** The webview said ready (or the panel closed): nothing more to watch. */
  stop(): void {
    this.done = true;
    this.cancel();
  }

  private expired(): void {
    this.handle = undefined;
    if (this.done) return;
    if (this.rebuilds >= this.opts.maxRebuilds) {
      this.stop();
      this.opts.gaveUp(this.opts.timeoutMs * (this.rebuilds + 1));
      return;
    }
    this.rebuilds++;
    this.opts.rebuild(this.rebuilds);
  }

  private cancel(): void {
    if (this.handle !== undefined) this.timers.clear(this.handle);
    this.handle = undefined;
  }
}
