/**
 * The panel's HTML shell, shared with the extension host (which calls it with `asWebviewUri` URIs and a
 * fresh nonce). Pure string code: no vscode import, no DOM. Strict CSP: nothing runs or styles the page
 * except the bundled script (by nonce) and stylesheet (by source); images only from data:/blob: (export).
 */
export interface WebviewHtmlOptions {
  /** `webview.cspSource` of the panel. */
  cspSource: string;
  /** A fresh random nonce (letters and digits) for the script tag. */
  nonce: string;
  /** URI of dist/webview.js as the webview sees it. */
  scriptUri: string;
  /** URI of media/webview.css as the webview sees it. */
  styleUri: string;
  /** Optional state the script reads first (e.g. the serializer's restored state), JSON-encoded into the page. */
  initialState?: unknown;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Content-Security-Policy of the panel. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(o.nonce)) throw new Error('renderWebviewHtml: nonce must be at least 8 letters or digits');
  // VS Code gives one or more source expressions (code-server: "'self' https://*.vscode-cdn.net"); refuse
  // anything that could end the directive or inject a keyword such as 'unsafe-inline'.
  if (!o.cspSource.split(' ').every((x) => x === "'self'" || /^[^\s;'",<>]+$/.test(x))) {
    throw new Error(`renderWebviewHtml: cspSource must be source expressions, got ${JSON.stringify(o.cspSource)}`);
  }
  // The initial state travels in a data attribute (JSON, HTML-escaped): no inline script needed.
  const state = o.initialState === undefined ? '' : ` data-initial-state="${esc(JSON.stringify(o.initialState))}"`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(webviewCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(o.styleUri)}">
<title>Unrolled — RNN Visualizer</title>
</head>
<body>
<div id="app"${state}><p class="boot">Loading the visualizer…</p></div>
<script nonce="${esc(o.nonce)}" src="${esc(o.scriptUri)}"></script>
</body>
</html>
`;
}
