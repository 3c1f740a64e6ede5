/**
 * The bench's per-cell lines: seconds per training epoch of the tanh, GRU and LSTM classifiers on the
 * notebook's config (same data, order, embedding and Adam as the main line), and, when asked and available,
 * PyTorch's fused nn.RNN / nn.GRU / nn.LSTM on the same shapes (scripts/bench_torch_cells.py through Debian's
 * python3-torch, run in the same bench so the ratio compares like with like).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CELLS, type CellType } from '../engine/cells/types';
import { getCellKernels } from '../engine/cells/index';
import type { RnnKernels } from '../engine/kernels/types';
import { type Dataset as TrainRows, trainEpoch, UnrolledTrainer } from '../engine/trainer';
import { createUnrolledModel, type Readout, type UnrolledConfig } from '../engine/unrolled-model';

export interface CellBenchLine {
  cell: CellType;
  /** Kernels that ran (the tanh kernels for tanh, the gated-cell kernels otherwise). */
  kernels: string;
  secondsPerEpoch: number;
  cpuSecondsPerEpoch: number;
  /** PyTorch's fused module on the same shapes (NaN when not measured). */
  torchSecondsPerEpoch: number;
  torchCpuSecondsPerEpoch: number;
  /** engine CPU s / PyTorch CPU s (the target for gated cells: ≤ 0.5). */
  cpuRatioToTorch: number;
}

export interface CellBench {
  lines: CellBenchLine[];
  /** Why PyTorch was not measured, or its version. */
  torchNote: string;
}

export interface CellBenchInput {
  config: UnrolledConfig;
  rows: TrainRows;
  order: ArrayLike<number>;
  embedding?: Float32Array;
  batchSize: number;
  lr: number;
  readout: Readout;
  seed: number;
  kernels: RnnKernels;
  /** Also time PyTorch (needs /usr/bin/python3 with torch). */
  torch: boolean;
  progress: (line: string) => void;
}

interface TorchRow { cell: string; secondsPerEpoch: number; cpuSecondsPerEpoch: number }

/** Runs scripts/bench_torch_cells.py; null and a reason when it cannot. */
function timeTorch(progress: (l: string) => void): { rows: TorchRow[]; note: string } {
  const script = [path.resolve(__dirname, '..', 'scripts', 'bench_torch_cells.py'), path.resolve(process.cwd(), 'scripts', 'bench_torch_cells.py')].find((f) => existsSync(f));
  if (!script) return { rows: [], note: 'PyTorch not measured: scripts/bench_torch_cells.py not found' };
  progress('PyTorch nn.LSTM / nn.GRU / nn.RNN: one epoch each (python3-torch, 2 threads)…');
  const r = spawnSync('/usr/bin/python3', [script, '--epochs', '1', '--json'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop() ?? `exit ${r.status}`;
    return { rows: [], note: `PyTorch not measured (${why}; install Debian's python3-torch)` };
  }
  try {
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { torch: string; threads: number; cells: TorchRow[] };
    return { rows: out.cells, note: `PyTorch ${out.torch}, ${out.threads} threads, fused nn.RNN / nn.GRU / nn.LSTM, measured in this run` };
  } catch {
    return { rows: [], note: 'PyTorch not measured: the script printed no JSON' };
  }
}

/** One warm-up batch, then one timed epoch per cell. */
export function benchCells(inp: CellBenchInput): CellBench {
  const lines: CellBenchLine[] = [];
  const torch = inp.torch ? timeTorch(inp.progress) : { rows: [], note: 'PyTorch not measured (bench --torch times it)' };
  for (const cell of CELLS) {
    const config: UnrolledConfig = { ...inp.config, ...(cell !== 'tanh' ? { cell } : {}) };
    const model = createUnrolledModel(config, { seed: inp.seed, embedding: inp.embedding });
    const trainer = new UnrolledTrainer(model, { optimizer: 'adam', lr: inp.lr, readout: inp.readout, kernels: inp.kernels });
    try {
      trainEpoch(trainer, inp.rows, Array.from(inp.order).slice(0, inp.batchSize), inp.batchSize); // warm-up
      const cpu0 = process.cpuUsage();
      const r = trainEpoch(trainer, inp.rows, inp.order, inp.batchSize);
      const cpu = process.cpuUsage(cpu0);
      const t = torch.rows.find((x) => x.cell === cell);
      const cpuS = (cpu.user + cpu.system) / 1e6;
      const line: CellBenchLine = {
        cell,
        kernels: cell === 'tanh' ? inp.kernels.name : getCellKernels().name,
        secondsPerEpoch: r.seconds,
        cpuSecondsPerEpoch: cpuS,
        torchSecondsPerEpoch: t ? t.secondsPerEpoch : NaN,
        torchCpuSecondsPerEpoch: t ? t.cpuSecondsPerEpoch : NaN,
        cpuRatioToTorch: t ? cpuS / t.cpuSecondsPerEpoch : NaN,
      };
      lines.push(line);
      inp.progress(`cell ${cell}: ${r.seconds.toFixed(2)} s/epoch (${cpuS.toFixed(2)} CPU s)`);
    } finally {
      trainer.dispose();
    }
  }
  return { lines, torchNote: torch.note };
}

/** The per-cell lines for a terminal. */
export function formatCellBench(b: CellBench): string[] {
  const f = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  return [
    ...b.lines.map(
      (l) =>
        `cell ${l.cell.padEnd(4)} (${l.kernels}): ${f(l.secondsPerEpoch, 2)} s/epoch, ${f(l.cpuSecondsPerEpoch, 2)} CPU s/epoch` +
        (Number.isFinite(l.torchCpuSecondsPerEpoch)
          ? `; PyTorch nn.${l.cell === 'lstm' ? 'LSTM' : l.cell === 'gru' ? 'GRU' : 'RNN'} ${f(l.torchSecondsPerEpoch, 2)} s/epoch, ` +
            `${f(l.torchCpuSecondsPerEpoch, 2)} CPU s/epoch; engine/PyTorch CPU time ${f(l.cpuRatioToTorch, 2)}×`
          : ''),
    ),
    `cells: ${b.torchNote}`,
  ];
}
