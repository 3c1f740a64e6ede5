// The browser layer's shared pieces: the test registry, the panel, the demo streams and the small helpers
// the suites use (test/browser/run.mjs runs the suites in order).
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { openPanel, send, frames, ROOT } from './page.mjs';
import { stream } from './streams.mjs';

export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
if (!existsSync(path.join(ROOT, 'dist', 'webview.js'))) {
  console.error('dist/webview.js is missing: run `node esbuild.config.mjs` first');
  console.log('RESULT 0 passed, 1 failed');
  process.exit(1);
}

export const tests = [];
export const test = (name, fn) => tests.push({ name, fn });

let browser;
/** The runner starts the browser once; every test opens its panels in it. */
export function setBrowser(b) { browser = b; }
export async function panel(opts) { return openPanel(browser, opts); }
export async function runDemo(page, demo, runId = 1) {
  const s = stream(demo);
  const title = s.events.find((e) => e.type === 'demo-start')?.title ?? demo;
  await send(page, { type: 'show-run', runId, demo: demoName(demo), title });
  await send(page, { type: 'events', runId, events: s.safe });
  await send(page, { type: 'run-end', runId, status: 'done' });
  return s;
}
export const demoName = (d) => (d === 'predict-final' ? 'predict' : d);
export const lastSnapshot = (events) => events.filter((e) => e.type === 'snapshot').at(-1);
/** The snapshot the panel shows after a whole demo arrives: the newest while training, else the first. */
export const shownSnapshot = (events) => {
  const snaps = events.filter((e) => e.type === 'snapshot');
  const demo = events.find((e) => e.type === 'demo-start')?.demo;
  return demo === 'train' || demo === 'compare' ? snaps.at(-1) : snaps[0];
};
export const num = (s) => Number(s.replace(/−/g, '-').replace('+∞', 'Infinity'));
export async function pause(page) {
  await page.evaluate(() => { const a = window.unrolled; a.setPlayback({ ...a.playback, playing: false, frac: 1 }); });
  await frames(page, 2);
}
export async function seekEnd(page) { await pause(page); await page.keyboard.press('End'); await frames(page, 2); }
export async function text(page, sel) {
  const loc = page.locator(sel).first();
  // innerText keeps line breaks between HTML blocks; SVG elements only have textContent.
  return (await loc.evaluate((e) => (e instanceof HTMLElement ? e.innerText : e.textContent))) ?? '';
}
export async function shot(page, name) { await frames(page, 2); await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }); }

/** Client coordinates of unit u of cell (layer, t). */
export async function unitPoint(page, layer, t, u) {
  return page.evaluate(({ layer, t, u }) => {
    const n = window.unrolled.network, l = n.layout;
    const c = l.cells[t * l.layers + layer];
    const r = n.svg.getBoundingClientRect();
    const ux = (u % l.grid.cols) * l.unitPx + l.unitPx / 2, uy = Math.floor(u / l.grid.cols) * l.unitPx + l.unitPx / 2;
    return { x: r.left + c.x + ux, y: r.top + c.y + uy };
  }, { layer, t, u });
}
export async function scrollTo(page, t) {
  await page.evaluate((t) => window.unrolled.network.scrollToColumn(t), t);
  await frames(page, 2);
}
