// Browser tests: Predict, the final-readout note and the no-spoiler Output box.
import path from 'node:path';
import { strict as assert } from 'node:assert';
import { send, frames, posted, setTheme } from './page.mjs';
import { tsImport } from 'tsx/esm/api';
import { stream, predictAnswer, toJsonSafe, rnnSnapshot, synthetic } from './streams.mjs';
import {
  SHOTS, test, panel, runDemo, demoName, lastSnapshot, shownSnapshot, num, pause, seekEnd, text, shot, unitPoint, scrollTo,
} from './harness.mjs';

const { PREDICT_DEBOUNCE_MS } = await tsImport('../../webview/model/predict.ts', import.meta.url);

test('predict: debounced requests as the user types, the latest answer shown with contributions and unknown words', async () => {
  const { page, context } = await panel();
  await page.keyboard.press('3');
  const box = page.getByLabel('Review text to classify');
  // keystroke and request times in the page: a request may only follow a pause of the debounce after a keystroke
  await page.evaluate(() => {
    window.__keys = []; window.__sent = [];
    document.querySelector('#view-predict textarea').addEventListener('input', () => window.__keys.push(performance.now()));
    const push = window.__posted.push.bind(window.__posted);
    window.__posted.push = (m) => { if (m?.type === 'predict') window.__sent.push(performance.now()); return push(m); };
  });
  await box.pressSequentially('This movie was fantastic and zzzgreat', { delay: 10 });
  await page.waitForTimeout(400);
  const reqs = (await posted(page)).filter((m) => m.type === 'predict');
  const { keys, sent } = await page.evaluate(() => ({ keys: window.__keys, sent: window.__sent }));
  const pauses = keys.slice(1).filter((k, i) => k - keys[i] >= PREDICT_DEBOUNCE_MS).length;
  assert.equal(keys.length, 37);
  assert.ok(reqs.length >= 1 && reqs.length <= pauses + 1, `debounced: ${reqs.length} requests for 37 keystrokes with ${pauses} pauses of ${PREDICT_DEBOUNCE_MS} ms or more`);
  const after = sent.at(-1) - keys.at(-1);
  assert.ok(after >= PREDICT_DEBOUNCE_MS - 1, `the last request ${after.toFixed(1)} ms after the last keystroke`);
  console.log(`  predict: the last request left ${after.toFixed(1)} ms after the last keystroke (debounce ${PREDICT_DEBOUNCE_MS} ms); ${reqs.length} request(s) for 37 keystrokes`);
  const last = reqs.at(-1);
  assert.equal(last.text, 'This movie was fantastic and zzzgreat');
  // A stale answer (older id) is ignored, the current one is shown.
  await send(page, { type: 'predict-result', requestId: last.requestId - 1, events: toJsonSafe(predictAnswer('stale')) });
  assert.doesNotMatch(await text(page, '.pred-tokens'), /stale/);
  const ans = predictAnswer(last.text);
  await send(page, { type: 'predict-result', requestId: last.requestId, events: toJsonSafe(ans) });
  const out = ans.find((e) => e.type === 'output');
  assert.equal(await text(page, '.pred-label'), out.predicted === 1 ? 'Positive' : 'Negative');
  assert.match(await text(page, '.pred-conf'), new RegExp(`confidence ${out.probs[out.predicted].toFixed(4)}`));
  assert.equal(await page.locator('.pred-tokens .tok').count(), 6);
  assert.equal(await page.locator('.pred-tokens .tok.unknown').count(), 1);
  assert.match(await page.locator('.pred-tokens .tok.unknown').getAttribute('title'), /unknown word/);
  await shot(page, 'predict-light');
  // "Show in network": the sentence in the unrolled view, with P(positive) if read out at each step.
  await page.getByRole('button', { name: 'Show this sentence in the network view' }).click();
  await seekEnd(page);
  const snap = ans.find((e) => e.type === 'snapshot');
  const pp = await page.evaluate(() => {
    const n = window.unrolled.network, l = n.layout, r = n.svg.getBoundingClientRect();
    return { x: r.left + l.columns[2].x, y: r.top + l.probRow.y + 2 };
  });
  await page.mouse.move(pp.x, pp.y, { steps: 2 });
  const tip = await text(page, '#tooltip');
  const m = /read the state at t = 2: ([\d.]+)/.exec(tip);
  assert.ok(m, `tooltip: ${tip}`);
  assert.ok(Math.abs(Number(m[1]) - snap.runningProb[2]) < 5e-5, `${m[1]} vs ${snap.runningProb[2]}`);
  await page.mouse.move(2, 2);
  await shot(page, 'predict-network-light');
  await page.keyboard.press('3');
  await send(page, { type: 'predict-result', requestId: last.requestId, events: [], error: 'no trained model yet: run Train on IMDB first' });
  await context.close();
});

test('predict at 1280×720 in light, dark and high contrast: words coloured by occlusion, the chosen measure marked', async () => {
  for (const theme of ['light', 'dark', 'high-contrast']) {
    const { page, context, problems } = await panel({ theme, viewport: { width: 1280, height: 720 } });
    await page.keyboard.press('3');
    await page.getByLabel('Review text to classify').fill('This movie was fantastic and I loved it zzzawesome');
    await page.waitForTimeout(300);
    const last = (await posted(page)).filter((m) => m.type === 'predict').at(-1);
    const ans = predictAnswer(last.text);
    await send(page, { type: 'predict-result', requestId: last.requestId, events: toJsonSafe(ans) });
    const occ = ans.find((e) => e.type === 'snapshot').occlusion;
    const bg = await page.locator('.pred-tokens .tok:not(.unknown)').evaluateAll((ts) => ts.map((t) => t.style.background !== ''));
    assert.deepEqual(bg, Array.from(occ.subarray(0, 8), (c) => Math.abs(c) >= 1e-3), `${theme}: coloured by occlusion`);
    // The pressed choice must look different from the other one in every theme (high contrast included).
    const looks = await page.locator('.colour-by button').evaluateAll((bs) => bs.map((b) => { const c = getComputedStyle(b); return `${c.backgroundColor}|${c.boxShadow}|${c.fontWeight}`; }));
    assert.notEqual(looks[0], looks[1], `${theme}: the pressed choice is marked`);
    await shot(page, `predict-occlusion-1280-${theme}`);
    assert.deepEqual(problems, [], `${theme}: console errors`);
    await context.close();
  }
});

test('predict with the notebook\'s final readout: a note says why every text gets the same answer, with a Compare Readouts button; label and bar agree in colour', async () => {
  const { page, context, problems } = await panel();
  const s = stream('predict-final');
  const snap = s.events.find((e) => e.type === 'snapshot');
  const pads = snap.hidden.steps - snap.length;
  assert.equal(snap.readout, 'final');
  assert.ok(pads > 0);
  await page.keyboard.press('3');
  const box = page.getByLabel('Review text to classify');
  await box.fill(s.events[0].config.text);
  await page.waitForTimeout(400);
  const req = (await posted(page)).filter((m) => m.type === 'predict').at(-1);
  await send(page, { type: 'predict-result', requestId: req.requestId, events: s.safe.filter((e) => e.type !== 'demo-start' && e.type !== 'demo-end') });
  const note = `This model reads its state after ${pads} padding steps (the notebook’s “final” readout), by which time it has forgotten most of the review — try Compare Readouts.`;
  assert.equal(await page.locator('#view-predict .readout-note span').first().textContent(), note);
  // The answer: "Positive" in the scale's red, and the confidence bar in the same colour.
  const out = s.events.find((e) => e.type === 'output');
  assert.equal(await text(page, '.pred-label'), out.predicted === 1 ? 'Positive' : 'Negative');
  const colours = await page.evaluate(() => ({ label: getComputedStyle(document.querySelector('.pred-label')).color, bar: getComputedStyle(document.querySelector('.conf-fill')).backgroundColor }));
  assert.equal(colours.label, colours.bar);
  const [r, , b] = colours.bar.match(/\d+/g).map(Number);
  assert.ok(out.predicted === 1 ? r > b : b > r, `positive red, negative blue: ${colours.bar}`);
  // The contributions (1e-13…1e-17: the gradient vanished in the padding) are below 1e-3: no word is coloured,
  // each says its real magnitude, and the note says why — as the editor's Analyze does (src/shared/contribution.ts).
  const toks = await page.locator('.pred-tokens .tok').evaluateAll((ts) => ts.map((t) => ({ cls: t.className, bg: t.style.background, title: t.title })));
  assert.equal(toks.length, snap.length);
  for (const [i, t] of toks.entries()) {
    assert.equal(t.bg, '', `word ${i} is not coloured: ${t.bg}`);
    assert.match(t.cls, /negligible/);
    const c = snap.contribution[i];
    // One minus sign in the whole panel: U+2212, in the exponent too.
    assert.ok(t.title.includes(`contribution to “positive”: ${c > 0 ? '+' : '−'}${Math.abs(c).toExponential(1).replace('-', '−')} (negligible: below 1e−3)`), t.title);
  }
  const largest = Math.max(...Array.from(snap.contribution.subarray(0, snap.length), Math.abs));
  assert.equal(await text(page, '.contrib-note'), `All words' contributions are below 1e−3 (largest ${largest.toExponential(1).replace('-', '−')}): the gradient vanished in the ${pads} padding steps before reaching the words (readout "final"), so no word is coloured and their ranking means nothing.`);
  assert.equal(await page.locator('.pred-strongest').isVisible(), false);
  await shot(page, 'predict-final-light');
  await setTheme(page, 'dark');
  await shot(page, 'predict-final-dark');
  await setTheme(page, 'light');
  await page.locator('#view-predict .readout-note').getByRole('button', { name: /Compare readouts/ }).click();
  assert.deepEqual((await posted(page)).at(-1), { type: 'run-command', command: 'unrolled.compareReadouts' });
  // The same answer from the palette's Predict Sentiment: the network's Output box carries the note and button.
  await runDemo(page, 'predict-final', 7);
  await page.keyboard.press('1');
  await seekEnd(page);
  assert.match(await text(page, '.out-panel'), new RegExp(`reads its state after ${pads} padding steps`));
  await page.locator('.out-panel').getByRole('button', { name: /Compare readouts/ }).click();
  assert.deepEqual((await posted(page)).at(-1), { type: 'run-command', command: 'unrolled.compareReadouts' });
  await shot(page, 'predict-final-network-light');
  // A mean-readout answer has no note.
  await page.keyboard.press('3');
  await box.fill('A fine film');
  await page.waitForTimeout(400);
  const req2 = (await posted(page)).filter((m) => m.type === 'predict').at(-1);
  const fine = predictAnswer('A fine film');
  await send(page, { type: 'predict-result', requestId: req2.requestId, events: toJsonSafe(fine) });
  assert.equal(await page.locator('#view-predict .readout-note').isVisible(), false);
  // Its words are coloured by occlusion (default; above 1e-3) and the strongest are named with their ΔP.
  const fineSnap = fine.find((e) => e.type === 'snapshot');
  const fo = fineSnap.occlusion;
  const fc = fineSnap.contribution;
  assert.ok(Math.max(...Array.from(fc.subarray(0, 3), Math.abs)) >= 1e-3);
  assert.equal(await page.locator('.contrib-note').isVisible(), false);
  const coloured = () => page.locator('.pred-tokens .tok').evaluateAll((ts) => ts.map((t) => t.style.background !== ''));
  assert.equal(await page.getByRole('button', { name: /^Colour each word by P\(positive\) minus/ }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(await coloured(), Array.from(fo.subarray(0, 3), (c) => Math.abs(c) >= 1e-3));
  const topOcc = [0, 1, 2].sort((a, b) => Math.abs(fo[b]) - Math.abs(fo[a]))[0];
  assert.match(await text(page, '.pred-strongest'), new RegExp(`^Strongest words \\(occlusion, ΔP\\): ${['a', 'fine', 'film'][topOcc]} \\([+−]\\d\\.\\d{3}\\)`));
  assert.match(await page.locator('.pred-tokens .tok').first().getAttribute('title'), /occlusion: P\(positive\) minus P\(positive\) without this word = [+−]\d\.\d{3}.* — gradient × input, contribution to “positive”: /);
  assert.match(await text(page, '#view-predict p.hint'), /coloured by its occlusion/);
  await shot(page, 'predict-occlusion-light');
  // The second, labelled choice: gradient × input.
  await page.getByRole('button', { name: /^Colour each word by gradient × input/ }).click();
  assert.deepEqual(await coloured(), Array.from(fc.subarray(0, 3), (c) => Math.abs(c) >= 1e-3));
  const topGrad = [0, 1, 2].sort((a, b) => Math.abs(fc[b]) - Math.abs(fc[a]))[0];
  assert.match(await text(page, '.pred-strongest'), new RegExp(`^Strongest words \\(gradient × input\\): ${['a', 'fine', 'film'][topGrad]} \\([+−]\\d\\.\\d{3}\\)`));
  await page.getByRole('button', { name: /^Colour each word by P\(positive\) minus/ }).click();
  assert.deepEqual(problems, []);
  await context.close();
});

test('no spoiler: during the forward pass the Output box says when the output is computed; the answer appears at the readout step and stays in the backward pass', async () => {
  const { page, context, problems } = await panel();
  const s = await runDemo(page, 'predict-final');
  // the Predict command answers in the Predict view; its run plays in the Network view as well
  assert.equal(await page.evaluate(() => window.unrolled.ui.view), 'predict');
  await page.keyboard.press('1');
  const snap = shownSnapshot(s.events);
  const T = snap.hidden.steps;
  assert.equal(snap.readout, 'final');
  const answer = `P(positive) = ${snap.probs[1].toFixed(4)} → predicted ${snap.probs[1] > snap.probs[0] ? 'positive' : 'negative'}.`;
  const svgOut = () => page.evaluate(() => [...document.querySelectorAll('svg.net .output text')].map((t) => t.textContent).join(' | '));
  // The demo plays from t = 0: while it is in the forward pass before t = T-1, no answer is on screen.
  const playing = await page.evaluate(() => ({ playing: window.unrolled.playback.playing, pos: window.unrolled.playback.pos }));
  assert.ok(playing.playing && playing.pos < T - 1, `the demo plays from the start: ${JSON.stringify(playing)}`);
  await page.evaluate(() => window.unrolled.setPlayback({ ...window.unrolled.playback, speed: 32 }));
  const seen = [];
  for (let i = 0; i < 4; i++) {
    await page.waitForTimeout(200);
    const pos = await page.evaluate(() => window.unrolled.playback.pos);
    const out = await text(page, '.out-panel');
    if (pos < T - 1) {
      seen.push(pos);
      assert.doesNotMatch(out, /P\(positive\) =|predicted|Loss/, `playing, position ${pos}: ${out}`);
      assert.match(out, new RegExp(`Not computed yet: the output is computed at t = ${T - 1}`));
    }
  }
  assert.ok(seen.length >= 2 && seen.at(-1) > seen[0], `sampled while the forward pass played: positions ${seen}`);
  await pause(page);
  await page.keyboard.press('Home');
  await frames(page, 2);
  let out = await text(page, '.out-panel');
  assert.match(out, /^Output — not computed yet\n/);
  assert.match(out, new RegExp(`Not computed yet: the output is computed at t = ${T - 1} \\(the last step, after ${T - snap.length} padding steps\\)\\. Press End or play on\\.`));
  assert.ok(!out.includes(answer));
  assert.match(out, /reads its state after \d+ padding steps/, 'the readout note stays: it is not the answer');
  assert.equal(await svgOut(), `not computed yet | computed at t = ${T - 1}`);
  assert.equal(await page.locator('svg.net .output.pending').count(), 1);
  // Hovering the output box does not give it away either.
  await scrollTo(page, T - 1);
  const box = await page.evaluate(() => {
    const n = window.unrolled.network, o = n.layout.output, r = n.svg.getBoundingClientRect();
    return { x: r.left + o.x + o.w / 2, y: r.top + o.y + o.h / 2 };
  });
  await page.mouse.move(box.x, box.y, { steps: 2 });
  assert.match(await text(page, '#tooltip'), /output: Not computed yet/);
  assert.doesNotMatch(await text(page, '#tooltip'), /probabilities/);
  await page.mouse.move(2, 2);
  await shot(page, 'output-pending-light');
  await setTheme(page, 'dark');
  await shot(page, 'output-pending-dark');
  await setTheme(page, 'light');
  // One step before the readout: still pending; at t = T-1 the answer appears.
  await page.evaluate((p) => window.unrolled.setPlayback({ ...window.unrolled.playback, pos: p, playing: false }), T - 2);
  await frames(page, 2);
  assert.ok(!(await text(page, '.out-panel')).includes(answer));
  await page.keyboard.press('ArrowRight');
  await frames(page, 2);
  out = await text(page, '.out-panel');
  assert.ok(out.includes(answer), out);
  assert.match(out, /^Output\n/);
  assert.equal((await svgOut()).split(' | ')[0], `P(positive) = ${snap.probs[1].toFixed(4)}`);
  assert.equal(await page.locator('svg.net .output.pending').count(), 0);
  // The backward pass keeps it (every position), and a seek back into the forward pass hides it again.
  for (const pos of [T, T + 50, 2 * T - 1]) {
    await page.evaluate((p) => window.unrolled.setPlayback({ ...window.unrolled.playback, pos: p, playing: false }), pos);
    await frames(page, 2);
    assert.ok((await text(page, '.out-panel')).includes(answer), `backward position ${pos}`);
  }
  await page.keyboard.press('Home');
  await frames(page, 2);
  assert.ok(!(await text(page, '.out-panel')).includes(answer));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Predict command answers in the Predict view: the box holds its text; the loss is against the predicted class, the gradient norm names its weights', async () => {
  const { page, context, problems } = await panel({ viewport: { width: 1280, height: 720 } });
  const s = stream('predict-final');
  const textIn = s.events[0].config.text;
  await runDemo(page, 'predict-final', 7);
  assert.equal(await page.evaluate(() => window.unrolled.ui.view), 'predict');
  assert.equal(await page.getByLabel('Review text to classify').inputValue(), textIn);
  const out = s.events.find((e) => e.type === 'output'), loss = s.events.find((e) => e.type === 'loss'), norms = s.events.find((e) => e.type === 'grad-norms');
  assert.equal(loss.target, out.predicted, 'a typed text has no label: the loss is against the predicted class');
  assert.equal(await text(page, '.pred-label'), out.predicted === 1 ? 'Positive' : 'Negative');
  const line = await text(page, '.pred-loss');
  const label = out.predicted === 1 ? 'positive' : 'negative';
  assert.ok(line.startsWith(`Loss ${loss.loss.toPrecision(4)} against the predicted class (${label}): the text has no label`), line);
  const n = norms.perParam['rnn_cells.0.h2h.weight'];
  assert.ok(line.includes(`Gradient norm ${n.toPrecision(4)} of layer 0’s recurrent weights W_hh (rnn_cells.0.h2h.weight); of all the weights together ${norms.total.toPrecision(4)}.`), line);
  // typing the same text again asks nothing (the answer on screen is for it)
  await page.getByLabel('Review text to classify').fill(textIn);
  await page.waitForTimeout(400);
  assert.equal((await posted(page)).filter((m) => m.type === 'predict').length, 0);
  for (const theme of ['light', 'dark', 'high-contrast']) { await setTheme(page, theme); await frames(page, 2); await page.screenshot({ path: path.join(SHOTS, `predict-command-${theme}.png`) }); }
  assert.deepEqual(problems, []);
  await context.close();
});

test('edit the text, see the trajectory change: P(positive) per word before and after, and ‖h_t − h′_t‖ per step', async () => {
  const { page, context, problems } = await panel({ viewport: { width: 1280, height: 720 } });
  await page.keyboard.press('3');
  const box = page.getByLabel('Review text to classify');
  const ask = async (t) => {
    await box.fill(t);
    await page.waitForFunction((t) => window.__posted.some((m) => m.type === 'predict' && m.text === t), t);
    const req = (await posted(page)).filter((m) => m.type === 'predict').at(-1);
    const ans = predictAnswer(t);
    await send(page, { type: 'predict-result', requestId: req.requestId, events: toJsonSafe(ans) });
    return ans.find((e) => e.type === 'snapshot');
  };
  const a = await ask('this film was good');
  assert.equal(await page.locator('.traj').isVisible(), false, 'one answer: nothing to compare yet');
  const b = await ask('this film was not good at all');
  assert.equal(await page.locator('.traj').isVisible(), true);
  const values = (sel) => page.locator(sel).getAttribute('data-values').then((v) => v.split(' ').map(Number));
  const p6 = (x) => Number(x.toPrecision(6));
  assert.deepEqual(await values('.traj-prev'), Array.from(a.runningProb.subarray(0, a.length), p6));
  assert.deepEqual(await values('.traj-next'), Array.from(b.runningProb.subarray(0, b.length), p6));
  // the strip: the distance between the two runs' top-layer states at each step, as the snapshots give it
  const H = b.hidden.units, L = b.hidden.layers, T = b.hidden.steps;
  const want = [];
  for (let t = 0; t < Math.max(a.length, b.length); t++) {
    let s = 0;
    for (let u = 0; u < H; u++) {
      const d = a.hidden.data[((L - 1) * a.hidden.steps + t) * H + u] - b.hidden.data[((L - 1) * T + t) * H + u];
      s += d * d;
    }
    want.push(p6(Math.sqrt(s)));
  }
  const got = await page.locator('.traj-bar').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-diff'))));
  assert.deepEqual(got, want);
  assert.match(await text(page, '.traj-sentence'), /^(The states part at t = \d+ \(“.*” → “.*”\), at most \d\.\d+ apart|The two texts leave the same states)/);
  await page.locator('.traj').scrollIntoViewIfNeeded();
  for (const theme of ['light', 'dark', 'high-contrast']) { await setTheme(page, theme); await frames(page, 2); await page.screenshot({ path: path.join(SHOTS, `predict-trajectory-${theme}.png`) }); }
  assert.deepEqual(problems, []);
  await context.close();
});
