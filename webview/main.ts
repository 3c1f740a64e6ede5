/** Entry of the webview bundle (dist/webview.js): start the panel, report renderer errors to the host. */
import { App } from './render/app';
import { getVsCodeApi } from './vscode-api';

const api = getVsCodeApi();
const root = document.getElementById('app');
if (!root) throw new Error('webview: #app is missing from the page');
window.addEventListener('error', (e) => api.postMessage({ type: 'log', level: 'error', message: `webview: ${e.message} (${e.filename}:${e.lineno})` }));
const app = new App(root, api);
// For tests and debugging: the app and its frame statistics.
(window as unknown as { unrolled: App }).unrolled = app;
