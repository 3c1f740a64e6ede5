/**
 * The engine's one TensorFlow.js setup: picks and awaits the backend. `wasm` (SIMD, ships in npm) is preferred:
 * measured here, one Adam update of the 5,001×100 embedding plus reading it back took ~3 ms on wasm and
 * ~110 ms on cpu (quiet machine); of all notebook weights, 31 ms on wasm and 580 ms on cpu (same run, load ~13
 * on 2 cores). The environment variable UNROLLED_TF_BACKEND=wasm|cpu forces one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Backends the engine runs on. */
export type TfBackendName = 'wasm' | 'cpu';

/** What `initTf` chose, and why when it fell back. */
export interface TfInfo {
  backend: TfBackendName;
  /** Folder the wasm binaries were loaded from (wasm only). */
  wasmDir?: string;
  /** Why the preferred backend was not used, if it was not. */
  fallbackReason?: string;
}

const WASM_FILE = 'tfjs-backend-wasm.wasm';
let pending: Promise<TfInfo> | null = null;
let readyInfo: TfInfo | null = null;

/** Folders that may hold the tfjs wasm binaries: next to the bundle (dist/), else the npm package's dist/. */
export function wasmDirCandidates(): string[] {
  const dirs: string[] = [];
  if (process.env.UNROLLED_TFJS_WASM_DIR) dirs.push(process.env.UNROLLED_TFJS_WASM_DIR);
  dirs.push(__dirname);
  try {
    dirs.push(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    // not resolvable from a bundle without node_modules: the bundle's own folder is the place
  }
  return dirs;
}

interface ProcessListeners {
  uncaughtException: NodeJS.UncaughtExceptionListener[];
  unhandledRejection: NodeJS.UnhandledRejectionListener[];
}

function processListeners(): ProcessListeners {
  return { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
}

/**
 * The tfjs wasm module (Emscripten) adds process listeners that rethrow every uncaught error, so Node then
 * prints a 30 kB line of minified tfjs source instead of the error, and exits with code 7. Remove them.
 */
function removeListenersAddedSince(before: ProcessListeners): void {
  for (const l of process.listeners('uncaughtException')) {
    if (!before.uncaughtException.includes(l)) process.removeListener('uncaughtException', l);
  }
  for (const l of process.listeners('unhandledRejection')) {
    if (!before.unhandledRejection.includes(l)) process.removeListener('unhandledRejection', l);
  }
}

async function tryWasm(): Promise<string> {
  const dir = wasmDirCandidates().find((d) => fs.existsSync(path.join(d, WASM_FILE)));
  if (!dir) throw new Error(`${WASM_FILE} not found in ${wasmDirCandidates().join(', ')}`);
  setWasmPaths(dir.endsWith(path.sep) ? dir : dir + path.sep);
  const before = processListeners();
  try {
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('tf.setBackend("wasm") failed');
    await tf.ready();
  } finally {
    removeListenersAddedSince(before);
  }
  return dir;
}

async function init(): Promise<TfInfo> {
  tf.env().set('PROD', true);
  const forced = (process.env.UNROLLED_TF_BACKEND ?? '').trim().toLowerCase();
  if (forced !== '' && forced !== 'wasm' && forced !== 'cpu') {
    throw new Error(`UNROLLED_TF_BACKEND must be "wasm" or "cpu", got "${forced}"`);
  }
  if (forced === 'cpu') {
    await tf.setBackend('cpu');
    await tf.ready();
    return { backend: 'cpu' };
  }
  try {
    const wasmDir = await tryWasm();
    return { backend: 'wasm', wasmDir };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (forced === 'wasm') throw new Error(`UNROLLED_TF_BACKEND=wasm but the tfjs wasm backend did not start: ${reason}`);
    await tf.setBackend('cpu');
    await tf.ready();
    return { backend: 'cpu', fallbackReason: reason };
  }
}

/** Picks and awaits the tfjs backend (once; later calls return the same answer). */
export function initTf(): Promise<TfInfo> {
  if (!pending) {
    pending = init().then((info) => {
      readyInfo = info;
      return info;
    });
  }
  return pending;
}

/** The backend chosen, or null before `initTf()` has resolved. */
export function tfInfo(): TfInfo | null {
  return readyInfo;
}

/** Throws a clear error when tfjs is used before `await initTf()`. */
export function assertTfReady(what: string): void {
  if (!readyInfo) throw new Error(`${what} uses TensorFlow.js: call \`await initTf()\` (src/engine/tf.ts) first`);
}

export { tf };
