/** The one handle on the VS Code webview API, typed with our protocol. */
import type { WebviewToHost } from '../src/shared/protocol';

export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page; outside VS Code (e.g. opened as a file) a no-op stand-in. */
export function getVsCodeApi(): VsCodeApi {
  if (typeof acquireVsCodeApi === 'function') return acquireVsCodeApi();
  let state: unknown;
  return {
    postMessage: (m) => console.info('[unrolled] would post', m.type),
    getState: () => state,
    setState: (s) => { state = s; },
  };
}
