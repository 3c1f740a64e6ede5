/**
 * Issue 16 case 8, as a user meets it (a real child process): Ctrl-C during `unrolled train` stops the batch in
 * progress — the command runs in a worker thread, the launcher sets the run's stop flag and the kernels look at
 * it (src/engine/stop.ts) — and a second Ctrl-C quits at once. The runs below have ONE batch per epoch and one
 * epoch, a batch of several seconds' work: if the stop were seen only between batches, that batch would finish,
 * the epoch would complete and the model would be saved. Timings are measured by `npm run bench:stop`, not here.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** 80 training reviews in one batch of 80 × 100 steps at hidden 1024 on one thread: ~55 GFLOP of work. */
const ONE_LONG_BATCH = ['--reviews', '100', '--batch', '80', '--hidden', '1024', '--layers', '1', '--epochs', '1', '--threads', '1'];

async function interrupt(
  extra: string[], signals: number, afterMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'train', ...ONE_LONG_BATCH, ...extra], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && !stdout.includes('Starting training')) await new Promise((r) => setTimeout(r, 5));
  assert.ok(!done, `train ended before training started: ${stderr}`);
  await new Promise((r) => setTimeout(r, afterMs)); // into the batch (the untrained snapshot is one review)
  for (let i = 0; i < signals; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
  }
  return { code: await exited, stdout, stderr };
}

describe('cli: Ctrl-C during training (a real child process)', function () {
  this.timeout(300_000);

  it('stops inside the only batch: nothing trained, tested or saved, the earlier checkpoint unchanged, one line each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-stop-'));
    const save = path.join(dir, 'model.json');
    writeFileSync(save, '{"earlier":"checkpoint"}');
    const r = await interrupt(['--save', save], 1, 300);
    assert.equal(r.code, 130, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
    assert.match(r.stderr, /^Stopping now \(Ctrl-C again to quit at once, without saving\)/m);
    assert.match(r.stdout + r.stderr, /Training stopped during epoch 1\./);
    assert.doesNotMatch(r.stdout, /Epoch 1\/1|Test Accuracy/, 'the batch finished: the stop was not seen inside it');
    assert.match(r.stderr, new RegExp(`Stopped: the model was NOT saved to ${save.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(readFileSync(save, 'utf8'), '{"earlier":"checkpoint"}');
  });

  it('Ctrl-C while the data loads stops there: nothing trained, the same one line, exit 130', async () => {
    // Loading 20,000 reviews of the shipped corpus takes seconds. The loader looks at the stop flag between its
    // steps and every few hundred reviews; before, it went on loading, started training and stopped only then.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'train', '--reviews', '20000', '--epochs', '1'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (!stdout.includes('Reading 20,000 reviews')) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /, 'a stack trace');
    assert.deepEqual(stderr.trim().split('\n'), ['Stopping now (Ctrl-C again to quit at once, without saving)…', 'Stopped: the model was not saved (no --save given).']);
    assert.match(stdout, /^Warning: Training stopped while loading the data \(nothing was trained\)\.$/m);
    assert.doesNotMatch(stdout, /Starting training|Loaded 20,000 reviews/, 'loading went on after the Ctrl-C');
  });

  it('a second Ctrl-C quits at once with one line, no stack trace', async () => {
    // The jacobian command (1,000 steps × 4 layers: several CPU seconds) does not look at the stop flag, so
    // the first Ctrl-C leaves it running and the second one meets a busy command. (Training and its data
    // loading stop at the first one, so they cannot show the second.)
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'jacobian', '--length', '1000', '--layers', '4'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let ended = false;
    // Ended by SIGINT's default action (a shell's status 130), not process.exit, which would wait for the thread
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => { ended = true; resolve(signal); }));
    const until = async (ok: () => boolean): Promise<void> => {
      while (!ok() && !ended) await new Promise((r) => setTimeout(r, 2));
    };
    await new Promise((r) => setTimeout(r, 2500)); // started: the launcher listens for Ctrl-C by then
    child.kill('SIGINT');
    await until(() => stderr.includes('Stopping now'));
    assert.ok(!ended, `the first Ctrl-C ended the command: ${stderr}`);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!ended, 'the command finished before the second Ctrl-C could be tested');
    child.kill('SIGINT');
    assert.equal(await exited, 'SIGINT', stderr);
    assert.doesNotMatch(stderr, /\n\s+at /);
    const lines = stderr.trim().split('\n');
    assert.deepEqual(lines, ['Stopping now (Ctrl-C again to quit at once, without saving)…', 'Quit at once: nothing was saved.']);
    assert.doesNotMatch(stdout, /Step Jacobians/, 'the command ran to its end');
  });

  it('a second Ctrl-C quits even while the command is blocked reading a FIFO nobody writes to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-fifo-'));
    const fifo = path.join(dir, 'reviews.csv');
    execFileSync('mkfifo', [fifo]);
    const writer = openSync(fifo, constants.O_RDWR); // held open and silent: the reader's read blocks
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'train', '--data', fifo], {
      cwd: root, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise((r) => setTimeout(r, 2500));
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 500));
      child.kill('SIGINT');
      const quit = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running 5 s later'), 5000))]);
      assert.equal(quit, 'SIGINT', stderr);
      assert.match(stderr, /Quit at once: nothing was saved\.\n$/);
    } finally {
      child.kill('SIGKILL');
      closeSync(writer);
    }
  });

  it('a run that is not interrupted still ends by itself with its exit code (the command thread ends like a process)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'step', '--sentence', 'a fine film'], { cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0);
    assert.match(out, /Word: fine/);
  });
});
