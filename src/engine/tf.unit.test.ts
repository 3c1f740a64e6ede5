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

  it('looks for the wasm binaries next to the bundle first, then in the npm package', () => {
    const dirs = wasmDirCandidates();
    assert.equal(dirs[process.env.UNROLLED_TFJS_WASM_DIR ? 1 : 0], __dirname);
    assert.ok(dirs.some((d) => d.endsWith(path.join('tfjs-backend-wasm', 'dist'))));
  });
});
