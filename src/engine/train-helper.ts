/**
 * The second training thread of the data-parallel trainer (data-parallel.ts): its own wasm kernel instance
 * computes forward + BPTT for the second half of each batch into shared memory, and its own wasm Adam updates
 * the second half of the flat weights. Runs until told to exit; never touches tfjs.
 */
import { receiveMessageOnPort } from 'node:worker_threads';
import { partGradients } from './batch-part';
import { CTRL, flatOffsets, type HelperCommand, type HelperError, type HelperHello, type HelperInit, RESULT } from './data-parallel-shared';
import { createReferenceKernels, getKernels } from './kernels/index';
import type { RnnKernels } from './kernels/types';
import { WasmAdam } from './kernels/wasm-adam';
import { type StopFlag, stopFlagOf, StopRequested, whileStoppable } from './stop';
import type { UnrolledModel, WeightMap } from './unrolled-model';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs the helper's loop in this thread (blocks it). `hello` tells the leader it started, or why not. */
export function runTrainHelper(init: HelperInit, hello: (m: HelperHello) => void): void {
  const ctrl = new Int32Array(init.ctrl);
  const params = new Float32Array(init.params);
  const grads = new Float32Array(init.grads);
  const rowsOut = new Int32Array(init.rows);
  const result = new Float64Array(init.result);
  const offsets = flatOffsets(init.sizes);
  const view = (flat: Float32Array): WeightMap => {
    const m: WeightMap = {};
    init.names.forEach((n, i) => (m[n] = flat.subarray(offsets[i], offsets[i] + init.sizes[i])));
    return m;
  };
  let kernels: RnnKernels;
  let adam: WasmAdam;
  const model = { kind: init.kind, config: init.config, weights: view(params) } as UnrolledModel;
  const gradView = view(grads);
  try {
    kernels = init.kernels === 'reference' ? createReferenceKernels() : getKernels();
    if (kernels.name !== init.kernels) throw new Error(`its kernels are ${kernels.name}, the first thread's ${init.kernels}`);
    adam = new WasmAdam({ part: params.length - init.adamFrom }, { lr: init.lr });
  } catch (e) {
    Atomics.store(ctrl, CTRL.ready, 2);
    Atomics.notify(ctrl, CTRL.ready);
    hello({ type: 'failed', message: errorText(e) });
    return;
  }
  Atomics.store(ctrl, CTRL.ready, 1);
  Atomics.notify(ctrl, CTRL.ready);
  hello({ type: 'ready', kernels: kernels.name });
  const eg = gradView['embedding.weight'];
  let seen = 0;
  let stop: StopFlag | null = null;
  for (;;) {
    Atomics.wait(ctrl, CTRL.cmd, seen);
    const seq = Atomics.load(ctrl, CTRL.cmd);
    if (seq === seen) continue;
    seen = seq;
    const got = receiveMessageOnPort(init.port);
    const cmd = got?.message as HelperCommand | undefined;
    if (cmd?.type === 'exit') return;
    let status = 0;
    try {
      if (!cmd) throw new Error('no command on the port');
      if (cmd.type === 'grads') {
        if (cmd.stop !== undefined) stop = cmd.stop ? stopFlagOf(cmd.stop) : null;
        const n = cmd.lengths.length;
        if (n === 0) {
          grads.fill(0);
          result[RESULT.lossSum] = 0;
          result[RESULT.correct] = 0;
          result[RESULT.embeddingRows] = 0;
        } else {
          const rows = { ids: cmd.ids, lengths: cmd.lengths, batchSize: n, seqLength: cmd.seqLength };
          const part = whileStoppable(stop, () => partGradients(model, rows, cmd.labels, cmd.fullBatchSize, init.readout, kernels, eg,
            init.truncateBptt));
          for (const name of init.names) if (part.grads[name] !== gradView[name]) gradView[name].set(part.grads[name]);
          rowsOut.set(part.embeddingRows);
          result[RESULT.lossSum] = part.lossSum;
          result[RESULT.correct] = part.correct;
          result[RESULT.embeddingRows] = part.embeddingRows.length;
        }
      } else if (cmd.type === 'adam') {
        adam.step({ part: params.subarray(init.adamFrom) }, { part: grads.subarray(init.adamFrom) });
      }
    } catch (e) {
      if (e instanceof StopRequested) {
        status = 2;
      } else {
        status = 1;
        const err: HelperError = { type: 'error', message: errorText(e) };
        init.port.postMessage(err);
      }
    }
    Atomics.store(ctrl, CTRL.status, status);
    Atomics.store(ctrl, CTRL.done, seq);
    Atomics.notify(ctrl, CTRL.done);
  }
}
