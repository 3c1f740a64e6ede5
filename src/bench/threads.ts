/**
 * Benchmarks of training on one and two threads (`unrolled bench`): the product's epoch loop (TrainingRun)
 * on the notebook preset, one epoch on one thread then one on two, alternately, so both see the same machine;
 * and the whole `unrolled train` process (load, 5 epochs, test) against PyTorch's nn.RNN
 * (scripts/bench_torch_rnn.py) run alternately, timed from spawn to exit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { initTf } from '../engine/tf';
import { resolveTrain } from '../demos/train';
import { loadTrainData } from '../demos/train-data';
import { TrainingRun } from '../demos/train-loop';

export interface ThreadsBench {
  epochs: number;
  /** Mean wall seconds per epoch, and each epoch, for 1 and 2 threads. */
  oneThread: { secondsPerEpoch: number; epochSeconds: number[]; cpuSecondsPerEpoch: number };
  twoThreads: { secondsPerEpoch: number; epochSeconds: number[]; cpuSecondsPerEpoch: number; threads: number; note: string | null };
  /** oneThread / twoThreads seconds per epoch: how many times faster two threads are. */
  speedup: number;
  /** Largest |loss₂ − loss₁| over the epochs' mean losses (the two runs must agree to float32 rounding). */
  maxLossDiff: number;
  loadAverage: { start: number; end: number };
}

async function timedEpoch(run: TrainingRun, e: number): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const it = run.epoch(e);
  for (let r = await it.next(); !r.done; r = await it.next()) {
    // events are not needed here
  }
  const c = process.cpuUsage(cpu0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** Trains the notebook preset on the default data for `epochs` epochs with 1 and with 2 threads, interleaved. */
export async function benchThreads(epochs = 2, onProgress?: (line: string) => void): Promise<ThreadsBench> {
  await initTf();
  const start = loadavg()[0];
  const r = resolveTrain({ preset: 'notebook' });
  const data = await loadTrainData({ vocabSize: r.vocabSize, seqLength: r.seqLength, seed: r.seed, validation: 0 });
  const one = new TrainingRun({ ...r, threads: 1 }, data);
  const two = new TrainingRun({ ...r, threads: 2 }, data);
  const t1: number[] = [];
  const t2: number[] = [];
  let c1 = 0;
  let c2 = 0;
  try {
    for (let e = 0; e < epochs; e++) {
      const a = await timedEpoch(one, e);
      const b = await timedEpoch(two, e);
      t1.push(a.wall);
      t2.push(b.wall);
      c1 += a.cpu;
      c2 += b.cpu;
      onProgress?.(`epoch ${e + 1}/${epochs}: 1 thread ${a.wall.toFixed(2)} s, ${two.threads} threads ${b.wall.toFixed(2)} s`);
    }
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const maxLossDiff = Math.max(...one.epochs.map((x, i) => Math.abs(x.loss - two.epochs[i].loss)));
    return {
      epochs,
      oneThread: { secondsPerEpoch: mean(t1), epochSeconds: t1, cpuSecondsPerEpoch: c1 / epochs },
      twoThreads: { secondsPerEpoch: mean(t2), epochSeconds: t2, cpuSecondsPerEpoch: c2 / epochs, threads: two.threads,
        note: two.threadNote },
      speedup: mean(t1) / mean(t2),
      maxLossDiff,
      loadAverage: { start, end: loadavg()[0] },
    };
  } finally {
    one.dispose();
    two.dispose();
  }
}

export function formatThreadsBench(b: ThreadsBench): string[] {
  const f = (x: number): string => x.toFixed(2);
  const lines = [
    `training threads (notebook preset, TrainingRun's epoch loop, ${b.epochs} epoch(s) each, interleaved):`,
    `  1 thread:  ${f(b.oneThread.secondsPerEpoch)} s/epoch (${b.oneThread.epochSeconds.map(f).join(', ')}; ${f(b.oneThread.cpuSecondsPerEpoch)} CPU s/epoch)`,
    `  ${b.twoThreads.threads} threads: ${f(b.twoThreads.secondsPerEpoch)} s/epoch (${b.twoThreads.epochSeconds.map(f).join(', ')}; ${f(b.twoThreads.cpuSecondsPerEpoch)} CPU s/epoch)`,
    `  ratio: 2 threads take ${f(1 / b.speedup)}× the time of 1 (${f(b.speedup)}× faster); epoch losses agree within ${b.maxLossDiff.toExponential(1)}`,
  ];
  if (b.twoThreads.note) lines.push(`  (${b.twoThreads.note})`);
  lines.push(`  load average ${f(b.loadAverage.start)} at start, ${f(b.loadAverage.end)} at end`);
  return lines;
}

/** One timed process: wall seconds from spawn to exit, and CPU seconds of it and its threads (when measurable). */
export interface ProcessTiming {
  wall: number;
  cpu: number | null;
}

export interface WholeRunBench {
  rounds: number;
  commands: { unrolled1: string; unrolled2: string; torch: string };
  unrolled1: ProcessTiming[];
  unrolled2: ProcessTiming[];
  torch: ProcessTiming[];
  /** Median whole-run seconds of two-thread Unrolled / of PyTorch (the target: ≤ 0.15). */
  ratio: number;
  ratioOneThread: number;
}

/** /usr/bin/python3 (Debian's, where python3-torch installs) with torch importable, else null and why. */
export function findTorchPython(): { python: string | null; why: string } {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return { python: py, why: '' };
  }
  return { python: null, why: 'PyTorch is not installed for /usr/bin/python3 (apt-get install -y python3-torch)' };
}

function timeProcess(cmd: string, args: string[]): ProcessTiming {
  const timeBin = '/usr/bin/time';
  const useTime = existsSync(timeBin);
  const t0 = performance.now();
  const r = useTime
    ? spawnSync(timeBin, ['-f', '__cpu %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' ')}`);
  const m = /__cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : null };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `rounds` × (Unrolled 2 threads, Unrolled 1 thread, PyTorch), each a whole process, the notebook preset.
 * `cliJs` is the built dist/cli.js; the PyTorch script sits in scripts/ beside dist/.
 */
export function benchWholeRun(cliJs: string, python: string, rounds: number, onProgress?: (line: string) => void): WholeRunBench {
  const script = path.resolve(path.dirname(cliJs), '..', 'scripts', 'bench_torch_rnn.py');
  if (!existsSync(script)) throw new Error(`the PyTorch peer ${script} is missing`);
  const flags = ['train', '--readout', 'final', '--seq-length', '100', '--clip', '0'];
  const u2 = [cliJs, ...flags, '--threads', '2'];
  const u1 = [cliJs, ...flags, '--threads', '1'];
  const tp = [script, '--threads', '2'];
  const out: WholeRunBench = {
    rounds,
    commands: { unrolled2: `node ${u2.join(' ')}`, unrolled1: `node ${u1.join(' ')}`, torch: `${python} ${tp.join(' ')}` },
    unrolled1: [], unrolled2: [], torch: [], ratio: NaN, ratioOneThread: NaN,
  };
  for (let i = 0; i < rounds; i++) {
    out.unrolled2.push(timeProcess(process.execPath, u2));
    out.unrolled1.push(timeProcess(process.execPath, u1));
    out.torch.push(timeProcess(python, tp));
    onProgress?.(`whole run ${i + 1}/${rounds}: unrolled 2 threads ${out.unrolled2[i].wall.toFixed(2)} s, 1 thread ${out.unrolled1[i].wall.toFixed(2)} s, PyTorch ${out.torch[i].wall.toFixed(2)} s`);
  }
  const w = (xs: ProcessTiming[]): number => median(xs.map((x) => x.wall));
  out.ratio = w(out.unrolled2) / w(out.torch);
  out.ratioOneThread = w(out.unrolled1) / w(out.torch);
  return out;
}

export function formatWholeRun(b: WholeRunBench): string[] {
  const f = (x: number): string => x.toFixed(2);
  const row = (name: string, xs: ProcessTiming[]): string => {
    const cpu = xs.every((x) => x.cpu !== null) ? `, ${f(median(xs.map((x) => x.cpu as number)))} CPU s` : '';
    return `  ${name}: ${f(median(xs.map((x) => x.wall)))} s (median of ${xs.length}: ${xs.map((x) => f(x.wall)).join(', ')}${cpu})`;
  };
  return [
    'whole run, process start to exit (load, 5 epochs, test), notebook preset:',
    row('unrolled, 2 threads', b.unrolled2),
    row('unrolled, 1 thread ', b.unrolled1),
    row('PyTorch nn.RNN, 2 threads', b.torch),
    `  ratio: unrolled (2 threads) takes ${f(b.ratio)}× PyTorch's time (1 thread: ${f(b.ratioOneThread)}×)`,
    `  commands: ${b.commands.unrolled2} | ${b.commands.torch}`,
  ];
}

/** What `unrolled bench` adds: the thread figures, then (if PyTorch is installed) the whole-run comparison. */
export async function benchThreadsCommand(
  epochs: number,
  wholeRunRounds: number,
  cliJs: string,
  io: { out(line: string): void; err(line: string): void },
): Promise<{ threads: ThreadsBench; wholeRun: WholeRunBench | { skipped: string } }> {
  const threads = await benchThreads(epochs, (l) => io.err(l));
  for (const line of formatThreadsBench(threads)) io.out(line);
  let wholeRun: WholeRunBench | { skipped: string };
  const torch = wholeRunRounds > 0 ? findTorchPython() : { python: null, why: '--whole-run 0' };
  if (!cliJs.endsWith('.js')) wholeRun = { skipped: 'not running from the built dist/cli.js' };
  else if (!torch.python) wholeRun = { skipped: torch.why };
  else {
    wholeRun = benchWholeRun(cliJs, torch.python, wholeRunRounds, (l) => io.err(l));
    for (const line of formatWholeRun(wholeRun)) io.out(line);
  }
  if ('skipped' in wholeRun) io.out(`whole run vs PyTorch nn.RNN: skipped (${wholeRun.skipped})`);
  return { threads, wholeRun };
}
