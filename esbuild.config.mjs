// One build for every bundle: extension host, worker thread, CLI (Node, CommonJS) and webview (browser).
// Usage: node esbuild.config.mjs [--watch] [--dev]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scopeCss } from './scripts/scope-css.mjs';

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');
const outdir = 'dist';

/** Node bundles: vscode is provided by the host; everything else is bundled (no node_modules in the VSIX). */
const nodeEntries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/worker.ts', out: 'worker' },
  { in: 'src/train-helper.ts', out: 'train-helper' },
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/cli/thread.ts', out: 'cli-thread' },
].filter((e) => existsSync(e.in));

const common = {
  bundle: true,
  sourcemap: dev ? 'inline' : 'linked',
  minify: !dev,
  logLevel: 'info',
  legalComments: 'linked',
};

const builds = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (existsSync('webview/main.ts')) {
  builds.push({
    ...common,
    entryPoints: [{ in: 'webview/main.ts', out: 'webview' }],
    outdir,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
}

// The lesson notebook renderer (contributes.notebookRenderer): VS Code loads it as an ES module.
if (existsSync('webview/notebook/renderer.ts')) {
  builds.push({
    ...common,
    entryPoints: [{ in: 'webview/notebook/renderer.ts', out: 'lessonRenderer' }],
    outdir,
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
  });
}

/** The renderer's stylesheet: the panel's rules confined to one output (scripts/scope-css.mjs), then the lesson's own. */
function writeLessonCss() {
  if (!existsSync('webview/notebook/renderer.ts')) return;
  const css = scopeCss(readFileSync('media/webview.css', 'utf8'), '.unrolled-cell') + readFileSync('media/lessons/lesson.css', 'utf8');
  writeFileSync(path.join(outdir, 'lessonRenderer.css'), css);
}

/** The wasm backend's binaries sit next to the Node bundles (loaded from dist/ at run time). */
function copyAssets() {
  mkdirSync(outdir, { recursive: true });
  const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  for (const f of readdirSync(wasmDir).filter((n) => n.endsWith('.wasm'))) {
    cpSync(path.join(wasmDir, f), path.join(outdir, f));
  }
  if (existsSync('build/kernels')) {
    for (const f of readdirSync('build/kernels').filter((n) => n.endsWith('.wasm'))) {
      cpSync(path.join('build/kernels', f), path.join(outdir, f));
    }
  }
}

/** The AssemblyScript SIMD kernels (`npm run build:kernels`), compiled here too when missing or older than assembly/. */
function buildKernels() {
  const out = 'build/kernels/rnn-kernels.wasm';
  if (!existsSync('assembly')) return;
  const newest = Math.max(...readdirSync('assembly').map((f) => statSync(path.join('assembly', f)).mtimeMs));
  if (existsSync(out) && statSync(out).mtimeMs >= newest) return;
  const r = spawnSync('npm', ['run', '--silent', 'build:kernels'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the wasm kernels failed (npm run build:kernels)');
}

buildKernels();
copyAssets();
writeLessonCss();
if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
