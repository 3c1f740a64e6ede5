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

/** The panel's saved state: from the API after a reload, else from the page's data-initial-state attribute (a notebook output). */
export function initialState(api: VsCodeApi, root: HTMLElement): unknown {
  const fromApi = api.getState();
  if (fromApi) return fromApi;
  const attr = root.getAttribute('data-initial-state');
  if (!attr) return null;
  try { return JSON.parse(attr); } catch { return null; }
}
