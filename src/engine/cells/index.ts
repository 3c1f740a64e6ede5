/**
 * Picks the gated-cell kernels as `kernels/index.ts` picks the tanh ones: the AssemblyScript SIMD kernels when
 * they load, else the plain-TS reference; UNROLLED_KERNELS=reference|wasm forces one (wasm then fails loudly).
 */
import { createReferenceCellKernels } from './reference';
import type { CellKernels } from './types';

let cached: CellKernels | null = null;
let wasmError: string | null = null;

/** Why the wasm cell kernels are not in use (null when they are, or were never tried). */
export function wasmCellKernelsError(): string | null {
  return wasmError;
}

/** The gated-cell kernels every model uses (chosen once, then cached). */
export function getCellKernels(): CellKernels {
  if (cached) return cached;
  const want = (process.env.UNROLLED_KERNELS ?? '').trim().toLowerCase();
  if (want !== '' && want !== 'reference' && want !== 'wasm') {
    throw new Error(`UNROLLED_KERNELS must be "reference" or "wasm", got "${want}"`);
  }
  if (want === 'reference') {
    cached = createReferenceCellKernels();
    return cached;
  }
  try {
    // Loaded lazily so that a missing or broken wasm build falls back to the reference kernels.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = (require('./wasm') as { createWasmCellKernels: () => CellKernels }).createWasmCellKernels();
  } catch (e) {
    wasmError = e instanceof Error ? e.message : String(e);
    if (want === 'wasm') throw new Error(`UNROLLED_KERNELS=wasm but the wasm cell kernels did not load: ${wasmError}`);
    cached = createReferenceCellKernels();
  }
  return cached;
}

/** Replaces the cached choice (tests and the benchmark compare kernels). */
export function setCellKernels(k: CellKernels | null): void {
  cached = k;
}

export { createReferenceCellKernels };
