import { strict as assert } from 'node:assert';
import { ensureKernelsBuilt } from '../testdata/build-kernels';
import { getKernels, setKernels, wasmKernelsError } from './index';
import { kernelWasmCandidates } from './wasm';

describe('kernel choice (getKernels)', () => {
  const saved = process.env.UNROLLED_KERNELS;
  afterEach(() => {
    if (saved === undefined) delete process.env.UNROLLED_KERNELS;
    else process.env.UNROLLED_KERNELS = saved;
    setKernels(null);
  });

  it('UNROLLED_KERNELS=reference forces the plain-TS kernels', () => {
    setKernels(null);
    process.env.UNROLLED_KERNELS = 'reference';
    assert.equal(getKernels().name, 'reference');
  });

  it('rejects an unknown UNROLLED_KERNELS value, naming it', () => {
    setKernels(null);
    process.env.UNROLLED_KERNELS = 'gpu';
    assert.throws(() => getKernels(), /UNROLLED_KERNELS must be "reference" or "wasm", got "gpu"/);
  });

  it('by default picks the wasm kernels (build/kernels/rnn-kernels.wasm), whose forward pass agrees with the reference', function () {
    this.timeout(120_000);
    ensureKernelsBuilt();
    setKernels(null);
    delete process.env.UNROLLED_KERNELS;
    const k = getKernels();
    // A fallback to the reference here would compare the reference with itself: fail, and say why and where it looked.
    assert.equal(k.name, 'wasm-simd', `the default kernels are "${k.name}", not wasm-simd: ${wasmKernelsError() ?? 'no load error recorded'} (looked in ${kernelWasmCandidates().join(', ')})`);
    const shape = { T: 3, B: 2, In: 3, H: 2 };
    const w = { wih: Float32Array.of(0.1, -0.2, 0.3, 0.4, 0.5, -0.6), bih: Float32Array.of(0.1, 0),
      whh: Float32Array.of(0.5, -0.5, 0.25, 1), bhh: Float32Array.of(0, 0.2) };
    const x = Float32Array.from({ length: 18 }, (_, i) => Math.sin(i));
    setKernels(null);
    process.env.UNROLLED_KERNELS = 'reference';
    const ref = getKernels().layerForward(shape, w, x).h;
    const got = k.layerForward(shape, w, x).h;
    assert.equal(ref.length, got.length);
    got.forEach((v, i) => assert.ok(Math.abs(v - ref[i]) < 1e-6, `${k.name} h[${i}] = ${v}, reference ${ref[i]}`));
  });
});
