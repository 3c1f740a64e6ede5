/**
 * The browser benchmark's stand-in for the extension's worker thread: bundled for the browser by
 * test/browser/what-if.mjs and started as a Web Worker in the panel's page, it answers the panel's what-if
 * requests with the worker's own code (src/worker/what-if-service.ts around src/demos/what-if-core.ts) on a
 * base model the test builds in Node and hands over once (the data set is read by Node only). Answers are
 * posted with their typed arrays transferred, as the worker thread posts them. With `cached` on, a setup
 * answered before is answered again without computing (the baseline: the same round trip, no engine work).
 */
import { WhatIfCore, type WhatIfBaseModel } from '../../src/demos/what-if-core';
import { WhatIfService } from '../../src/worker/what-if-service';
import type { UnrolledModel } from '../../src/engine/unrolled-model';
import type { WhatIfSetup } from '../../src/shared/what-if';
import type { WhatIfJacobianRequest, WhatIfRequest, WorkerToHost } from '../../src/shared/protocol';
import type { SnapshotEvent } from '../../src/shared/events';
import type { WhatIfFigures } from '../../src/shared/what-if';

interface BaseMessage { type: 'base'; key: string; model: UnrolledModel; words: string[] }
interface ModeMessage { type: 'cached'; on: boolean }

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(m: unknown, transfer?: ArrayBuffer[]): void;
  setImmediate?: (f: () => void) => void;
};
// the service lets the queue drain with setImmediate (Node); a browser worker has setTimeout
scope.setImmediate ??= (f) => { setTimeout(f, 0); };

const keyOf = (s: WhatIfSetup): string => JSON.stringify([s.seed, s.std, s.cell, s.layers, s.hidden]);
const bases = new Map<string, WhatIfBaseModel>();
const core = new WhatIfCore({
  key: keyOf,
  load: (s) => {
    const b = bases.get(keyOf(s));
    return b ? Promise.resolve(b) : Promise.reject(new Error(`the benchmark was given no base model for ${keyOf(s)}`));
  },
});
let cached = false;
const answers = new Map<string, { snapshot: SnapshotEvent; figures: WhatIfFigures }>();
const service = new WhatIfService({
  run: async (s) => {
    const k = JSON.stringify(s);
    const hit = cached ? answers.get(k) : undefined;
    if (hit) return hit;
    const r = await core.run(s);
    answers.set(k, r);
    return r;
  },
  jacobian: (s) => core.jacobian(s),
});

scope.onmessage = (e: MessageEvent) => {
  const m = e.data as BaseMessage | ModeMessage | WhatIfRequest | WhatIfJacobianRequest;
  if (m.type === 'base') { bases.set(m.key, { model: m.model, words: m.words }); scope.postMessage({ type: 'base-ready', key: m.key }); return; }
  if (m.type === 'cached') { cached = m.on; return; }
  void service.handle(m, (msg: WorkerToHost, transfer?: ArrayBuffer[]) => scope.postMessage(msg, transfer ?? []));
};
