/**
 * The extension host's event-loop delay, sampled while a run is going (perf_hooks histogram). Pure Node:
 * used by the controller and by the host-lag bench.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LagStats {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /** The host's own work per worker message (log, record, post, status), which the delay above also holds
   * alongside whatever else the machine runs: median and longest, in ms. */
  handlerP50?: number;
  handlerMax?: number;
}

/** Times pieces of work on this thread (e.g. each worker message the host handles). */
export class WorkTimer {
  private readonly ms: number[] = [];
  time<T>(fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.ms.push(performance.now() - t0);
    }
  }
  stats(): { handlerP50: number; handlerMax: number } | undefined {
    if (!this.ms.length) return undefined;
    const s = [...this.ms].sort((a, b) => a - b);
    return { handlerP50: s[Math.floor(s.length / 2)], handlerMax: s[s.length - 1] };
  }
}

/** Timer period of the lag monitor; its samples are whole periods, so the delay is what exceeds it. */
const LAG_RESOLUTION_MS = 10;

/** Samples the host's event-loop delay until the returned function is called. */
export function startLagMonitor(): () => LagStats {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  h.enable();
  return () => {
    h.disable();
    const ms = (ns: number) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
    return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count };
  };
}
