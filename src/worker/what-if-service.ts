/**
 * The worker's answers to what-if requests (src/shared/what-if.ts). The fast re-run is answered at once; a
 * Jacobian request first lets the message queue drain, and if a newer what-if came in meanwhile it answers
 * `stale` instead of spending hundreds of milliseconds on figures nobody will see.
 */
import type { RunDemoRequest, WhatIfJacobianRequest, WhatIfRequest, WorkerToHost } from '../shared/protocol';
import type { JacobianEvent, SnapshotEvent } from '../shared/events';
import type { WhatIfFigures, WhatIfSetup } from '../shared/what-if';
import { prepareForTransfer } from '../shared/transfer';

/** What computes the answers (src/demos/what-if.ts `WhatIf`; a fake in tests). */
export interface WhatIfEngine {
  run(setup: WhatIfSetup): Promise<{ snapshot: SnapshotEvent; figures: WhatIfFigures }>;
  jacobian(setup: WhatIfSetup): Promise<JacobianEvent>;
}

type Post = (msg: WorkerToHost, transfer?: ArrayBuffer[]) => void;
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const macrotask = (): Promise<void> => new Promise((r) => setImmediate(r));

export class WhatIfService {
  /** Counts what-if messages of either kind; a Jacobian request is stale once a later one arrived. */
  private seq = 0;
  /** The data set of the last gradient demo run (its random model's vocabulary and embedding). */
  data: { dataPath?: string; glovePath?: string } = {};

  constructor(private readonly engine: WhatIfEngine) {}

  /** Remember where the gradient demos' data came from, so a what-if rebuilds the same model. */
  noteRun(req: RunDemoRequest): void {
    if (req.demo === 'vanish' || req.demo === 'explode') this.data = { dataPath: req.params.dataPath, glovePath: req.params.glovePath };
  }

  async handle(msg: WhatIfRequest | WhatIfJacobianRequest, post: Post): Promise<void> {
    const mine = ++this.seq;
    const { requestId } = msg;
    if (msg.type === 'what-if') {
      try {
        const r = await this.engine.run(msg.setup);
        const { events, transfer } = prepareForTransfer([r.snapshot]);
        post({ type: 'what-if-result', requestId, snapshot: events[0] as SnapshotEvent, figures: r.figures }, transfer);
      } catch (e) {
        post({ type: 'what-if-result', requestId, error: errorText(e) });
      }
      return;
    }
    await macrotask();
    if (this.seq !== mine) {
      post({ type: 'what-if-jacobian-result', requestId, stale: true });
      return;
    }
    try {
      const t0 = performance.now();
      const jacobian = await this.engine.jacobian(msg.setup);
      post({ type: 'what-if-jacobian-result', requestId, jacobian, computeMs: performance.now() - t0 });
    } catch (e) {
      post({ type: 'what-if-jacobian-result', requestId, error: errorText(e) });
    }
  }
}
