import { strict as assert } from 'node:assert';
import { renderWebviewHtml, webviewCsp } from './html';

describe('webview HTML shell', () => {
  const base = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abcDEF123456', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/webview.css' };
  it('sets a strict CSP: nothing by default, the script only by nonce, no unsafe-inline/eval', () => {
    const html = renderWebviewHtml(base);
    const csp = webviewCsp(base.cspSource, base.nonce);
    assert.ok(csp.startsWith("default-src 'none'"));
    assert.ok(csp.includes("script-src 'nonce-abcDEF123456'"));
    assert.ok(!/unsafe-(inline|eval)/.test(html));
    assert.ok(html.includes(`<script nonce="abcDEF123456" src="https://x/dist/webview.js"></script>`));
    assert.ok(html.includes(`<link rel="stylesheet" href="https://x/media/webview.css">`));
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script tag only');
  });
  it('embeds the initial state as escaped JSON in a data attribute', () => {
    const html = renderWebviewHtml({ ...base, initialState: { ui: { predictText: '"><script>alert(1)</script>' } } });
    assert.ok(!html.includes('<script>alert'));
    const m = /data-initial-state="([^"]*)"/.exec(html)!;
    const json = m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(json), { ui: { predictText: '"><script>alert(1)</script>' } });
  });
  it('rejects a weak nonce or a CSP source that could inject directives', () => {
    assert.throws(() => renderWebviewHtml({ ...base, nonce: 'x' }), /nonce/);
    assert.throws(() => renderWebviewHtml({ ...base, cspSource: "x; script-src 'unsafe-inline'" }), /cspSource/);
    assert.throws(() => renderWebviewHtml({ ...base, cspSource: "'self' 'unsafe-inline'" }), /cspSource/);
    // code-server's value: two source expressions
    assert.match(renderWebviewHtml({ ...base, cspSource: "'self' https://*.vscode-cdn.net" }), /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net;/);
  });
});
