// Browser tests: the training dashboard, scrubbing recorded sequences and Compare Readouts.
import path from 'node:path';
import { strict as assert } from 'node:assert';
import { send, frames, posted, setTheme } from './page.mjs';
import { stream, predictAnswer, toJsonSafe, rnnSnapshot, synthetic } from './streams.mjs';
import {
  SHOTS, test, panel, runDemo, demoName, lastSnapshot, shownSnapshot, num, pause, seekEnd, text, shot, unitPoint, scrollTo,
} from './harness.mjs';

test('training dashboard: loss, accuracy and gradient-norm charts with the clip threshold; scrub through recorded sequences', async () => {
  const { page, context } = await panel();
  const s = await runDemo(page, 'train');
  await page.waitForTimeout(350);
  assert.equal(await page.locator('#view-training').isVisible(), true, 'a training run opens the training view');
  assert.equal(await page.locator('svg.chart').count(), 3);
  const batchPath = await page.locator('svg.chart path.series.batch').first().getAttribute('d');
  const batches = s.events.filter((e) => e.type === 'batch').length;
  assert.equal((batchPath.match(/L/g) ?? []).length, batches - 1, 'one vertex per batch');
  assert.equal(await page.locator('svg.chart .pt.epoch:not(.key)').count(), 2 * s.events.filter((e) => e.type === 'epoch').length);
  const clipCfg = s.events.find((e) => e.type === 'demo-start').config.clip;
  if (clipCfg) assert.match(await text(page, 'svg.chart .clip-label'), new RegExp(`clip at ${clipCfg}`));
  const test = s.events.find((e) => e.type === 'eval' && e.split === 'test');
  assert.match(await text(page, '.dash-summary'), new RegExp(`test accuracy ${test.acc.toFixed(2)} %`));
  await shot(page, 'training-light');
  // Network view: the sequence scrubber lists the recorded snapshots.
  await page.keyboard.press('1');
  const snaps = s.events.filter((e) => e.type === 'snapshot');
  assert.equal(await page.locator('.snaps').isVisible(), snaps.length > 1);
  if (snaps.length > 1) {
    await page.keyboard.press('[');
    await frames(page);
    assert.equal(await page.evaluate(() => window.unrolled.snapshot.id), snaps.at(-2).id);
    assert.match(await text(page, '.snaps .position'), new RegExp(`${snaps.length - 1} of ${snaps.length}`));
    // The engine's "after epoch 0" is the untrained model: the panel says "before training".
    for (let i = 2; i < snaps.length; i++) await page.keyboard.press('[');
    await frames(page);
    assert.equal(await page.evaluate(() => window.unrolled.snapshot.id), snaps[0].id);
    if (/after epoch 0\b/.test(snaps[0].label ?? '')) assert.match(await text(page, '.snaps .position'), /^1 of \d+ · test review 1 before training \(label \w+\)$/);
    assert.doesNotMatch(await text(page, '.snaps .position'), /after epoch 0\b/);
    await shot(page, 'train-before-training-light');
  }
  await context.close();
});

test('training view keeps the last training run when another demo is shown, says which run it is from; a new training run replaces it', async () => {
  const { page, context, problems } = await panel();
  const tr = await runDemo(page, 'train', 1);
  const trTitle = tr.events.find((e) => e.type === 'demo-start').title;
  await page.waitForTimeout(350);
  assert.equal(await page.locator('svg.chart').count(), 3);
  assert.equal(await page.locator('.dash-from').isVisible(), false, 'no label on the run itself');
  // Step Through, then Predict Sentiment (a shown answer): the Training tab still has the training run.
  await runDemo(page, 'step', 2);
  await page.keyboard.press('2');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('svg.chart').count(), 3);
  assert.doesNotMatch(await text(page, '#view-training'), /No training yet/);
  assert.equal(await text(page, '.dash-from'), `From the last training run: ${trTitle}`);
  const test = tr.events.find((e) => e.type === 'eval' && e.split === 'test');
  assert.match(await text(page, '.dash-summary'), new RegExp(`test accuracy ${test.acc.toFixed(2)} %`));
  await shot(page, 'training-kept-light');
  await runDemo(page, 'predict-final', 3);
  await page.keyboard.press('2');
  await page.waitForTimeout(300);
  assert.equal(await text(page, '.dash-from'), `From the last training run: ${trTitle}`);
  // The export of the Training view is the kept dashboard too.
  await page.getByRole('button', { name: 'Export the current snapshot as JSON' }).click();
  const ex = (await posted(page)).filter((m) => m.type === 'export').at(-1);
  assert.equal(JSON.parse(ex.data).dashboard.series[0].batches.length, tr.events.filter((e) => e.type === 'batch').length);
  // A new training run (Compare Readouts) replaces it: shown as itself, then kept when Vanishing runs.
  const cmp = await runDemo(page, 'compare', 4);
  const cmpTitle = cmp.events.find((e) => e.type === 'demo-start').title;
  await page.waitForTimeout(350);
  assert.equal(await page.locator('.dash-from').isVisible(), false);
  assert.equal(await page.locator('svg.chart').count(), 6);
  await runDemo(page, 'vanish', 5);
  await page.keyboard.press('2');
  await page.waitForTimeout(300);
  assert.equal(await text(page, '.dash-from'), `From the last training run: ${cmpTitle}`);
  assert.equal(await page.locator('svg.chart').count(), 6);
  assert.deepEqual(problems, []);
  await context.close();
});

test('scrub back through a training run: recorded sequences, and ones the host stored but did not send (get-snapshot)', async () => {
  const { page, context } = await panel();
  const events = synthetic('train');
  const snaps = events.filter((e) => e.type === 'snapshot');
  await send(page, { type: 'show-run', runId: 9, demo: 'train', title: 'train' });
  // The host sends the first snapshots and says it stored one more (id 50) without sending it.
  await send(page, { type: 'events', runId: 9, events: toJsonSafe(events), storedSnapshotIds: [50] });
  await page.keyboard.press('1');
  await frames(page, 2);
  assert.equal(await page.evaluate(() => window.unrolled.snapshot.id), snaps.at(-1).id, 'training follows the newest snapshot');
  assert.match(await text(page, '.snaps .position'), new RegExp(`${snaps.length} of ${snaps.length + 1}`));
  await page.keyboard.press('[');
  await frames(page);
  assert.equal(await page.evaluate(() => window.unrolled.snapshot.id), snaps.at(-2).id);
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  const req = (await posted(page)).filter((m) => m.type === 'get-snapshot').at(-1);
  assert.deepEqual({ ...req, requestId: 0 }, { type: 'get-snapshot', requestId: 0, runId: 9, snapshotId: 50 });
  const stored = rnnSnapshot({ id: 50, seed: 50, tokens: Array.from({ length: 30 }, (_, i) => `s${i}`), length: 30, layers: 2, units: 64, label: 'stored' });
  await send(page, { type: 'snapshot-result', requestId: req.requestId, event: toJsonSafe(stored) });
  assert.equal(await page.evaluate(() => window.unrolled.snapshot.id), 50);
  assert.equal(await page.locator('svg.net .token').count(), 30);
  await context.close();
});

test('compare readouts: the two models side by side', async () => {
  const { page, context } = await panel();
  const s = await runDemo(page, 'compare');
  await page.waitForTimeout(350);
  const names = [...new Set(s.events.filter((e) => e.type === 'batch').map((e) => e.series))];
  assert.equal(names.length, 2);
  assert.equal(await page.locator('.dash-col').count(), 2);
  assert.equal(await page.locator('svg.chart').count(), 6);
  const heads = await page.locator('.dash-col h3').allTextContents();
  assert.deepEqual(heads, names.map((n) => `readout: ${n}`));
  // Each column carries its test accuracy and says whether that model clips.
  const tests = names.map((n) => s.events.find((e) => e.type === 'eval' && e.split === 'test' && e.series === n));
  const figures = await page.locator('.dash-col-figure').allInnerTexts();
  const clipOf = (n) => (n.startsWith('improved') ? 5 : null);
  assert.deepEqual(figures, names.map((n, i) => `test accuracy ${tests[i].acc.toFixed(2)} % · ${clipOf(n) ? `clips gradients at norm ${clipOf(n)}` : 'no gradient clipping'}`));
  // The clip threshold only on the chart of the model that clips (the recording: config {preset: improved, clip: 5}).
  const cfg = s.events.find((e) => e.type === 'demo-start').config;
  assert.equal(cfg.preset, 'improved');
  for (const [i, n] of names.entries()) {
    const col = page.locator('.dash-col').nth(i);
    const clipped = s.events.filter((e) => e.type === 'batch' && e.series === n && e.clipped);
    if (clipOf(n)) {
      assert.equal(await col.locator('.clip-line').count(), 1, `${n}: clip line`);
      assert.equal(await text(page, `.dash-col:nth-child(${i + 1}) .clip-label`), `clip at ${cfg.clip}`);
    } else {
      assert.equal(await col.locator('.clip-line, .clip-label').count(), 0, `${n} does not clip: no clip line`);
      assert.equal(await col.locator('.no-clip-label').textContent(), 'no clipping in this model');
      assert.equal(clipped.length, 0);
    }
    // Every clipped batch is marked, and its tooltip says so in words.
    const marks = await col.locator('.clipped-mark title').allTextContents();
    assert.equal(marks.length, clipped.length, `${n}: ${clipped.length} clipped batches marked`);
    for (const [k, b] of clipped.entries()) assert.ok(marks[k].startsWith(`Epoch ${b.epoch}, batch ${b.batch}: gradient norm ${b.gradNorm.toFixed(3)} > 5 — clipped: the update was scaled down to norm 5. Gradient clipping`), marks[k]);
  }
  // No lone ⚠: the clipped batches are explained in a sentence with a tooltip, and named in the key.
  const mean = names.find((n) => clipOf(n));
  const nClipped = s.events.filter((e) => e.type === 'batch' && e.series === mean && e.clipped).length;
  assert.ok(nClipped > 0);
  assert.doesNotMatch(await text(page, '.flags'), /⚠/);
  const note = page.locator('.flags .clip-note');
  assert.match(await note.innerText(), new RegExp(`^▼ ${mean.replace(/[()]/g, '\\$&')}: ${nClipped} of \\d+ batches (was|were) clipped: .* above 5, so .* scaled down to norm 5 \\(▼ on the gradient chart\\)\\.$`));
  assert.match(await note.getAttribute('title'), /^Gradient clipping \(torch\.nn\.utils\.clip_grad_norm_\)/);
  assert.match(await text(page, '.dash-key'), /clipped batch \(its update was scaled down to the threshold\)/);
  await shot(page, 'compare-light');
  await context.close();
});

test('compare readouts on a 1100 px panel: the two runs side by side, both above the fold; stacked on a narrow panel', async () => {
  for (const [width, side] of [[1100, true], [1920, true], [1000, false]]) {
    for (const theme of width === 1100 ? ['light', 'dark'] : ['light']) {
      const { page, context, problems } = await panel({ theme, viewport: { width, height: 760 } });
      await runDemo(page, 'compare');
      await page.waitForTimeout(350);
      const cols = await page.locator('.dash-col').evaluateAll((cs) => cs.map((c) => { const r = c.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, width: r.width }; }));
      const charts = await page.locator('svg.chart').evaluateAll((cs) => cs.map((c) => { const r = c.getBoundingClientRect(); return { top: Math.round(r.top), width: r.width }; }));
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.equal(cols.length, 2);
      assert.ok(sw <= width, `${width}: no horizontal overflow (${sw})`);
      if (side) {
        assert.equal(Math.round(cols[0].top), Math.round(cols[1].top), `${width}: the columns start at the same height`);
        assert.ok(cols[1].left >= cols[0].right, `${width}: side by side ${JSON.stringify(cols)}`);
        assert.ok(cols[1].right <= width, `${width}: the second run is on screen`);
        assert.ok(cols[0].width > width * 0.4, `${width}: each run takes half the panel, not a 570 px column (${cols[0].width})`);
        // Row by row the two runs' loss, accuracy and gradient charts line up.
        for (let k = 0; k < 3; k++) assert.equal(charts[k].top, charts[k + 3].top, `${width}: chart row ${k} aligned`);
        // Both runs' loss and accuracy charts are above the fold of a 760 px panel.
        const accBottom = await page.locator('.dash-col').nth(1).locator('svg.chart').nth(1).evaluate((c) => c.getBoundingClientRect().bottom);
        assert.ok(accBottom <= 760, `${width}: the improved run's accuracy chart ends at ${accBottom} px`);
      } else {
        assert.ok(cols[1].top >= cols[0].top + 300, `${width}: stacked ${JSON.stringify(cols)}`);
      }
      await shot(page, `compare-${width}-${theme}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});
