/**
 * Bench: the extension host's event-loop delay while the worker trains, outside VS Code. Starts the built
 * worker (dist/worker.js; run `npm run build` first), trains, and does on this thread what the controller
 * does per message (record the batch for replay, print the notebook's lines), while sampling the delay.
 * An idle baseline of the same length is measured first, in the same run.
 *   npx tsx test/support/host-lag.bench.ts [--epochs N] [--reviews N]
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TextPrinter } from '../../src/demos/text';
import { startLagMonitor, type LagStats } from '../../src/host/lag-monitor';
import { RunRecord } from '../../src/host/run-record';
import { WorkerClient, type WorkerLike } from '../../src/host/worker-client';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};

async function main(): Promise<void> {
  const epochs = arg('epochs', 2);
  const reviews = arg('reviews', 2000);
  const worker = path.resolve(__dirname, '../../dist/worker.js');
  const client = new WorkerClient(() => new Worker(worker) as unknown as WorkerLike);
  const fmt = (l: LagStats) => `p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, max ${l.max.toFixed(2)} ms (${l.samples} samples)`;

  const t0 = performance.now();
  const printer = new TextPrinter();
  const lines: string[] = [];
  let rec!: RunRecord;
  let messages = 0;
  const stop = startLagMonitor();
  const run = client.run('train', { epochs, reviews, readout: 'final', clip: 0 }, (m) => {
    messages++;
    rec.add(m.events, m.storedSnapshotIds);
    for (const e of m.events) lines.push(...printer.lines(e));
  });
  rec = new RunRecord(run.runId, 'train', 'bench', true);
  const end = await run.done;
  const training = stop();
  const seconds = (performance.now() - t0) / 1000;

  const stopIdle = startLagMonitor();
  await new Promise((r) => setTimeout(r, Math.min(10_000, seconds * 1000)));
  const idle = stopIdle();
  client.dispose();

  for (const l of lines.filter((x) => /^Epoch|^Test/.test(x))) console.log(l);
  console.log(`run ${end.status} in ${seconds.toFixed(1)} s, ${messages} messages (${(messages / seconds).toFixed(1)}/s)`);
  console.log(`host event-loop delay while training: ${fmt(training)}`);
  console.log(`host event-loop delay idle (same length, after): ${fmt(idle)}`);
  console.log(JSON.stringify({ trainingP99: training.p99, idleP99: idle.p99, messagesPerSecond: messages / seconds }));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
