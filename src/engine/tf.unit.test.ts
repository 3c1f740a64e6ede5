import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { initTf, tf, tfInfo, wasmDirCandidates } from './tf';

describe('tfjs backend setup (initTf)', () => {
  it('starts the wasm backend from the npm package when run from source (unless forced to cpu)', async () => {
    const info = await initTf();
    assert.equal(await initTf(), info, 'one answer per process');
    assert.deepEqual(tfInfo(), info);
    if (process.env.UNROLLED_TF_BACKEND === 'cpu') {
      assert.equal(info.backend, 'cpu');
    } else {
      assert.equal(info.backend, 'wasm', info.fallbackReason);
      assert.ok(info.wasmDir && existsSync(path.join(info.wasmDir, 'tfjs-backend-wasm.wasm')));
    }
    assert.equal(tf.getBackend(), info.backend);
    const t = tf.tensor1d([1, 2, 3]).mul(2);
    assert.deepEqual(Array.from(t.dataSync()), [2, 4, 6]);
    t.dispose();
  });

  it('leaves no process listener of the wasm module behind (errors then print normally)', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `
      const { initTf } = require(${JSON.stringify(path.join(__dirname, 'tf.ts'))});
      const n0 = process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
      initTf().then((info) => {
        const n1 = process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
        console.log(info.backend, n1 - n0);
        setTimeout(() => { throw new Error('boom from the test'); }, 1);
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', cwd: path.resolve(__dirname, '..', '..') });
    assert.match(r.stdout, /^(wasm|cpu) 0$/m, r.stderr.slice(0, 300));
    assert.equal(r.status, 1, 'Node exits 1 on an uncaught error (7 when a listener rethrows it)');
    assert.match(r.stderr, /Error: boom from the test/);
    assert.ok(r.stderr.length < 5000, `stderr is ${r.stderr.length} characters`);
  });

  it('looks for the wasm binaries next to the bundle first, then in the npm package', () => {
    const dirs = wasmDirCandidates();
    assert.equal(dirs[process.env.UNROLLED_TFJS_WASM_DIR ? 1 : 0], __dirname);
    assert.ok(dirs.some((d) => d.endsWith(path.join('tfjs-backend-wasm', 'dist'))));
  });
});
