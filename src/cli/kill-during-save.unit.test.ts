/**
 * Issue 16 case 1, as a user meets it: the CLI is killed with SIGKILL while it writes a big checkpoint over
 * an earlier one. Before the writes were atomic this truncated the earlier file in place; now the earlier
 * file must be whole (or, if the kill came after the rename, the new file must be whole).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCheckpoint } from '../engine/checkpoint';

const root = path.resolve(__dirname, '../..');

function sizeOf(f: string): number {
  try {
    return statSync(f).size;
  } catch {
    return 0;
  }
}

/** Runs `train --save` and kills it `delayMs` after the temporary checkpoint appears; what was on disk. */
async function killDuringSave(dir: string, delayMs: number): Promise<{ sawTemp: boolean; after: string; signal: string | null }> {
  const save = path.join(dir, 'model.json');
  // Big embedding (every word of the 2,000 reviews, 100-d): a checkpoint of tens of MB, written for a while.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'train',
    '--epochs', '1', '--hidden', '4', '--layers', '1', '--seq-length', '10', '--batch', '1600', '--vocab-size', '1000000', '--save', save,
  ], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let sawTemp = false;
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    // The save's temporary file, once it has bytes (the writability probes before training leave empty ones).
    const temp = readdirSync(dir).find((n) => n.startsWith('.model.json.') && n.endsWith('.tmp'));
    if (temp && sizeOf(path.join(dir, temp)) > 0) {
      sawTemp = true;
      const until = Date.now() + delayMs;
      while (Date.now() < until) { /* spin: exact delay */ }
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setImmediate(r));
  }
  const signal = await exited;
  assert.ok(sawTemp, `the save never started: ${stderr}`);
  return { sawTemp, after: readFileSync(save, 'utf8'), signal };
}

describe('cli: kill -9 during a checkpoint save (a real child process)', function () {
  this.timeout(600_000);

  it('leaves the previous checkpoint whole, at several moments of the write', async () => {
    const outcomes: string[] = [];
    for (const delayMs of [0, 5, 25]) {
      const dir = mkdtempSync(path.join(tmpdir(), 'unrolled-kill-'));
      const previous = JSON.stringify({ previous: 'checkpoint', padding: 'x'.repeat(1_000_000) });
      writeFileSync(path.join(dir, 'model.json'), previous);
      const r = await killDuringSave(dir, delayMs);
      assert.equal(r.signal, 'SIGKILL', `delay ${delayMs} ms: the child ended before the kill`);
      if (r.after === previous) outcomes.push(`${delayMs} ms: previous file intact`);
      else {
        // Killed after the rename: the new file must be a whole, valid checkpoint.
        const ck = parseCheckpoint(r.after, 'model.json');
        assert.ok(ck.vocab.length > 1000);
        outcomes.push(`${delayMs} ms: new file complete`);
      }
      assert.ok(existsSync(path.join(dir, 'model.json')));
    }
    assert.equal(outcomes[0], '0 ms: previous file intact', outcomes.join('; '));
  });
});
