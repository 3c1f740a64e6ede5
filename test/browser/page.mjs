// Opens the built webview (dist/webview.js + media/webview.css) in headless Chromium inside the real HTML
// shell (src/host/html.ts, strict CSP), with a stubbed acquireVsCodeApi that records what the page posts.
import { chromium } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ORIGIN = 'https://unrolled.test';
const { renderWebviewHtml } = await tsImport('../../src/host/html.ts', import.meta.url);

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean)) if (existsSync(p)) return p;
  throw new Error('chromium not found: install it with `apt-get install -y chromium` (scripts/setup.sh does) or set CHROMIUM_PATH');
}

export async function launch() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** VS Code's own colours for the three theme kinds (a subset of the --vscode-* variables). */
export const THEMES = {
  light: {
    body: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', 'descriptionForeground': '#717171', 'focusBorder': '#005fb8',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
      'panel-border': '#e5e5e5', 'widget-border': '#e5e5e5', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece',
      'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-foreground': '#3b3b3b', 'editorHoverWidget-border': '#c8c8c8',
      'errorForeground': '#f85149', 'editorWarning-foreground': '#bf8803', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
      'editor-font-family': 'monospace',
    },
  },
  dark: {
    body: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'descriptionForeground': '#9d9d9d', 'focusBorder': '#0078d4',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
      'panel-border': '#2b2b2b', 'widget-border': '#313131', 'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c',
      'editorHoverWidget-background': '#202020', 'editorHoverWidget-foreground': '#cccccc', 'editorHoverWidget-border': '#454545',
      'errorForeground': '#f85149', 'editorWarning-foreground': '#cca700', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
      'editor-font-family': 'monospace',
    },
  },
  'high-contrast': {
    body: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000', 'editor-foreground': '#ffffff', 'descriptionForeground': '#ffffff', 'focusBorder': '#f38518', 'contrastBorder': '#6fc3df',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
      'panel-border': '#6fc3df', 'widget-border': '#6fc3df', 'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df',
      'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-foreground': '#ffffff', 'editorHoverWidget-border': '#6fc3df',
      'errorForeground': '#f48771', 'editorWarning-foreground': '#ffd700', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
      'editor-font-family': 'monospace',
    },
  },
};

/**
 * A page with the panel loaded. `posted` collects messages the page sent to the "host";
 * `state` is what it last stored with setState.
 */
export async function openPanel(browser, { theme = 'light', state, viewport = { width: 1400, height: 900 }, bypassCSP = false } = {}) {
  // bypassCSP: only for a test that starts a Web Worker of its own in the page (the what-if benchmark's stand-in worker)
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, bypassCSP });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || /Refused to|Content Security Policy/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const html = renderWebviewHtml({ cspSource: ORIGIN, nonce: 'TestNonce0123456789', scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/media/webview.css` });
  await page.route(`${ORIGIN}/**`, (route) => {
    const u = new URL(route.request().url());
    if (u.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    const file = path.join(ROOT, u.pathname);
    if (!file.startsWith(ROOT) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
  });
  await page.addInitScript((initial) => {
    window.__posted = [];
    window.__state = initial ?? undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
    });
  }, state ?? null);
  await page.goto(`${ORIGIN}/index.html`);
  await setTheme(page, theme);
  await page.waitForFunction(() => window.__posted.length > 0 && window.unrolled);
  return { page, context, problems };
}

export async function setTheme(page, theme) {
  const t = THEMES[theme];
  await page.evaluate(({ body, vars }) => {
    document.body.className = body;
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
  }, t);
  await frames(page, 2);
}

/** Post host→webview messages; JSON-safe typed arrays ({$f32}) are decoded in the page first. */
export async function send(page, msg) {
  await page.evaluate((m) => {
    const dec = (v) => {
      if (Array.isArray(v)) return v.map(dec);
      if (v && typeof v === 'object') {
        const k = Object.keys(v);
        if (k.length === 1 && k[0] === '$f32') { const s = atob(v.$f32); const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return new Float32Array(b.buffer); }
        if (k.length === 1 && k[0] === '$num') return v.$num === 'NaN' ? NaN : v.$num === 'Infinity' ? Infinity : -Infinity;
        const o = {}; for (const key of k) o[key] = dec(v[key]); return o;
      }
      return v;
    };
    window.postMessage(dec(m), '*');
  }, msg);
  await frames(page, 2);
}

export async function frames(page, n = 1) {
  await page.evaluate((k) => new Promise((r) => {
    let i = 0;
    const f = () => (++i >= k ? r() : requestAnimationFrame(f));
    requestAnimationFrame(f);
  }), n);
}

export async function posted(page) {
  return page.evaluate(() => window.__posted);
}

/**
 * The runner of the browser layers: starts Chromium (`started(browser)` then hands it to the suite), runs the
 * tests whose names contain one of the command line's words (all when none), prints ✔/✘ per test and the
 * closing `RESULT N passed, N failed` line test-all.mjs counts, and exits with the verdict.
 */
export async function runSuite(tests, { started = () => {}, footer = [] } = {}) {
  let browser;
  try {
    browser = await launch();
  } catch (e) {
    console.error(`cannot start chromium: ${e.message}`);
    console.log('RESULT 0 passed, 1 failed');
    process.exit(1);
  }
  await started(browser);
  const only = process.argv.slice(2);
  let passed = 0, failed = 0;
  for (const t of tests) {
    if (only.length && !only.some((o) => t.name.includes(o))) continue;
    const t0 = Date.now();
    try {
      await t.fn();
      passed++;
      console.log(`  ✔ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✘ ${t.name}\n      ${String(e.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
    }
  }
  await browser.close();
  for (const line of footer) console.log(line);
  console.log(`RESULT ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
