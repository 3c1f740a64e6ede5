/**
 * The LSTM and GRU layers in WebAssembly SIMD (`assembly/cells.ts`, compiled into the same module as the tanh
 * kernels). Same contract as `reference.ts`; one wasm instance per kernel set, its memory reused call after call.
 */
import { Arena, type KernelExports, instantiateKernels } from '../kernels/wasm';
import { throwIfStopped } from '../stop';
import type { LayerShape, LayerWeights } from '../kernels/types';
import { type CellKernels, type GatedCell, type GatedForwardOut, type GatedGrads, checkGatedShape } from './types';

interface CellExports extends KernelExports {
  lstmForward(x: number, wihT: number, whhT: number, bias: number, gates: number, c: number, h: number, T: number, B: number, In: number,
    H: number): void;
  lstmBackward(
    x: number, h: number, c: number, gates: number, dhOut: number, wih: number, whh: number,
    dh: number, dc: number, da: number, dx: number, dwih: number, dwhh: number, db: number,
    T: number, B: number, In: number, H: number,
  ): void;
  gruForward(x: number, wihT: number, whhT: number, bih: number, bhh: number, gates: number, hn: number, h: number, gh: number, T: number,
    B: number, In: number, H: number): void;
  gruBackward(
    x: number, h: number, gates: number, hn: number, dhOut: number, wih: number, whh: number,
    dh: number, dax: number, dah: number, dx: number, dwih: number, dwhh: number, dbih: number, dbhh: number,
    T: number, B: number, In: number, H: number,
  ): void;
}

/** Writes the transpose of row-major [rows, cols] `src` into `dst` at float index `at`. */
function putTransposed(dst: Float32Array, at: number, src: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const ro = r * cols;
    for (let c = 0; c < cols; c++) dst[at + c * rows + r] = src[ro + c];
  }
}

/** Instantiates the SIMD gated-cell kernels; throws if the module lacks them (an old build). */
export function createWasmCellKernels(): CellKernels {
  const ex = instantiateKernels() as CellExports;
  if (typeof ex.lstmForward !== 'function' || typeof ex.gruBackward !== 'function') {
    throw new Error('the wasm kernels have no LSTM/GRU exports; rebuild them (npm run build:kernels)');
  }
  const arena = new Arena(ex);

  function forward(cell: GatedCell, shape: LayerShape, w: LayerWeights, x: Float32Array): GatedForwardOut {
    checkGatedShape('wasm cell kernel', cell, shape, w, x);
    const { T, B, In, H } = shape;
    const G = (cell === 'lstm' ? 4 : 3) * H;
    const n = T * B * H;
    arena.reset();
    const px = arena.take(x.length);
    const pWihT = arena.take(G * In);
    const pWhhT = arena.take(G * H);
    const pB1 = arena.take(G);
    const pB2 = arena.take(G);
    const pGates = arena.take(T * B * G);
    const pS = arena.take(n); // LSTM c, GRU hn
    const pH = arena.take(n);
    const pGh = arena.take(B * G);
    const m = arena.commit();
    m.set(x, px >> 2);
    putTransposed(m, pWihT >> 2, w.wih, G, In);
    putTransposed(m, pWhhT >> 2, w.whh, G, H);
    const out = (p: number, len: number): Float32Array => m.slice(p >> 2, (p >> 2) + len);
    if (cell === 'lstm') {
      for (let j = 0; j < G; j++) m[(pB1 >> 2) + j] = w.bih[j] + w.bhh[j];
      ex.lstmForward(px, pWihT, pWhhT, pB1, pGates, pS, pH, T, B, In, H);
      throwIfStopped(); // returned part-way: outputs not read
      return { h: out(pH, n), gates: out(pGates, T * B * G), c: out(pS, n) };
    }
    m.set(w.bih, pB1 >> 2);
    m.set(w.bhh, pB2 >> 2);
    ex.gruForward(px, pWihT, pWhhT, pB1, pB2, pGates, pS, pH, pGh, T, B, In, H);
    throwIfStopped(); // returned part-way: outputs not read
    return { h: out(pH, n), gates: out(pGates, T * B * G), hn: out(pS, n) };
  }

  function backward(cell: GatedCell, shape: LayerShape, w: LayerWeights, x: Float32Array, fwd: GatedForwardOut,
    dhOut: Float32Array): GatedGrads {
    checkGatedShape('wasm cell kernel', cell, shape, w, x);
    const { T, B, In, H } = shape;
    const G = (cell === 'lstm' ? 4 : 3) * H;
    const n = T * B * H;
    const state = cell === 'lstm' ? fwd.c : fwd.hn;
    if (fwd.h.length !== n || dhOut.length !== n || !state || state.length !== n || fwd.gates.length !== T * B * G) {
      throw new Error(`wasm cell kernel: the ${cell} forward trace or dhOut does not match T=${T} B=${B} H=${H}`);
    }
    arena.reset();
    const px = arena.take(x.length);
    const pH = arena.take(n);
    const pS = arena.take(n);
    const pGates = arena.take(T * B * G);
    const pDhOut = arena.take(n);
    const pWih = arena.take(G * In);
    const pWhh = arena.take(G * H);
    const pDh = arena.take(n);
    const pDc = arena.take(n);
    const pDa = arena.take(T * B * G);
    const pDah = arena.take(T * B * G);
    const pDx = arena.take(x.length);
    const pDwih = arena.take(G * In);
    const pDwhh = arena.take(G * H);
    const pDb1 = arena.take(G);
    const pDb2 = arena.take(G);
    const m = arena.commit();
    m.set(x, px >> 2);
    m.set(fwd.h, pH >> 2);
    m.set(state, pS >> 2);
    m.set(fwd.gates, pGates >> 2);
    m.set(dhOut, pDhOut >> 2);
    m.set(w.wih, pWih >> 2);
    m.set(w.whh, pWhh >> 2);
    const out = (p: number, len: number): Float32Array => m.slice(p >> 2, (p >> 2) + len);
    if (cell === 'lstm') {
      ex.lstmBackward(px, pH, pS, pGates, pDhOut, pWih, pWhh, pDh, pDc, pDa, pDx, pDwih, pDwhh, pDb1, T, B, In, H);
      throwIfStopped(); // returned part-way: outputs not read
      const db = out(pDb1, G);
      return { wih: out(pDwih, G * In), bih: db, whh: out(pDwhh, G * H), bhh: Float32Array.from(db), dx: out(pDx, x.length),
        dh: out(pDh, n), dc: out(pDc, n) };
    }
    ex.gruBackward(px, pH, pGates, pS, pDhOut, pWih, pWhh, pDh, pDa, pDah, pDx, pDwih, pDwhh, pDb1, pDb2, T, B, In, H);
    throwIfStopped(); // returned part-way: outputs not read
    return { wih: out(pDwih, G * In), bih: out(pDb1, G), whh: out(pDwhh, G * H), bhh: out(pDb2, G), dx: out(pDx, x.length),
      dh: out(pDh, n) };
  }

  return { name: 'wasm-simd', forward, backward };
}
