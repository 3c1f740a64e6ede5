// Classroom checks of the panel itself (issue 13, items 3, 5 and 7) in headless Chromium: Ctrl +/−/0 and
// Ctrl+wheel (pinch) zoom kept from VS Code; Presenter Mode at 1280×720 and 1920×1080 (the side card below on
// narrow panels, beside on wide ones, type large enough to read); tooltips never over the side card; Step Through
// a Sentence showing the engine's per-word logits and its SGD step. Screenshots in light, dark and high
// contrast go to test-results/screenshots/classroom-panel-*. Prints "RESULT <n> passed, <m> failed".
import { mkdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { strict as assert } from 'node:assert';
import { runSuite, openPanel, send, frames, ROOT } from './page.mjs';
import { stream } from './streams.mjs';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const VIEW = { width: 1280, height: 720 };
const WIDE = { width: 1920, height: 1080 };
const THEMES = ['light', 'dark', 'high-contrast'];
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let browser;

async function feed(page, demo, events, runId = 1) {
  await send(page, { type: 'show-run', runId, demo, title: events.find((e) => e.type === 'demo-start')?.title ?? demo });
  await send(page, { type: 'events', runId, events });
  await send(page, { type: 'run-end', runId, status: 'done' });
}
const runDemo = (page, demo, runId = 1) => feed(page, demo, stream(demo).safe, runId);
async function seek(page, pos) {
  await page.evaluate((p) => {
    const a = window.unrolled;
    a.setPlayback({ ...a.playback, playing: false, frac: 1, pos: Math.min(p, a.playback.steps * 2 - 1) });
  }, pos);
  await frames(page, 3);
}
const shot = async (page, name) => { await frames(page, 2); await page.screenshot({ path: path.join(SHOTS, `classroom-panel-${name}.png`) }); };
const rect = (page, sel) => page.evaluate((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
}, sel);
const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const zoomOf = (page) => page.evaluate(() => ({ drawn: window.unrolled.network.drawnZoom, menu: document.querySelector('select[aria-label="Zoom"]').value }));

test('Ctrl +/−/0 and Ctrl+wheel (pinch) zoom the network; VS Code never sees those keys', async () => {
  for (const theme of THEMES) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEW });
    await runDemo(page, 'vanish');
    await seek(page, 1e9);
    // VS Code's webview script listens for keydown on the window, bubbling, to run its own zoom: record what reaches it.
    await page.evaluate(() => { window.__reachedHost = []; window.addEventListener('keydown', (e) => { if (!['Control', 'Shift'].includes(e.key)) window.__reachedHost.push(`${e.ctrlKey ? 'Ctrl+' : ''}${e.key}`); }); });
    await page.locator('.scroller').focus();
    const seen = [];
    for (const k of ['Control+Equal', 'Control+Equal', 'Control+Minus', 'Control+Shift+Equal', 'Control+0', 'Control+Minus', 'Control+Minus', 'Control+Minus']) {
      await page.keyboard.press(k);
      await frames(page, 2);
      seen.push((await zoomOf(page)).drawn);
    }
    assert.deepEqual(seen, [1.25, 1.5, 1.25, 1.5, 1, 0.75, 0.5, 0.5], 'zoom after each key (stops at 50 %)');
    assert.deepEqual(await page.evaluate(() => window.__reachedHost), [], 'no zoom key reached VS Code');
    assert.equal((await zoomOf(page)).menu, '0.5', 'the zoom menu shows the zoom');
    // + without Ctrl is still the speed key.
    const speed = await page.evaluate(() => window.unrolled.playback.speed);
    await page.keyboard.press('Shift+Equal');
    assert.ok((await page.evaluate(() => window.unrolled.playback.speed)) > speed, 'plain + still speeds up');
    assert.equal((await zoomOf(page)).drawn, 0.5);
    // A pinch: many small Ctrl+wheel deltas (as Chromium sends a trackpad pinch) add up to whole steps.
    await page.evaluate(() => { const s = document.querySelector('.scroller'); for (let i = 0; i < 12; i++) s.dispatchEvent(new WheelEvent('wheel', { deltaY: -10, ctrlKey: true, bubbles: true, cancelable: true })); });
    await frames(page, 2);
    assert.equal((await zoomOf(page)).drawn, 1.25, '120 px of pinch-out: 50 → 75 → 100 → 125 %');
    // A real mouse wheel notch with Ctrl held, over the network.
    const box = await rect(page, '.scroller');
    await page.mouse.move(box.left + 200, box.top + 100);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await frames(page, 3);
    assert.equal((await zoomOf(page)).drawn, 2, 'two notches up: 150 → 200 %');
    // Up to 300 % and the drawing follows: the cells are three times their 100 % size.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Equal');
    await frames(page, 3);
    const z = await page.evaluate(() => {
      const n = window.unrolled.network;
      return { drawn: n.drawnZoom, stage: parseFloat(n.stage.style.width), w: n.layout.width };
    });
    assert.equal(z.drawn, 3);
    assert.ok(Math.abs(z.stage - z.w * 3) < 1, `stage ${z.stage}px for a ${z.w}px layout`);
    await shot(page, `zoom-300-${theme}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

/** The smallest font on screen, in px, of visible text in `sel` (SVG text times the network's zoom). */
const smallestFont = (page, sel) => page.evaluate((s) => {
  let min = Infinity, where = '';
  const z = window.unrolled.network.drawnZoom;
  for (const root of document.querySelectorAll(s)) {
    for (const e of root.querySelectorAll('*')) {
      if (!e.childNodes.length || ![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const r = e.getBoundingClientRect();
      if (!r.width || !r.height || r.bottom < 0 || r.top > innerHeight) continue;
      const px = parseFloat(getComputedStyle(e).fontSize) * (e instanceof SVGElement && e.closest('svg.net, svg.row-pane') ? z : 1);
      if (px < min) { min = px; where = `${e.tagName}.${e.getAttribute('class') ?? ''} “${e.textContent.trim().slice(0, 30)}”`; }
    }
  }
  return { min, where };
}, sel);

test('Presenter Mode at 1280×720 and 1920×1080: side card below on narrow panels, beside on wide, every text legible', async () => {
  const figures = [];
  for (const theme of THEMES) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEW });
    await runDemo(page, 'vanish');
    await send(page, { type: 'presenter', on: true });
    await seek(page, 1e9);
    let side = await rect(page, '.side'), net = await rect(page, '.network');
    assert.ok(side.top >= net.bottom - 1, `1280: side card below (${side.top} vs ${net.bottom})`);
    let f = await smallestFont(page, '.net-body');
    figures.push(`${theme} 1280: smallest ${f.min.toFixed(1)}px (${f.where})`);
    assert.ok(f.min >= 16, `1280×720: ${f.min}px at ${f.where}`);
    await shot(page, `presenter-1280-${theme}`);
    await page.setViewportSize(WIDE);
    await frames(page, 4);
    side = await rect(page, '.side'); net = await rect(page, '.network');
    assert.ok(side.left >= net.right - 1 && side.top < net.bottom, `1920: side card beside the network (${JSON.stringify({ side, net })})`);
    assert.ok(net.width >= 1100, `network ${net.width}px wide`);
    f = await smallestFont(page, '.net-body');
    figures.push(`${theme} 1920: smallest ${f.min.toFixed(1)}px (${f.where})`);
    assert.ok(f.min >= 16, `1920×1080: ${f.min}px at ${f.where}`);
    await shot(page, `presenter-1920-${theme}`);
    // A narrow panel (the editor split in two on the projector): below again.
    await page.setViewportSize({ width: 760, height: 720 });
    await frames(page, 4);
    side = await rect(page, '.side'); net = await rect(page, '.network');
    assert.ok(side.top >= net.bottom - 1, `760: side card below (${side.top} vs ${net.bottom})`);
    await shot(page, `presenter-760-${theme}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
  console.log(`      ${figures.join('\n      ')}`);
});

test('Presenter Mode: the training charts grow with the panel, their text legible at 1280×720 and 1920×1080', async () => {
  const figures = [];
  for (const theme of THEMES) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEW });
    await runDemo(page, 'train');
    await send(page, { type: 'presenter', on: true });
    await page.evaluate(() => window.unrolled.setView('training'));
    for (const view of [VIEW, WIDE]) {
      await page.setViewportSize(view);
      await page.waitForFunction(() => document.querySelectorAll('#view-training svg.chart text').length > 0);
      await page.waitForTimeout(400); // the dashboard redraws at most 4 times a second
      await frames(page, 3);
      // SVG text scales with its chart (viewBox): its size on screen is font-size × drawn width / viewBox width.
      const f = await page.evaluate(() => {
        let min = Infinity, where = '';
        for (const t of document.querySelectorAll('#view-training svg.chart text')) {
          if (!t.getBoundingClientRect().height || !t.textContent.trim()) continue;
          const svg = t.ownerSVGElement, k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const px = parseFloat(getComputedStyle(t).fontSize) * k;
          if (px < min) { min = px; where = t.textContent.trim(); }
        }
        return { min, where };
      });
      figures.push(`${theme} ${view.width}: chart text ≥ ${f.min.toFixed(1)}px (“${f.where}”)`);
      assert.ok(f.min >= 16, `${view.width}×${view.height}: chart text ${f.min.toFixed(1)}px (“${f.where}”)`);
      await shot(page, `presenter-training-${view.width}-${theme}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
  console.log(`      ${figures.join('\n      ')}`);
});

test('tooltips never cover the side card and stay inside the network’s box (side beside and below)', async () => {
  const cases = [{ view: VIEW, presenter: false }, { view: WIDE, presenter: true },
    { view: { width: 760, height: 720 }, presenter: false }];
  let hovers = 0;
  for (const [i, c] of cases.entries()) {
    const theme = THEMES[i];
    const { page, context } = await openPanel(browser, { theme, viewport: c.view });
    await runDemo(page, 'vanish');
    if (c.presenter) await send(page, { type: 'presenter', on: true });
    await seek(page, 1e9);
    const box = await rect(page, '.scroller');
    let near = null;
    for (let x = box.left + 30; x < box.right - 4; x += Math.max(40, (box.width - 34) / 14)) {
      for (let y = box.top + 10; y < Math.min(box.bottom, c.view.height) - 4; y += Math.max(30, (box.height - 14) / 8)) {
        await page.mouse.move(x, y);
        await frames(page, 1);
        const st = await page.evaluate(() => {
          const t = document.getElementById('tooltip'), r = t.getBoundingClientRect(), s = document.querySelector('.side').getBoundingClientRect();
          return { shown: !t.hidden, tip: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
            side: { left: s.left, top: s.top, right: s.right, bottom: s.bottom } };
        });
        if (!st.shown) continue;
        hovers++;
        assert.ok(!overlaps(st.tip, st.side), `${c.view.width}px: pointer ${x},${y}: tooltip ${JSON.stringify(st.tip)} over the side card ${JSON.stringify(st.side)}`);
        assert.ok(!(x > st.tip.left && x < st.tip.right && y > st.tip.top && y < st.tip.bottom), `tooltip under the pointer at ${x},${y}`);
        if (st.tip.bottom - st.tip.top < box.height && st.tip.right - st.tip.left < box.width) {
          assert.ok(st.tip.left >= box.left - 0.5 && st.tip.right <= box.right + 0.5 && st.tip.top >= Math.max(0, box.top) - 0.5, `tooltip outside the network's box at ${x},${y}: ${JSON.stringify({ tip: st.tip, box })}`);
        }
        if (!near || x > near.x) near = { x, y };
      }
    }
    assert.ok(near, 'some hover showed a tooltip');
    await page.mouse.move(near.x, near.y);
    await frames(page, 2);
    await shot(page, `tooltip-${c.view.width}-${theme}`);
    await context.close();
  }
  assert.ok(hovers >= 60, `${hovers} tooltips checked`);
});

test('Step Through a Sentence: the engine’s per-word logits and its SGD step in the panel', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'unrolled-step-'));
  const rec = path.join(dir, 'step.json');
  const out = execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'step', '--record', rec, '--json'], { encoding: 'utf8' });
  const lines = out.trim().split('\n');
  const engine = JSON.parse(lines[lines.length - 1]);
  const events = JSON.parse(readFileSync(rec, 'utf8')).events;
  const f4 = (v) => `${v < 0 ? '−' : ' '}${Math.abs(v).toFixed(4)}`;
  const norm = (v) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  for (const theme of THEMES) {
    const { page, context, problems } = await openPanel(browser, { theme, viewport: VIEW });
    await feed(page, 'step', events);
    await seek(page, 3);
    const table = () => page.locator('.step-panel .step-logits tr').evaluateAll((rows) => rows.slice(1).map((r) => ({ cells: [...r.cells].map((c) => c.textContent), active: r.classList.contains('active') })));
    let rows = await table();
    assert.equal(rows.length, engine.words.length);
    rows.forEach((r, t) => {
      assert.equal(r.cells[1], engine.words[t]);
      if (t <= 3) assert.deepEqual(r.cells.slice(2), engine.logits[t].map(f4), `logits after “${engine.words[t]}”`);
      else assert.deepEqual(r.cells.slice(2), ['—', '—'], `t = ${t} is not computed yet at t = 3`);
      assert.equal(r.active, t === 3);
    });
    // The CLI's "Logits: [[ 0.17375849  0.00998698]]" lines say the same numbers.
    const printed = events.filter((e) => e.type === 'log' && e.text.startsWith('Logits:'));
    if (printed.length) assert.ok(printed[0].text.includes(engine.logits[0][0].toFixed(8)), printed[0].text);
    assert.match(await page.locator('.step-panel').innerText(), /backward pass reaches the first word/);
    await shot(page, `step-forward-${theme}`);
    await seek(page, 1e9);
    rows = await table();
    rows.forEach((r, t) => assert.deepEqual(r.cells.slice(2), engine.logits[t].map(f4)));
    const text = await page.locator('.step-panel').innerText();
    assert.ok(text.includes(`Loss against class 0: ${engine.loss.toFixed(4)}`), text);
    assert.ok(text.includes(`‖∂L/∂W_i2h‖ = ${engine.i2hGradNorm.toFixed(4)}`), text);
    assert.ok(text.includes(`‖ΔW‖ = ${engine.weightChange.toPrecision(4)}`), text);
    const params = await page.locator('.step-panel .step-params tr').evaluateAll((rs) => rs.slice(1).map((r) => [...r.cells].map((c) => c.textContent)));
    assert.deepEqual(params.map((p) => p[0]), Object.keys(engine.weightsAfter));
    for (const [name, before, after, change] of params) {
      const want = norm(engine.weightsAfter[name]);
      assert.ok(Math.abs(Number(after) - want) <= 5e-5 * want + 1e-9, `‖${name}‖ after: ${after} vs the engine's ${want}`);
      assert.ok(Number(before) > 0 && Number(change) >= 0, `${name}: ${before} ${change}`);
      if (name === 'i2h.weight') assert.ok(Math.abs(Number(change) - 0.1 * engine.i2hGradNorm) < 1e-4 * 0.1 * engine.i2hGradNorm + 5e-5, `SGD: ‖ΔW_i2h‖ ${change} = 0.1 × ${engine.i2hGradNorm}`);
    }
    assert.equal(await page.locator('.step-panel .sgd-moved li').count(), 3);
    await shot(page, `step-sgd-${theme}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

await runSuite(tests, { started: (b) => { browser = b; }, footer: [`  screenshots in ${path.relative(process.cwd(), SHOTS)}/classroom-panel-*.png`] });
