/** Issue 16 case 9: loading the kernels reads nothing of the current folder (an untrusted workspace). */
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kernelWasmCandidates } from './wasm';

describe('engine/kernels: where the wasm is looked for', () => {
  it('only beside the code, never under the current folder', () => {
    const root = path.resolve(__dirname, '../../..');
    const before = process.cwd();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'unrolled-cwd-'));
    process.chdir(elsewhere);
    try {
      const c = kernelWasmCandidates();
      assert.deepEqual(c, [path.join(__dirname, 'rnn-kernels.wasm'), path.join(root, 'build', 'kernels', 'rnn-kernels.wasm')]);
      assert.ok(c.every((p) => !p.startsWith(elsewhere)));
    } finally {
      process.chdir(before);
    }
  });
});
