// The integration suite as the extension host loads it: suite/index.ts + every suite/*.vscode.test.ts bundled
// by esbuild into a fresh folder, and the files of the workspace it runs in. Used by run.mjs (code-server)
// and electron.mjs (@vscode/test-electron).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { root } from '../../scripts/code-server.mjs';

/** Files of the temporary workspace the tests run in. */
export const WORKSPACE_FILES = {
  'review.txt': 'This movie was wonderful. The acting was superb and the story kept me on the edge of my seat.\n',
  'bad-review.txt': 'A dull, boring film. I wanted my two hours back.\n',
};

/** Bundles suite/index.ts and every suite/*.vscode.test.ts into a fresh folder under build/integration/. */
export async function bundleSuite(config = {}) {
  const suiteDir = path.join(root, 'test/integration/suite');
  const tests = readdirSync(suiteDir).filter((f) => f.endsWith('.vscode.test.ts')).sort();
  const base = path.join(root, 'build/integration');
  mkdirSync(base, { recursive: true });
  // bundles left by runs that were killed (a finished run removes its own); an hour old is surely stale
  for (const d of readdirSync(base).filter((n) => n.startsWith('suite-'))) {
    const p = path.join(base, d);
    if (Date.now() - statSync(p).mtimeMs > 3600_000) rmSync(p, { recursive: true, force: true });
  }
  // inside the repo, so that the external `mocha` resolves from the repo's node_modules
  const outdir = mkdtempSync(path.join(root, 'build/integration/suite-'));
  await esbuild.build({
    entryPoints: ['index.ts', ...tests].map((f) => ({ in: path.join(suiteDir, f), out: f.replace(/\.ts$/, '') })),
    outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
  });
  writeFileSync(path.join(outdir, 'config.json'), JSON.stringify(config));
  return { outdir, tests };
}
