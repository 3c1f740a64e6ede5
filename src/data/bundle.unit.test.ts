import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

describe('data/embedded from a bundle: data/ is found at dist/../data', () => {
  it('a Node bundle in <root>/dist finds <root>/data and loads the default set and vectors', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'unrolled-bundle-'));
    try {
      symlinkSync(path.resolve(__dirname, '..', '..', 'data'), path.join(root, 'data'), 'dir');
      mkdirSync(path.join(root, 'dist'));
      const entry = path.join(root, 'probe.ts');
      writeFileSync(entry, [
        `import { findDataDir, loadDataset } from ${JSON.stringify(path.join(__dirname, 'index'))};`,
        'loadDataset({ vocabSize: 300, seqLength: 20 }).then((d) => console.log(JSON.stringify({ dir: findDataDir(), n: d.train.n + d.test.n, found: d.gloveFound, dim: d.embeddingDim })));',
      ].join('\n'));
      const out = path.join(root, 'dist', 'probe.js');
      buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
      const r = spawnSync(process.execPath, [out], { encoding: 'utf8', cwd: os.tmpdir() });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as { dir: string; n: number; found: number; dim: number };
      assert.equal(got.dir, path.join(root, 'data'));
      assert.equal(got.n, 2000);
      assert.equal(got.dim, 100);
      assert.ok(got.found > 290 && got.found <= 300, `found ${got.found}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
