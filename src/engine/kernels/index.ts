/**
 * Picks the RNN layer kernels: the AssemblyScript SIMD kernels (`wasm.ts`) when they load, else the plain-TS
 * reference. The environment variable UNROLLED_KERNELS=reference|wasm forces one (wasm then fails loudly).
 */
import { createReferenceKernels } from './reference';
import type { RnnKernels } from './types';

let cached: RnnKernels | null = null;
let wasmError: string | null = null;

function loadWasmKernels(): RnnKernels {
  // Loaded lazily so that a missing or broken wasm build falls back to the reference kernels.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('./wasm') as { createWasmKernels: () => RnnKernels };
  return mod.createWasmKernels();
}

/** Why the wasm kernels are not in use (null when they are, or were never tried). */
export function wasmKernelsError(): string | null {
  return wasmError;
}

/** The kernels every model uses (chosen once, then cached). */
export function getKernels(): RnnKernels {
  if (cached) return cached;
  const want = (process.env.UNROLLED_KERNELS ?? '').trim().toLowerCase();
  if (want !== '' && want !== 'reference' && want !== 'wasm') {
    throw new Error(`UNROLLED_KERNELS must be "reference" or "wasm", got "${want}"`);
  }
  if (want === 'reference') {
    cached = createReferenceKernels();
    return cached;
  }
  try {
    cached = loadWasmKernels();
  } catch (e) {
    wasmError = e instanceof Error ? e.message : String(e);
    if (want === 'wasm') throw new Error(`UNROLLED_KERNELS=wasm but the wasm kernels did not load: ${wasmError}`);
    cached = createReferenceKernels();
  }
  return cached;
}

/** Replaces the cached choice (tests and the benchmark compare kernels). */
export function setKernels(k: RnnKernels | null): void {
  cached = k;
}

export { createReferenceKernels };
export type { RnnKernels };
