// Classroom checks (issue 13) in headless Chromium, at a projector's 1280×720: Vanishing Gradients on one shared
// axis with the ratio in the narration, presenter mode (200 % zoom, large type, the side card below), the
// canvas redrawn after the panel is widened, and high-contrast secondary buttons readable when the theme leaves
// their colours unset. Screenshots in light, dark and high contrast go to test-results/screenshots/classroom-*.
// Prints "RESULT <n> passed, <m> failed".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { strict as assert } from 'node:assert';
import { runSuite, openPanel, send, frames, ROOT } from './page.mjs';
import { stream } from './streams.mjs';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const VIEW = { width: 1280, height: 720 };
const THEMES = ['light', 'dark', 'high-contrast'];
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let browser;

async function runDemo(page, demo, runId = 1) {
  const s = stream(demo);
  await send(page, { type: 'show-run', runId, demo, title: s.events.find((e) => e.type === 'demo-start')?.title ?? demo });
  await send(page, { type: 'events', runId, events: s.safe });
  await send(page, { type: 'run-end', runId, status: 'done' });
  return s;
}
async function seekEnd(page) {
  await page.evaluate(() => { const a = window.unrolled; a.setPlayback({ ...a.playback, playing: false, frac: 1 }); });
  await page.keyboard.press('End');
  await frames(page, 2);
}
const shot = async (page, name) => { await frames(page, 2); await page.screenshot({ path: path.join(SHOTS, `classroom-${name}.png`) }); };
const num = (s) => Number(s.replace(/−/g, '-'));
const axisOf = (page) => page.evaluate(() => { const g = window.unrolled.network.grad; return { lo: g.lo, hi: g.hi }; });

test('Vanishing Gradients: both sequences on one axis, the ratio in the narration and the side box', async () => {
  for (const theme of THEMES) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEW });
    const s = await runDemo(page, 'vanish');
    const snaps = s.events.filter((e) => e.type === 'snapshot');
    const [long, short] = snaps[0].length > snaps[1].length ? snaps : [snaps[1], snaps[0]];
    // The axis both must share, from the data: whole decades around every ‖∂L/∂h_t‖ and ‖∂L/∂x_0‖ of both.
    const vals = [...long.hiddenGradNorm, ...short.hiddenGradNorm, long.inputGradNorm[0], short.inputGradNorm[0]]
      .filter((v) => v > 0 && Number.isFinite(v));
    const want = { lo: Math.floor(Math.log10(Math.min(...vals)) + 1e-5), hi: Math.ceil(Math.log10(Math.max(...vals)) - 1e-5) };
    await seekEnd(page);
    assert.deepEqual(await axisOf(page), want, 'the 100-token sequence uses the shared axis');
    await page.evaluate(() => window.unrolled.selectSnapshotIndex(1));
    await seekEnd(page);
    assert.equal(await page.evaluate(() => window.unrolled.snapshot.length), short.length);
    assert.deepEqual(await axisOf(page), want, 'the 4-token sequence is drawn on the same axis');
    // The side box: both first-token gradients, as the snapshots hold them, and the ratio.
    const vals2 = await page.locator('.vanish-panel .clip-val').allInnerTexts();
    assert.equal(vals2.length, 2);
    assert.ok(Math.abs(num(vals2[0]) / long.inputGradNorm[0] - 1) < 1e-3, `${vals2[0]} vs ${long.inputGradNorm[0]}`);
    assert.ok(Math.abs(num(vals2[1]) / short.inputGradNorm[0] - 1) < 1e-3, `${vals2[1]} vs ${short.inputGradNorm[0]}`);
    const ratio = (short.inputGradNorm[0] / long.inputGradNorm[0]).toExponential(2);
    const story = await page.locator('.story').innerText();
    assert.ok(story.includes(`the first of ${short.length} tokens gets ${ratio} times the gradient of the first of ${long.length}`), story);
    assert.ok((await page.locator('.vanish-panel').innerText()).includes(`${ratio} times`));
    // …and it is the figure the demo printed.
    const printed = s.events.find((e) => e.type === 'log' && /times the gradient of the first of/.test(e.text));
    assert.ok(printed && printed.text.includes(ratio), printed?.text);
    // On one axis the 4-token bars reach far higher than the long sequence's first ones: sample the canvas.
    const fracs = await page.evaluate(() => window.unrolled.network.grad.bars.map((b) => b.frac));
    assert.ok(Math.min(...fracs) > 0.9, `4-token bars at ${fracs}`);
    await shot(page, `vanish-short-${theme}`);
    await page.evaluate(() => window.unrolled.selectSnapshotIndex(0));
    await seekEnd(page);
    await shot(page, `vanish-long-${theme}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('Presenter Mode: 200 % zoom, large type, the side card below the network; off again: 100 %', async () => {
  for (const theme of THEMES) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEW });
    await runDemo(page, 'step');
    await seekEnd(page);
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    await send(page, { type: 'presenter', on: true });
    const st = await page.evaluate(() => {
      const side = document.querySelector('.side').getBoundingClientRect(), net = document.querySelector('.network').getBoundingClientRect();
      const btn = [...document.querySelectorAll('button')].find((b) => b.offsetParent).getBoundingClientRect();
      return { cls: document.body.classList.contains('presenter'), zoom: window.unrolled.network.zoom, select: document.querySelector('select[aria-label="Zoom"]').value,
        font: parseFloat(getComputedStyle(document.body).fontSize), sideTop: side.top, netBottom: net.bottom, btnH: btn.height };
    });
    assert.ok(st.cls);
    assert.equal(st.zoom, 2);
    assert.equal(st.select, '2');
    assert.ok(st.font >= 18 && st.font > before, `font ${st.font}px (was ${before}px)`);
    assert.ok(st.sideTop >= st.netBottom - 1, `side card below the network: ${st.sideTop} vs ${st.netBottom}`);
    assert.ok(st.btnH >= 36, `buttons ${st.btnH}px tall`);
    // Cells at 200 %: the unit squares are twice the size on screen.
    const cellPx = await page.evaluate(() => {
      const l = window.unrolled.network.layout;
      return l.unitPx * l.grid.cols * window.unrolled.network.zoom;
    });
    assert.ok(cellPx >= 50, `a cell is ${cellPx}px wide`);
    await shot(page, `presenter-step-${theme}`);
    await runDemo(page, 'vanish', 2);
    await seekEnd(page);
    await shot(page, `presenter-vanish-${theme}`);
    await send(page, { type: 'presenter', on: false });
    assert.equal(await page.evaluate(() => window.unrolled.network.zoom), 1);
    assert.equal(await page.evaluate(() => document.body.classList.contains('presenter')), false);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('widening the panel redraws the canvas across the new width (no blank columns until scrolled)', async () => {
  const { page, context } = await openPanel(browser, { viewport: { width: 700, height: 720 } });
  await runDemo(page, 'vanish');
  await seekEnd(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await frames(page, 4);
  const r = await page.evaluate(() => {
    const n = window.unrolled.network;
    return { canvas: n.canvas.getBoundingClientRect().width, box: n.scroller.clientWidth, drawing: n.layout.width * n.zoom };
  });
  assert.ok(r.canvas >= Math.min(r.box, r.drawing) - 2, `canvas ${r.canvas}px for a ${r.box}px box`);
  // A column near the right edge of the widened box has its bar drawn.
  const px = await page.evaluate(() => {
    const n = window.unrolled.network, l = n.layout, row = l.gradRows[0];
    const ctx = n.canvas.getContext('2d'), left = parseFloat(n.canvas.style.left || '0');
    const x = Math.min(n.scroller.clientWidth - 20, l.width * n.zoom - 20) + left;
    const t = l.columns.findIndex((c) => c.x * n.zoom > x - 60);
    const cx = Math.round(l.columns[Math.max(0, t)].x * n.zoom - left);
    return { t, data: Array.from(ctx.getImageData(cx, Math.round((row.y + row.h - 2) * n.zoom), 1, 1).data) };
  });
  assert.ok(px.t > 8 && px.data[3] > 200, `bar at t = ${px.t}: ${px.data}`);
  await shot(page, 'resized-light');
  await context.close();
});

test('high contrast: the secondary buttons stay readable when the theme leaves their colours unset', async () => {
  const { page, context } = await openPanel(browser, { theme: 'high-contrast', viewport: VIEW });
  await runDemo(page, 'step');
  // VS Code's Dark High Contrast defines no button.secondaryBackground / secondaryForeground.
  await page.evaluate(() => {
    for (const k of ['--vscode-button-secondaryBackground', '--vscode-button-secondaryForeground']) document.documentElement.style.removeProperty(k);
  });
  await frames(page, 2);
  const ratio = await page.evaluate(() => {
    const rgb = (css) => {
      const c = document.createElement('canvas').getContext('2d');
      c.fillStyle = css; c.fillRect(0, 0, 1, 1);
      return Array.from(c.getImageData(0, 0, 1, 1).data);
    };
    const lum = ([r, g, b]) => [r, g, b]
      .map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent === '‹ Back');
    const cs = getComputedStyle(b);
    const [l1, l2] = [lum(rgb(cs.color)), lum(rgb(cs.backgroundColor))].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  });
  assert.ok(ratio >= 4.5, `‹ Back: contrast ${ratio.toFixed(2)}:1`);
  await shot(page, 'high-contrast-buttons');
  await context.close();
});

await runSuite(tests, { started: (b) => { browser = b; }, footer: [`  screenshots in ${path.relative(process.cwd(), SHOTS)}/classroom-*.png`] });
