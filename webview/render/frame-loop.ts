/** The requestAnimationFrame loop: one draw soon on a change, every frame while playing; it counts frames and draw time. */

/** Numbers the browser test reads (frames drawn, time spent drawing). */
export interface RenderStats { frames: number; drawMs: number[] }

export class FrameLoop {
  readonly stats: RenderStats = { frames: 0, drawMs: [] };
  private req = 0;
  private lastTime = 0;

  /** `draw(dtMs, now)` draws one frame and says whether to keep going (playing). */
  constructor(private readonly draw: (dtMs: number, now: number) => boolean) {}

  /** Start the clock from now (a play); no-op while a frame is already requested. */
  start(): void {
    if (this.req) return;
    this.lastTime = performance.now();
    this.req = requestAnimationFrame((t) => this.frame(t));
  }

  /** Draw once soon (or keep the loop running while playing). */
  invalidate(): void {
    if (this.req) return;
    this.req = requestAnimationFrame((t) => this.frame(t));
  }

  private frame(now: number): void {
    this.req = 0;
    const dt = Math.min(250, now - (this.lastTime || now));
    this.lastTime = now;
    const t0 = performance.now();
    const again = this.draw(dt, now);
    this.stats.frames++;
    this.stats.drawMs.push(performance.now() - t0);
    if (this.stats.drawMs.length > 600) this.stats.drawMs.splice(0, 300);
    if (again) this.req = requestAnimationFrame((t) => this.frame(t));
  }
}
