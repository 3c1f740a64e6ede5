// The gated cells' views in headless Chromium: the panel fed `unrolled predict --record` streams of a trained
// LSTM and GRU (test/browser/recordings/predict-lstm.json, predict-gru.json: `unrolled train --cell lstm|gru
// --readout final --epochs 4 --hidden 32 --layers 2 --save M`, then `unrolled predict --model M --text T --record F`
// with a 94-word review T) and a tanh run. Asserts the gate strip, the gates × units heatmap, the live equations
// and the LSTM's cell-state lane against the recorded numbers; that clicking a step pins it; that the views
// are absent for the tanh cell. Screenshots (1280×720, light, dark, high contrast) of an LSTM and a GRU run,
// forward and backward with a cell pinned, to test-results/screenshots/cells-*.png.
// Prints "RESULT <n> passed, <m> failed".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { strict as assert } from 'node:assert';
import { runSuite, openPanel, send, frames, setTheme, ROOT } from './page.mjs';
import { stream } from './streams.mjs';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const VIEWPORT = { width: 1280, height: 720 };
const num = (s) => Number(String(s).replace(/−/g, '-'));

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let browser;

async function runDemo(page, name, runId = 1) {
  const s = stream(name);
  const start = s.events.find((e) => e.type === 'demo-start');
  await send(page, { type: 'show-run', runId, demo: start.demo, title: start.title });
  await send(page, { type: 'events', runId, events: s.safe });
  await send(page, { type: 'run-end', runId, status: 'done' });
  await page.keyboard.press('1'); // the Network view (predict opens on the Predict view)
  await frames(page, 2);
  return { ...s, snap: s.events.find((e) => e.type === 'snapshot') };
}
async function pause(page) {
  await page.evaluate(() => { const a = window.unrolled; a.setPlayback({ ...a.playback, playing: false, frac: 1 }); });
  await frames(page, 2);
}
async function seekEnd(page) { await pause(page); await page.keyboard.press('End'); await frames(page, 2); }
async function pin(page, layer, t) {
  await page.evaluate(({ layer, t }) => window.unrolled.pin({ layer, t }), { layer, t });
  await frames(page, 2);
}
async function shot(page, name) {
  await frames(page, 2);
  await page.locator('.gate-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}
async function shotTop(page, name) { await page.evaluate(() => window.scrollTo(0, 0)); await frames(page, 2); await page.screenshot({ path: path.join(SHOTS, `${name}.png`) }); }

test('LSTM: the gates of the pinned cell, its live equation and the cell-state lane show the recorded numbers', async () => {
  const { page, context, problems } = await openPanel(browser, { viewport: VIEWPORT });
  const { snap } = await runDemo(page, 'predict-lstm');
  assert.equal(snap.activation, 'lstm');
  const { layers: L, steps: T, units: H } = snap.hidden;
  await seekEnd(page);
  const t = 7, layer = L - 1;
  await pin(page, layer, t);
  const view = page.locator('.gate-view');
  assert.equal(await view.isVisible(), true);
  assert.equal(await view.locator('h2').first().textContent(), `LSTM gates, layer ${layer + 1}`);
  // the strip: 4 gates × T steps; the heatmap: 4 gates × H units
  assert.equal(await view.locator('svg.gate-strip rect:not(.gate-mark)').count(), 4 * T);
  assert.equal(await view.locator('svg.gate-heat rect').count(), 4 * H);
  // every heatmap cell's tooltip is the recorded gate value
  const titles = await view.locator('svg.gate-heat rect title').allTextContents();
  const g = snap.gates;
  let worst = 0;
  titles.forEach((txt, i) => {
    const k = Math.floor(i / H), u = i % H;
    const m = /^([ifgo])\[u(\d+)\] = (\S+)$/.exec(txt);
    assert.ok(m, txt);
    assert.equal(m[1], 'ifgo'[k]);
    assert.equal(Number(m[2]), u);
    const want = g.data[((layer * T + t) * 4 + k) * H + u];
    worst = Math.max(worst, Math.abs(num(m[3]) - want) / Math.max(1e-3, Math.abs(want)));
  });
  assert.ok(worst < 1e-5, `gate values off by ${worst} (relative)`);
  // the equation: c_t and h_t recomputed from the gates shown agree with the engine's
  const eq = await view.locator('.gate-eq').textContent();
  assert.match(eq, new RegExp(`c_${t} = f ⊙ c_${t - 1} \\+ i ⊙ g`));
  const u0 = /u0: c = (\S+)·\(?(\S+?)\)? \+ (\S+)·\(?(\S+?)\)? = (\S+);\s+h = (\S+)·tanh\((\S+)\) = (\S+)/.exec(eq);
  assert.ok(u0, eq);
  const c = snap.cellState.data[(layer * T + t) * H], h = snap.hidden.data[(layer * T + t) * H];
  assert.ok(Math.abs(num(u0[5]) - c) < 5e-5, `c shown ${u0[5]} vs ${c}`);
  assert.ok(Math.abs(num(u0[8]) - h) < 5e-5, `h shown ${u0[8]} vs ${h}`);
  const residual = /to within (\S+)\./.exec(await view.locator('.gate-view .note, .note').filter({ hasText: 'Recomputed' }).first().textContent());
  assert.ok(residual && num(residual[1]) < 1e-5, `residual ${residual?.[1]}`);
  // the lane: one ‖∂L/∂c_t‖ and one ‖∂L/∂h_t‖ bar a step (or none for an exact 0), and the numbers at t
  assert.ok(await view.locator('svg.cell-lane rect.lane-dc').count() >= T - 1);
  assert.ok(await view.locator('svg.cell-lane rect.lane-dh').count() >= T - 1);
  const here = await view.locator('.lane-here').textContent();
  const dc = /‖∂L\/∂c_t‖ = (\S+?)(,|$)/.exec(here), dh = /‖∂L\/∂h_t‖ = (\S+)$/.exec(here);
  const wantDc = snap.cellGradNorm[layer * T + t], wantDh = snap.hiddenGradNorm[layer * T + t];
  assert.ok(dc && Math.abs(num(dc[1]) - wantDc) <= 1e-3 * wantDc, `‖∂L/∂c_t‖ shown ${dc?.[1]} vs ${wantDc}`);
  assert.ok(dh && Math.abs(num(dh[1]) - wantDh) <= 1e-3 * wantDh, `‖∂L/∂h_t‖ shown ${dh?.[1]} vs ${wantDh}`);
  const ratio = snap.cellGradNorm[layer * T] / snap.cellGradNorm[layer * T + T - 1];
  const summary = await view.locator('.lane-summary').textContent();
  const shown = /‖∂L\/∂c_t‖ changes by ×(\S+) and/.exec(summary);
  assert.ok(shown && Math.abs(num(shown[1]) - ratio) <= 0.01 * ratio, `ratio shown ${shown?.[1]} vs ${ratio}`);
  console.log(`      LSTM (layer ${layer + 1}): ‖∂L/∂c_0‖/‖∂L/∂c_${T - 1}‖ = ${ratio.toExponential(2)}, ‖∂L/∂h_0‖/‖∂L/∂h_${T - 1}‖ = ${(snap.hiddenGradNorm[layer * T] / snap.hiddenGradNorm[layer * T + T - 1]).toExponential(2)}`);
  // clicking a step in the strip pins that step
  await view.locator('svg.gate-strip').scrollIntoViewIfNeeded();
  const box = await view.locator('svg.gate-strip').boundingBox();
  const cw = (box.width - 58) / T;
  await page.mouse.click(box.x + 56 + cw * 20.5, box.y + 5);
  await frames(page, 2);
  const pinned = await page.evaluate(() => window.unrolled.ui.pinned);
  assert.deepEqual(pinned, { layer, t: 20 });
  assert.match(await view.locator('h3').first().textContent(), /pinned cell t = 20/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('GRU: r, z, n of the pinned cell and h_t = (1 − z)·n + z·h_{t−1}; no cell-state lane', async () => {
  const { page, context, problems } = await openPanel(browser, { viewport: VIEWPORT });
  const { snap } = await runDemo(page, 'predict-gru');
  assert.equal(snap.activation, 'gru');
  const { steps: T, units: H } = snap.hidden;
  await seekEnd(page);
  await pin(page, 0, 3);
  const view = page.locator('.gate-view');
  assert.equal(await view.locator('h2').first().textContent(), 'GRU gates, layer 1');
  assert.equal(await view.locator('svg.gate-strip rect:not(.gate-mark)').count(), 3 * T);
  assert.equal(await view.locator('svg.gate-heat rect').count(), 3 * H);
  assert.equal(await view.locator('svg.cell-lane').count(), 0);
  const eq = await view.locator('.gate-eq').textContent();
  const u0 = /u0: h = \(1 − (\S+)\)·\(?(\S+?)\)? \+ (\S+)·\(?(\S+?)\)? = (\S+)/.exec(eq);
  assert.ok(u0, eq);
  const z = snap.gates.data[(3 * 3 + 1) * H], n = snap.gates.data[(3 * 3 + 2) * H];
  assert.ok(Math.abs(num(u0[1]) - z) < 5e-4 && Math.abs(num(u0[2]) - n) < 5e-4, `z ${u0[1]} vs ${z}, n ${u0[2]} vs ${n}`);
  assert.ok(Math.abs(num(u0[5]) - snap.hidden.data[3 * H]) < 5e-5);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the tanh cell has no gate view', async () => {
  const { page, context, problems } = await openPanel(browser, { viewport: VIEWPORT });
  await runDemo(page, 'vanish');
  await seekEnd(page);
  await pin(page, 0, 3);
  assert.equal(await page.locator('.gate-view').isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots at 1280×720: LSTM and GRU, forward and backward with a cell pinned, light, dark and high contrast', async () => {
  for (const theme of ['light', 'dark', 'high-contrast']) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEWPORT });
    const { snap } = await runDemo(page, 'predict-lstm');
    await pause(page);
    await page.keyboard.press('Home');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    await shotTop(page, `cells-lstm-forward-${theme}`);
    await shot(page, `cells-lstm-forward-gates-${theme}`);
    await seekEnd(page);
    await pin(page, snap.hidden.layers - 1, 5);
    await shotTop(page, `cells-lstm-backward-pinned-${theme}`);
    await shot(page, `cells-lstm-gates-pinned-${theme}`);
    await page.locator('svg.cell-lane').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `cells-lstm-lane-${theme}.png`) });
    await runDemo(page, 'predict-gru', 2);
    await seekEnd(page);
    await pin(page, 0, 5);
    await shotTop(page, `cells-gru-backward-pinned-${theme}`);
    await shot(page, `cells-gru-gates-pinned-${theme}`);
    assert.deepEqual(problems, [], `${theme}: console errors`);
    await context.close();
  }
  console.log(`  screenshots in ${path.relative(process.cwd(), SHOTS)}/cells-*.png`);
});

test('theme change: the LSTM cell-state canvas is redrawn in the new theme\'s colours, and back', async () => {
  const { page, context, problems } = await openPanel(browser, { viewport: VIEWPORT });
  const { snap } = await runDemo(page, 'predict-lstm');
  await seekEnd(page);
  await pin(page, snap.hidden.layers - 1, 5);
  const pixels = () => page.evaluate(() => document.querySelector('canvas.cell-heat').toDataURL());
  const light = await pixels();
  await setTheme(page, 'dark');
  await frames(page, 3);
  const dark = await pixels();
  assert.notEqual(dark, light, 'the canvas kept the light theme\'s label and marker colours after switching to dark');
  await setTheme(page, 'light');
  await frames(page, 3);
  assert.equal(await pixels(), light, 'back in the light theme the canvas is drawn as before');
  assert.deepEqual(problems, []);
  await context.close();
});

// `node dist/cli.js compare-cells --record F` (defaults), its 15 per-epoch snapshot events (7.9 MB) dropped:
// test/browser/recordings/compare-cells.json. The figures are the README's.
test('Compare Cells: the three cells\' gradients on one log axis and their training side by side, at the recorded numbers', async () => {
  for (const theme of ['light', 'dark', 'high-contrast']) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEWPORT });
    const s = stream('compare-cells');
    const start = s.events.find((e) => e.type === 'demo-start');
    const end = s.events.find((e) => e.type === 'demo-end');
    await send(page, { type: 'show-run', runId: 1, demo: start.demo, title: start.title });
    await send(page, { type: 'events', runId: 1, events: s.safe });
    await send(page, { type: 'run-end', runId: 1, status: 'done' });
    await page.keyboard.press('2');
    await page.waitForSelector('.cells-chart-fig', { timeout: 5000 }); // the dashboard redraws a few times a second
    await frames(page, 2);
    const rows = end.summary.cells;
    const fig = page.locator('.cells-chart-fig');
    assert.equal(await fig.count(), 1);
    assert.equal(await fig.locator('svg.cells-chart path.cells-line').count(), rows.length);
    // one shared axis: every first-token dot sits where log10 of the recorded value puts it on it
    const vals = rows.flatMap((r) => [...r.inputGradNorm.filter((v) => v > 0 && Number.isFinite(v)), r.firstTokenGradLong,
      r.firstTokenGradShort]);
    const lo = Math.floor(Math.log10(Math.min(...vals)) + 1e-9), hi = Math.ceil(Math.log10(Math.max(...vals)) - 1e-9);
    const innerH = 300 - 26 - 34;
    const yOf = (v) => innerH * (hi - Math.log10(v)) / (hi - lo);
    for (const [i, r] of rows.entries()) {
      const first = fig.locator(`circle.cells-first.cell-${r.cell}`);
      const short = fig.locator(`circle.cells-short.cell-${r.cell}`);
      assert.ok(Math.abs(Number(await first.getAttribute('cy')) - yOf(r.firstTokenGradLong)) < 0.01, `${r.cell} long dot`);
      assert.ok(Math.abs(Number(await short.getAttribute('cy')) - yOf(r.firstTokenGradShort)) < 0.01, `${r.cell} short dot`);
      const title = await first.locator('title').textContent();
      assert.equal(num(/gets (\S+)$/.exec(title)[1]), Number(r.firstTokenGradLong.toExponential(3)), title);
      const key = await fig.locator('.cells-key li').nth(i).textContent();
      assert.ok(key.startsWith(r.cell), key);
      assert.ok(key.includes(`test ${r.testAcc.toFixed(2)} %`) && key.includes(`${r.secondsPerEpoch.toFixed(2)} s/epoch`), key);
      const col = page.locator('.dash-col', { has: page.locator('h3', { hasText: `cell: ${r.cell}` }) });
      const figure = await col.locator('.dash-col-figure').textContent();
      assert.ok(figure.includes(`test accuracy ${r.testAcc.toFixed(2)} %`) && figure.includes(`${r.secondsPerEpoch.toFixed(2)} s/epoch`), figure);
    }
    const reading = await fig.locator('.cells-reading').allTextContents();
    assert.deepEqual(reading.map((t) => t.replace(/−/g, '-')), end.summary.reading.map((t) => t.replace(/−/g, '-')));
    if (theme === 'light') console.log(`      ${rows.map((r) => `${r.cell} ${r.firstTokenGradLong.toExponential(2)}`).join(', ')} on one axis 1e${lo}…1e${hi}`);
    await fig.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `compare-cells-${theme}.png`) });
    await page.locator('.dash-grid').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `compare-cells-training-${theme}.png`) });
    assert.deepEqual(problems, [], `${theme}: console errors`);
    await context.close();
  }
});

await runSuite(tests, { started: (b) => {
  browser = b;
  for (const d of ['predict-lstm', 'predict-gru', 'compare-cells']) console.log(`stream ${d}: ${stream(d).source}`);
} });
