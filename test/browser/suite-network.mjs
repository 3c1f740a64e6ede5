// Browser tests: the network view: the empty panel, the step demo, controls and the gradient demos.
import path from 'node:path';
import { strict as assert } from 'node:assert';
import { send, frames, posted, setTheme } from './page.mjs';
import { stream, predictAnswer, toJsonSafe, rnnSnapshot, synthetic } from './streams.mjs';
import {
  SHOTS, test, panel, runDemo, demoName, lastSnapshot, shownSnapshot, num, pause, seekEnd, text, shot, unitPoint, scrollTo,
} from './harness.mjs';

test('posts ready first and shows the demo buttons before any run; the CSP blocks nothing of ours', async () => {
  const { page, problems, context } = await panel();
  const msgs = await posted(page);
  assert.equal(msgs[0].type, 'ready');
  assert.equal(await page.locator('.demo-buttons button').count(), 6);
  await page.locator('.demo-buttons button', { hasText: 'Vanishing gradients' }).click();
  assert.deepEqual((await posted(page)).at(-1), { type: 'run-command', command: 'unrolled.vanishing' });
  assert.deepEqual(problems, []);
  await shot(page, 'empty-light');
  await context.close();
});

test('step demo: one column per word, one cell per layer and step, hover shows the exact snapshot values', async () => {
  const { page, problems, context } = await panel();
  const s = await runDemo(page, 'step');
  const snap = shownSnapshot(s.events);
  const T = snap.hidden.steps, L = snap.hidden.layers, H = snap.hidden.units;
  await seekEnd(page);
  assert.equal(await page.locator('svg.net .token').count(), T);
  assert.equal(await page.locator('svg.net rect.cell').count(), T * L);
  // Arrows are drawn on the canvas from the layout: count them there, and check one is painted.
  const arrows = await page.evaluate(() => {
    const c = {};
    for (const a of window.unrolled.network.layout.arrows) c[a.kind] = (c[a.kind] ?? 0) + 1;
    return c;
  });
  // The simple RNN's output reads x_{T-1} and h_{T-2} (two arrows); the other readouts one arrow per state read.
  assert.deepEqual(arrows, { recurrent: (T - 1) * L, input: T, readout: snap.readout === 'simple' ? 2 : 1, ...(L > 1 ? { layer: T * (L - 1) } : {}) });
  const painted = await page.evaluate(() => {
    const n = window.unrolled.network, a = n.layout.arrows.find((x) => x.kind === 'recurrent'), ctx = n.canvas.getContext('2d');
    const left = parseFloat(n.canvas.style.left || '0');
    return Array.from(ctx.getImageData(Math.round((a.x1 + a.x2) / 2 - left), Math.round(a.y1), 1, 1).data);
  });
  assert.ok(painted[3] > 100, `recurrent arrow painted on the canvas: ${painted}`);
  // Hover unit 3 of the cell at t = 4.
  const t = 4, u = 3;
  const p = await unitPoint(page, 0, t, u);
  await page.mouse.move(p.x, p.y, { steps: 3 });
  await frames(page, 2);
  const tip = await text(page, '#tooltip');
  const v = snap.hidden.data[t * H + u];
  const m = /unit 3: h = ([^,]+), pre-activation = ([^\s∂]+)/.exec(tip);
  assert.ok(m, `tooltip: ${tip}`);
  assert.ok(Math.abs(num(m[1]) - v) <= 1e-6 * Math.max(1, Math.abs(v)), `tooltip h ${m[1]} vs snapshot ${v}`);
  assert.ok(Math.abs(num(m[2]) - snap.preact.data[t * H + u]) <= 1e-6 * Math.max(1, Math.abs(v)));
  assert.match(tip, new RegExp(`t = ${t}, “${snap.tokens[t]}”`));
  // Click pins: the inspector lists every unit of h_t equal to the snapshot.
  await page.mouse.click(p.x, p.y);
  await frames(page, 2);
  const listing = await text(page, '.inspector pre.vector');
  const values = [...listing.matchAll(/[−\s]\d+\.\d{6}/g)].map((x) => num(x[0].trim()));
  assert.equal(values.length, H);
  for (let i = 0; i < H; i++) assert.ok(Math.abs(values[i] - snap.hidden.data[t * H + i]) < 5e-7, `unit ${i}: ${values[i]} vs ${snap.hidden.data[t * H + i]}`);
  assert.match(await text(page, '.inspector .formula'), /W_i2h \[x_t ; h_\{t−1\}\]/);
  assert.deepEqual(problems, []);
  await page.mouse.move(5, 5);
  await shot(page, 'step-pinned-light');
  await context.close();
});

test('step demo (the notebook\'s simple RNN): the output is drawn and described from x_T and h_{T-1}; h_T\'s zero gradient is explained', async () => {
  const { page, problems, context } = await panel();
  const s = await runDemo(page, 'step');
  const snap = shownSnapshot(s.events);
  const T = snap.hidden.steps, H = snap.hidden.units;
  assert.equal(snap.readout, 'simple');
  await seekEnd(page);
  // The words beside the network.
  const out = await text(page, '.out-panel');
  assert.match(out, new RegExp(`Read out from the last word’s input x_${T - 1} \\(“${snap.tokens[T - 1]}”\\) and the state before it, h_${T - 2}: output = h2o\\(\\[x_t ; h_\\{t−1\\}\\]\\)`));
  assert.match(out, new RegExp(`h_${T - 1} is computed but nothing reads it, so its ∂L/∂h is 0`));
  assert.doesNotMatch(out, /state after the last word/);
  // The drawing: one readout arrow leaves the top of h_{T-2}, the other x_{T-1}; none leaves h_{T-1}. Both are painted.
  const geo = await page.evaluate(() => {
    const n = window.unrolled.network, l = n.layout, ctx = n.canvas.getContext('2d'), left = parseFloat(n.canvas.style.left || '0');
    const ro = l.arrows.filter((a) => a.kind === 'readout');
    const px = (x, y) => Array.from(ctx.getImageData(Math.round(x - left), Math.round(y), 1, 1).data);
    return {
      starts: ro.map((a) => ({ x: a.x1, y: a.y1, via: !!a.via })), cells: l.cells.map((c) => ({ t: c.t, x: c.x, y: c.y })),
      cellW: l.cellW, inputY: l.inputY,
      painted: ro.map((a) => { const p = a.via ? a.via[0] : { x: a.x1, y: a.y1 }; return px((p.x + a.x2) / 2, (p.y + a.y2) / 2); }),
    };
  });
  const cell = (t) => geo.cells.find((c) => c.t === t);
  assert.ok(geo.starts.some((a) => !a.via && a.x === cell(T - 2).x + geo.cellW / 2 && a.y === cell(T - 2).y - 2), 'an arrow from h_{T-2}');
  assert.ok(geo.starts.some((a) => a.via && a.y > geo.inputY), 'an arrow from x_{T-1}');
  assert.ok(!geo.starts.some((a) => a.x === cell(T - 1).x + geo.cellW / 2), 'no arrow from h_{T-1}');
  for (const p of geo.painted) assert.ok(p[3] > 100 && p[0] > p[1], `readout arrow painted in the readout colour: ${p}`);
  await shot(page, 'step-readout-light');
  // Pin h_{T-1}: its gradient is 0, and the inspector says why in words.
  assert.equal(snap.hiddenGradNorm[T - 1], 0);
  await page.evaluate((t) => window.unrolled.pin({ layer: 0, t }), T - 1);
  await frames(page, 2);
  const insp = await text(page, '.inspector');
  assert.match(insp, new RegExp(`Nothing reads h_${T - 1}: the last output is h2o\\(\\[x_${T - 1} ; h_${T - 2}\\]\\)`));
  assert.doesNotMatch(insp, /before tanh/, 'the simple RNN has no tanh: no pre-activation block');
  // Hovering it says the same in the tooltip; h_{T-2} (read by the output) says nothing of the kind.
  const p = await unitPoint(page, 0, T - 1, 0);
  await page.mouse.move(p.x, p.y, { steps: 2 });
  assert.match(await text(page, '#tooltip'), new RegExp(`Nothing reads h_${T - 1}`));
  const q = await unitPoint(page, 0, T - 2, 0);
  await page.mouse.move(q.x, q.y, { steps: 2 });
  assert.doesNotMatch(await text(page, '#tooltip'), /Nothing reads/);
  await page.mouse.move(2, 2);
  // The backward pass's first step says it too.
  await page.keyboard.press('Home');
  for (let i = 0; i < T; i++) await page.keyboard.press('ArrowRight');
  await frames(page, 2);
  assert.match(await text(page, '.story'), new RegExp(`Backward pass, t = ${T - 1}: ‖∂L/∂h_${T - 1}‖ is exactly 0 — nothing reads h_${T - 1}`));
  assert.ok(H > 0);
  assert.deepEqual(problems, []);
  await shot(page, 'step-last-state-pinned-light');
  await context.close();
});

test('controls: play/pause, step, scrub, speed and keyboard shortcuts move the clock', async () => {
  const { page, context } = await panel();
  await runDemo(page, 'vanish');
  await pause(page);
  await page.keyboard.press('Home');
  await frames(page);
  const pos = () => page.evaluate(() => window.unrolled.playback.pos);
  assert.equal(await pos(), 0);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  assert.equal(await pos(), 2);
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.equal(await pos(), 1);
  assert.match(await text(page, '.controls .position'), /forward · t = 1 \/ 99/);
  await page.keyboard.press('ArrowRight');
  assert.equal(await pos(), 2);
  await page.locator('input.scrub').first().fill('150');
  assert.equal(await pos(), 150);
  assert.match(await text(page, '.controls .position'), /backward · t = 49 \/ 99/);
  assert.match(await text(page, '.story'), /Backward pass, t = 49: ‖∂L\/∂h_49‖ = .* decades smaller than at the last step: the gradient vanishes/);
  await page.locator('select[aria-label^="Speed"]').selectOption('16');
  assert.equal(await page.evaluate(() => window.unrolled.playback.speed), 16);
  await page.keyboard.press('-');
  assert.equal(await page.evaluate(() => window.unrolled.playback.speed), 8);
  assert.match(await text(page, '.controls .where'), /backward · t = 49 \/ 99\s+\(word 50 of 100\)/);
  const playBtn = page.locator('.controls button.play');
  assert.equal(await playBtn.getAttribute('title'), 'Play (Space)');
  await page.getByRole('button', { name: 'Play' }).click();
  assert.equal(await page.evaluate(() => window.unrolled.playback.playing), true);
  // While playing: a pause icon drawn as two bars (no font glyph that may be missing), and the tooltip follows.
  await frames(page, 2);
  assert.equal(await playBtn.getAttribute('title'), 'Pause (Space)');
  assert.equal(await playBtn.getAttribute('aria-label'), 'Pause');
  assert.equal((await playBtn.innerText()).trim(), 'Pause');
  assert.equal(await playBtn.locator('svg.play-icon rect').count(), 2);
  await page.locator('.controls').first().screenshot({ path: path.join(SHOTS, 'controls-playing-light.png') });
  const before = await pos();
  await page.waitForTimeout(400);
  assert.ok((await pos()) > before, 'playing advances the clock');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.unrolled.playback.playing), false);
  await frames(page, 2);
  assert.equal(await playBtn.getAttribute('title'), 'Play (Space)');
  assert.equal(await playBtn.locator('svg.play-icon polygon').count(), 1);
  // With the slider focused, an arrow key moves one step (not two).
  await page.locator('input.scrub').first().focus();
  const p0 = await pos();
  await page.keyboard.press('ArrowRight');
  assert.equal(await pos(), p0 + 1);
  // Tabs: arrow keys move between views.
  await page.getByRole('tab', { name: 'Network' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => window.unrolled.ui.view), 'training');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => window.unrolled.ui.view), 'network');
  // Every control has an accessible name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('button, select, input, textarea')].filter((e) => !e.getAttribute('aria-label') && !e.textContent.trim()).length);
  assert.equal(unnamed, 0);
  await context.close();
});

test('vanishing demo: gradient bars on a log scale span 1e-30…1e-2 and the caption counts decades', async () => {
  const { page, context } = await panel();
  const s = await runDemo(page, 'vanish');
  const snap = shownSnapshot(s.events);
  await seekEnd(page);
  const cap = await text(page, '.grad-caption');
  const m = /from 1e(−?\d+) to 1e(−?\d+); the largest is ([\d.]+) decades/.exec(cap);
  assert.ok(m, cap);
  const norms = Array.from(snap.hiddenGradNorm).filter((v) => v > 0 && Number.isFinite(v));
  const span = Math.log10(Math.max(...norms)) - Math.log10(Math.min(...norms));
  assert.ok(Math.abs(Number(m[3]) - span) < 0.06, `caption span ${m[3]} vs ${span}`);
  // The bars are drawn: sample the canvas at the bottom of the bar of the first and last step.
  await scrollTo(page, 99);
  const px = await page.evaluate(() => {
    const n = window.unrolled.network, l = n.layout, row = l.gradRows[0];
    const ctx = n.canvas.getContext('2d');
    const left = parseFloat(n.canvas.style.left || '0');
    const at = (t, y) => Array.from(ctx.getImageData(Math.round(l.columns[t].x - left), y, 1, 1).data);
    return { last: at(l.steps - 1, row.y + row.h - 2), lastTop: at(l.steps - 1, row.y + 2) };
  });
  assert.ok(px.last[3] > 200 && px.last[0] > 180, `last bar drawn in orange: ${px.last}`);
  assert.ok(px.lastTop[3] > 200, 'the largest norm reaches the top of the axis');
  await scrollTo(page, 0);
  const p = await page.evaluate(() => {
    const n = window.unrolled.network, l = n.layout, r = n.svg.getBoundingClientRect();
    return { x: r.left + l.columns[0].x, y: r.top + l.gradRows[0].y + l.gradRows[0].h - 3 };
  });
  await page.mouse.move(p.x, p.y, { steps: 2 });
  const tip = await text(page, '#tooltip');
  const g = /‖∂L\/∂h_0‖ = ([^\s(]+)/.exec(tip);
  assert.ok(g, tip);
  assert.ok(Math.abs(num(g[1]) / snap.hiddenGradNorm[0] - 1) < 1e-3, `${g[1]} vs ${snap.hiddenGradNorm[0]}`);
  await page.mouse.move(5, 5);
  await page.evaluate(() => window.unrolled.pin({ layer: 0, t: 97 }));
  await scrollTo(page, 99);
  await shot(page, 'vanish-backward-light');
  await context.close();
});

test('exploding demo: clipping before/after, infinite and NaN norms flagged in words', async () => {
  const { page, context } = await panel();
  const s = await runDemo(page, 'explode');
  const clip = s.events.find((e) => e.type === 'clip');
  await seekEnd(page);
  const panelText = await text(page, '.clip-panel');
  assert.match(panelText, /before clipping/);
  assert.match(panelText, new RegExp(`Clipping threshold \\(max norm\\): ${clip.maxNorm}`));
  const snap = shownSnapshot(s.events);
  const nonFinite = Array.from(snap.hiddenGradNorm).filter((v) => !Number.isFinite(v)).length;
  if (nonFinite) {
    assert.equal(await page.locator('svg.net .grad-flag').count(), nonFinite);
    assert.match(await text(page, '.grad-caption'), /infinite \(∞\)|NaN \(not a number\)/);
    await scrollTo(page, 0);
    await page.keyboard.press('End');
    await frames(page);
    assert.match(await text(page, '.story'), /infinite|not a number/);
  }
  await shot(page, 'explode-light');
  await context.close();
});
