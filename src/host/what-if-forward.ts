/**
 * A what-if from the panel (already checked by parseWebviewMessage) goes to the worker; its answer goes back
 * under the panel's own requestId (the worker client numbers its requests itself). No `vscode` here.
 */
import type { WhatIfJacobianRequest, WhatIfJacobianResult, WhatIfRequest, WhatIfResult } from '../shared/what-if';
import type { WorkerClient } from './worker-client';

export function forwardWhatIf(
  client: Pick<WorkerClient, 'whatIf' | 'whatIfJacobian'>,
  msg: WhatIfRequest | WhatIfJacobianRequest,
  post: (m: WhatIfResult | WhatIfJacobianResult) => void,
): void {
  const { requestId } = msg;
  if (msg.type === 'what-if') {
    client.whatIf(msg.setup).then(
      (r) => post({ ...r, requestId }),
      (e: Error) => post({ type: 'what-if-result', requestId, error: e.message }),
    );
  } else {
    client.whatIfJacobian(msg.setup).then(
      (r) => post({ ...r, requestId }),
      (e: Error) => post({ type: 'what-if-jacobian-result', requestId, error: e.message }),
    );
  }
}
