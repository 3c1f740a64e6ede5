/**
 * The extension host's event-loop delay, sampled while a run is going (perf_hooks histogram). Pure Node:
 * used by the controller and by the host-lag bench.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LagStats { p50: number; p99: number; max: number; samples: number }

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
