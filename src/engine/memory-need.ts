/**
 * The memory a training configuration needs, computed before anything runs, so a configuration that cannot
 * run is refused at once with the figure and the limit (instead of "WebAssembly.Memory.grow(): Unable to grow
 * instance memory" after seconds, or "offset is out of bounds" after minutes).
 *
 * Three budgets, each from the buffers the code actually lays out:
 * - one layer kernel's wasm memory (`kernels/wasm.ts`): forward x, Wihᵀ, Whhᵀ, bias, pre, h; backward x, h,
 *   dhOut, Wih, Whh, dh, da, dx, dWih, dWhh, db. Byte addresses are handled as signed 32-bit numbers there,
 *   so the usable limit is 2 GiB (the wasm32 maximum is 4 GiB);
 * - the Adam kernel's wasm memory (`kernels/wasm-adam.ts`): weights, gradients and both moments of every
 *   parameter;
 * - the JavaScript side of one batch: the embedded input, h and pre of every layer kept for BPTT, and the
 *   gradients flowing back (a fraction of the machine's memory).
 */
import { totalmem } from 'node:os';

/** What a configuration is; `embeddingDim` may be a guess before the GloVe file is read. */
export interface MemoryShape {
  batch: number;
  seqLength: number;
  hidden: number;
  layers: number;
  embeddingDim: number;
  /** Vocabulary rows (including <PAD>); 0 when not known yet. */
  vocabSize: number;
  outputSize?: number;
  /** tanh (default), gru (3 gates) or lstm (4): gated cells keep and multiply that many blocks. */
  cell?: string;
}

/** Blocks per cell: the tanh cell's buffers are counted exactly, gated cells' as that many times larger. */
export function gatesOf(cell: string | undefined): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/** The usable wasm memory per kernel instance (2 GiB, see above). */
export const WASM_LIMIT_BYTES = 2 ** 31;

/** Bytes of wasm memory one layer kernel needs (the larger of forward and backward, with alignment). */
export function layerKernelBytes(T: number, B: number, In: number, H: number, gates = 1): number {
  const a = (floats: number): number => Math.ceil((floats * 4) / 16) * 16;
  const n = T * B * H * gates;
  const w = H * gates;
  const forward = a(T * B * In) + a(w * In) + a(w * H) + a(w) + 2 * a(n);
  const backward = 2 * a(T * B * In) + 4 * a(n) + 2 * a(w * In) + 2 * a(w * H) + a(w);
  return Math.max(forward, backward) + 65536; // + the module's own data below heapBase
}

export function parameterCount(s: MemoryShape): number {
  const { hidden: H, layers: L, embeddingDim: D, vocabSize: V } = s;
  const O = s.outputSize ?? 2;
  let p = V * D + O * H + O;
  const g = gatesOf(s.cell);
  for (let k = 0; k < L; k++) p += g * (H * (k === 0 ? D : H) + H + H * H + H);
  return p;
}

export interface MemoryNeed {
  kernelBytes: number;
  adamBytes: number;
  jsBytes: number;
  jsLimit: number;
}

export function memoryNeed(s: MemoryShape): MemoryNeed {
  const { batch: B, seqLength: T, hidden: H, layers: L, embeddingDim: D } = s;
  let kernelBytes = 0;
  const g = gatesOf(s.cell);
  for (let k = 0; k < L; k++) kernelBytes = Math.max(kernelBytes, layerKernelBytes(T, B, k === 0 ? D : H, H, g));
  const n = T * B * H * g;
  const wide = T * B * Math.max(D, H);
  // x; h and pre per layer; dh per layer; dhOut, the kernel's dx and its copy.
  const jsBytes = 4 * (T * B * D + 2 * L * n + L * n + n + 2 * wide);
  return { kernelBytes, adamBytes: 4 * 4 * parameterCount(s) + 65536, jsBytes, jsLimit: Math.floor(totalmem() * 0.75) };
}

/** "1.2 GB" (decimal units, as file managers show). */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

/** The configuration's flags as the user wrote them. */
function flags(s: MemoryShape): string {
  return `--batch ${s.batch} --hidden ${s.hidden} --layers ${s.layers} --seq-length ${s.seqLength}`;
}

/**
 * Throws an Error naming the figure and the limit when the configuration cannot run; `where` says which
 * budget the vocabulary is known for (before loading, the vocabulary part is skipped).
 */
export function checkMemoryNeed(s: MemoryShape): void {
  const need = memoryNeed(s);
  if (need.kernelBytes > WASM_LIMIT_BYTES) {
    throw new Error(
      `${flags(s)} needs ${formatBytes(need.kernelBytes)} of WebAssembly memory for one layer's batch ` +
        `(batch × seq-length × hidden values for BPTT), more than the limit of ${formatBytes(WASM_LIMIT_BYTES)}; ` +
        `make --batch, --seq-length or --hidden smaller`,
    );
  }
  if (s.vocabSize > 0 && need.adamBytes > WASM_LIMIT_BYTES) {
    throw new Error(
      `a model of ${parameterCount(s).toLocaleString('en-US')} parameters (vocabulary ${s.vocabSize} × ${s.embeddingDim}-d embedding) ` +
        `needs ${formatBytes(need.adamBytes)} of WebAssembly memory for Adam, more than the limit of ${formatBytes(WASM_LIMIT_BYTES)}; ` +
        `make --vocab-size smaller or use smaller GloVe vectors`,
    );
  }
  if (need.jsBytes > need.jsLimit) {
    throw new Error(
      `${flags(s)} needs ${formatBytes(need.jsBytes)} of memory per batch, more than the ${formatBytes(need.jsLimit)} ` +
        `this machine can give (75 % of its ${formatBytes(totalmem())}); make --batch, --seq-length or --hidden smaller`,
    );
  }
}

/** The longest a checkpoint may be: it is read back as one string (V8's limit, ~512 MB). */
export const CHECKPOINT_LIMIT_CHARS = 536_870_888;
/** Characters one float32 weight takes at most in the JSON ("-1.2345678901234567e-12,"). */
const CHARS_PER_WEIGHT = 24;

/** An upper bound of the checkpoint's length: every weight at its longest, the vocabulary as JSON. */
export function checkpointCharsBound(s: MemoryShape, vocabChars: number): number {
  const names = 3 + 4 * s.layers;
  return parameterCount(s) * CHARS_PER_WEIGHT + vocabChars + names * 80 + 4096;
}

/** Throws when the trained model's checkpoint could not be written or read back. */
export function checkCheckpointSize(s: MemoryShape, vocabChars: number, file: string): void {
  const bound = checkpointCharsBound(s, vocabChars);
  if (bound > CHECKPOINT_LIMIT_CHARS) {
    throw new Error(
      `the checkpoint ${file} could be up to ${formatBytes(bound)} (${parameterCount(s).toLocaleString('en-US')} weights), ` +
        `more than the ${formatBytes(CHECKPOINT_LIMIT_CHARS)} a checkpoint may have to be read back; ` +
        `make --vocab-size or --hidden smaller, or train without --save (checked before training)`,
    );
  }
}
