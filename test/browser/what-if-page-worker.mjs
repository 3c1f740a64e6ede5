// The what-if benchmark's stand-in for the extension's worker thread, inside the panel's page: a Web Worker
// running src/worker/what-if-service.ts + src/demos/what-if-core.ts (bundled from
// test/support/what-if-page-worker.ts), answering the panel's what-if messages with typed arrays transferred,
// the answer delivered to the panel as a window message — as the worker's answer reaches the webview. The
// base model is built here in Node by the demos' own randomModel and handed over once. The page worker runs the
// worker thread's wasm kernels (UNROLLED_KERNELS=wasm: it fails loudly rather than fall back), their .wasm
// bundled in.
import path from 'node:path';
import { existsSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { ROOT } from './page.mjs';
import { toJsonSafe } from './streams.mjs';

const { randomModel } = await tsImport('../../src/demos/random-model.ts', import.meta.url);

export const kernels = 'wasm (dist/rnn-kernels.wasm), as in the worker thread';

/** The .wasm the worker thread's kernels load (dist/, built by `npm run build`). */
const WASM = path.join(ROOT, 'dist', 'rnn-kernels.wasm');

async function bundle() {
  if (!existsSync(WASM)) throw new Error(`${WASM} is missing: run \`npm run build\` first`);
  const r = await esbuild.build({
    entryPoints: [path.join(ROOT, 'test/support/what-if-page-worker.ts')], bundle: true, platform: 'browser', format: 'iife', write: false,
    logLevel: 'error', define: { 'process.env.UNROLLED_KERNELS': '"wasm"', __dirname: '"/dist"' }, loader: { '.wasm': 'binary' },
    plugins: [{
      // the kernels read their .wasm with node:fs: in the page worker the bytes are bundled in instead
      name: 'wasm-bytes',
      setup(b) {
        b.onResolve({ filter: /^node:(fs|path)$/ }, (a) => ({ path: a.path, namespace: 'stub' }));
        b.onLoad({ filter: /^node:fs$/, namespace: 'stub' }, () => ({
          contents: `import bytes from ${JSON.stringify(WASM)}; export const existsSync = (f) => f === '/dist/rnn-kernels.wasm'; export const readFileSync = () => bytes;`,
          resolveDir: ROOT,
        }));
        b.onLoad({ filter: /^node:path$/, namespace: 'stub' }, () => ({
          contents: 'const join = (...a) => a.join("/").replace(/\\/+/g, "/"); export default { join, resolve: join };',
        }));
      },
    }],
  });
  return r.outputFiles[0].text;
}

/**
 * Start the page worker (the page must be opened with bypassCSP: the panel's CSP allows no workers) and give it
 * the base model of `setup`. From then on the panel's what-if messages go to it; `setCached(on)` switches the
 * baseline mode.
 */
export async function startPageWorker(page, setup) {
  const code = await bundle();
  const base = await randomModel({ seed: setup.seed, std: setup.std, seqLength: setup.tokens.length, hidden: setup.hidden,
    layers: setup.layers, cell: setup.cell });
  const key = JSON.stringify([setup.seed, setup.std, setup.cell, setup.layers, setup.hidden]);
  const msg = toJsonSafe({ type: 'base', key, model: { kind: base.model.kind, config: base.model.config, weights: base.model.weights }, words: [...base.words] });
  await page.evaluate(async ({ code, msg }) => {
    const dec = (v) => {
      if (Array.isArray(v)) return v.map(dec);
      if (v && typeof v === 'object') {
        const k = Object.keys(v);
        if (k.length === 1 && k[0] === '$f32') { const s = atob(v.$f32); const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return new Float32Array(b.buffer); }
        if (k.length === 1 && k[0] === '$num') return v.$num === 'NaN' ? NaN : v.$num === 'Infinity' ? Infinity : -Infinity;
        const o = {}; for (const key of k) o[key] = dec(v[key]); return o;
      }
      return v;
    };
    const w = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    window.__pageWorker = w;
    const ready = new Promise((resolve, reject) => {
      w.onerror = (e) => reject(new Error(`page worker: ${e.message}`));
      w.onmessage = (e) => { if (e.data?.type === 'base-ready') resolve(); };
    });
    w.postMessage(dec(msg));
    await ready;
    // answers go to the panel as window messages, their buffers moved along (no copy)
    w.onmessage = (e) => {
      const m = e.data;
      const buffers = [];
      const walk = (v) => { if (ArrayBuffer.isView(v)) buffers.push(v.buffer); else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x); };
      walk(m);
      window.postMessage(m, '*', [...new Set(buffers)]);
    };
    const push = window.__posted.push.bind(window.__posted);
    window.__posted.push = (m) => {
      const n = push(m);
      if (m && (m.type === 'what-if' || m.type === 'what-if-jacobian')) w.postMessage(m);
      return n;
    };
  }, { code, msg });
  return {
    setCached: (on) => page.evaluate((on) => window.__pageWorker.postMessage({ type: 'cached', on }), on),
  };
}
