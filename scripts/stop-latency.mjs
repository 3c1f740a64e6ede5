// Stop latency (issue 16 case 8), the benchmark entry `npm run bench:stop` (a measurement, not a test; needs
// dist/: npm run build). For each hidden size:
//  - CLI: `unrolled train`, Ctrl-C (SIGINT) 300 ms and 1500 ms after "Starting training...", time until the
//    process has exited; then Ctrl-C twice 50 ms apart ("quit at once"), time until exit;
//  - extension worker: dist/worker.js as the extension host drives it (a run with a stop flag), Stop after the
//    first batch event + 300 ms, time until its run-end arrives (the host's cancel timeout is 400 ms).
// Usage: node scripts/stop-latency.mjs [--cli PATH] [--worker PATH] [hidden ...]   (default hidden: 128 1024)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const cli = path.resolve(opt('--cli', path.join(root, 'dist', 'cli.js')));
const workerJs = path.resolve(opt('--worker', path.join(root, 'dist', 'worker.js')));
const sizes = args.map(Number).filter((n) => n > 0);

/** Starts `train`, waits for training to start + `after` ms, sends SIGINT `signals` times 50 ms apart. */
async function cliStop(hidden, after, signals) {
  const child = spawn(process.execPath, [cli, 'train', '--hidden', String(hidden), '--epochs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)));
  await new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (out.includes('Starting training')) {
        clearInterval(poll);
        setTimeout(resolve, after);
      }
    }, 5);
    exited.then(() => reject(new Error(`train exited before training started: ${err.trim()}`)));
  });
  const t0 = performance.now();
  child.kill('SIGINT');
  for (let i = 1; i < signals; i++) {
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
  }
  const code = await exited;
  const ms = performance.now() - t0;
  const last = err.trim().split('\n').pop();
  return { ms, code, last, trace: /\n\s+at /.test(err) };
}

/** The extension's path: a run in dist/worker.js, stopped as WorkerClient does (flag, then cancel message). */
async function workerStop(hidden, after) {
  const w = new Worker(workerJs);
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const runId = 1;
  let firstBatch = 0;
  let cancelAt = 0;
  const end = new Promise((resolve) => {
    w.on('message', (m) => {
      if (m.type === 'events' && !firstBatch && m.events.some((e) => e.type === 'batch')) {
        firstBatch = performance.now();
        setTimeout(() => {
          cancelAt = performance.now();
          w.postMessage({ type: 'cancel', runId });
          Atomics.store(stop, 0, 1);
        }, after);
      }
      if (m.type === 'run-end') resolve({ status: m.status, message: m.message, at: performance.now() });
    });
  });
  w.postMessage({ type: 'run', runId, demo: 'train', params: { hidden, epochs: 1 }, stop: stop.buffer });
  const r = await end;
  await w.terminate();
  return { ms: cancelAt ? r.at - cancelAt : NaN, status: r.status, message: r.message };
}

console.log(`stop latency, ${new Date().toISOString()}, cli ${path.relative(root, cli)}, worker ${path.relative(root, workerJs)}`);
for (const hidden of sizes.length ? sizes : [128, 1024]) {
  for (const after of [300, 1500]) {
    const r = await cliStop(hidden, after, 1);
    console.log(`hidden ${hidden}: CLI Ctrl-C ${after} ms into training -> exited after ${r.ms.toFixed(0)} ms (exit ${r.code}${r.trace ? ', STACK TRACE' : ''}); "${r.last}"`);
  }
  const q = await cliStop(hidden, 300, 2);
  console.log(`hidden ${hidden}: CLI Ctrl-C twice (50 ms apart) -> exited ${q.ms.toFixed(0)} ms after the first (exit ${q.code}${q.trace ? ', STACK TRACE' : ''}); "${q.last}"`);
  const wr = await workerStop(hidden, 300);
  console.log(`hidden ${hidden}: worker Stop 300 ms after the first batch -> run-end "${wr.status}" after ${wr.ms.toFixed(0)} ms${wr.message ? ` (${wr.message})` : ''}`);
}
