// The lesson renderer in headless Chromium: saved outputs of two cells (recorded by the CLI: step and vanish,
// each with its question) drawn as VS Code's notebook webview would, under a strict CSP (no inline script or
// style, nothing from outside). Asserts that the output replays without a host, that a question hides the
// view until the student guesses, that clicking a word or an answer reveals the engine's answer with right or
// wrong (and posts it for the notebook's metadata), that a kept guess comes back revealed, and that keys and
// hovers stay in their own output. Screenshots in light and dark to test-results/screenshots/lesson-*.png.
// Prints "RESULT <n> passed, <m> failed".
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strict as assert } from 'node:assert';
import { tsImport } from 'tsx/esm/api';
import { launch, setTheme, frames, ROOT } from './page.mjs';

const { engineAnswer, choicesFor } = await tsImport('../../src/shared/questions.ts', import.meta.url);
const { decodeRecording } = await tsImport('../../src/shared/recording.ts', import.meta.url);

const ORIGIN = 'https://lesson.test';
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
for (const f of ['dist/lessonRenderer.js', 'dist/lessonRenderer.css', 'dist/cli.js']) {
  if (!existsSync(path.join(ROOT, f))) {
    console.error(`${f} is missing: run \`node esbuild.config.mjs\` first`);
    console.log('RESULT 0 passed, 1 failed');
    process.exit(1);
  }
}

// Saved outputs, as the lesson kernel writes them: the recording, and the question in the output's metadata.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'unrolled-lesson-browser-'));
function record(args) {
  const file = path.join(tmp, `${args[0]}.json`);
  execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args, '--record', file], { stdio: ['ignore', 'ignore', 'ignore'] });
  return readFileSync(file, 'utf8');
}
const OUTPUTS = [
  { id: 'step', mime: 'application/vnd.unrolled.events+json', text: record(['step']),
    metadata: { status: 'done', source: 'step', lines: ['Loss: 0.4097'], question: { id: 'q-step', ask: 'smallest-gradient-word', prompt: 'Which word gets the smallest gradient?' } } },
  { id: 'vanish', mime: 'application/vnd.unrolled.events+json', text: record(['vanish']),
    metadata: { status: 'done', source: 'vanish', question: { id: 'q-vanish', ask: 'larger-first-token-gradient', prompt: 'In which sequence does the first token get the larger gradient?' } } },
  { id: 'plain', mime: 'application/vnd.unrolled.events+json', text: record(['explode']), metadata: { status: 'done', source: 'explode' } },
];

const CSP = `default-src 'none'; style-src ${ORIGIN}; img-src ${ORIGIN} data: blob:; font-src ${ORIGIN}; script-src 'nonce-LessonNonce123' ${ORIGIN}`;
const HTML = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}"></head>
<body><script type="module" nonce="LessonNonce123" src="${ORIGIN}/test/browser/lesson-host.mjs"></script></body></html>`;

async function open(browser, theme = 'light') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || /Refused to|Content Security Policy/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.route(`${ORIGIN}/**`, (route) => {
    const u = new URL(route.request().url());
    if (u.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: HTML });
    const file = path.join(ROOT, u.pathname);
    if (!file.startsWith(ROOT) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    const type = /\.m?js$/.test(file) ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
  });
  await page.addInitScript((outs) => { window.__outputs = outs; }, OUTPUTS);
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 });
  await setTheme(page, theme);
  // VS Code paints the notebook webview's body; the output itself is transparent.
  await page.evaluate(() => { document.body.style.background = 'var(--vscode-editor-background)'; document.body.style.color = 'var(--vscode-editor-foreground)'; });
  await page.waitForFunction(() => [...document.styleSheets].some((s) => (s.href ?? '').endsWith('lessonRenderer.css')));
  await frames(page, 3);
  return { page, context, problems };
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const events = Object.fromEntries(OUTPUTS.map((o) => [o.id, decodeRecording(o.text).events]));
const answerOf = (id) => engineAnswer(OUTPUTS.find((o) => o.id === id).metadata.question, events[id]);

test('a saved output replays without a host: the network is drawn, the question hides it until a guess', async (b) => {
  const { page, problems, context } = await open(b);
  const step = page.locator('#out-step');
  assert.equal(await step.locator('.q-prompt').innerText(), 'Which word gets the smallest gradient?');
  const words = await step.locator('.q-choice').allInnerTexts();
  assert.deepEqual(words, ['this', 'movie', 'was', 'absolutely', 'amazing', 'and', 'wonderful']);
  assert.equal(await step.locator('.lesson-view').isHidden(), true, 'the view waits for the guess');
  // An output without a question is shown at once, drawn by the visualizer's own network view.
  const plain = page.locator('#out-plain');
  assert.equal(await plain.locator('.lesson-question').count(), 0);
  assert.ok(await plain.locator('svg.net').isVisible(), 'the network view of the explode output');
  const cells = await plain.locator('svg.net .cell').count();
  assert.equal(cells, 50, 'one cell per token of the 50-token sequence');
  const posted = await page.evaluate(() => window.__posted);
  assert.deepEqual(posted.filter((m) => m.type === 'get-answer').map((m) => m.questionId), ['q-step', 'q-vanish'], 'asks the host for kept guesses');
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking a word reveals the engine\'s answer with right or wrong, posts it, and shows the view', async (b) => {
  const { page, problems, context } = await open(b);
  const a = answerOf('step');
  assert.ok(a.ok);
  const right = a.value.answer;
  const wrong = right === '0' ? '1' : '0';
  const step = page.locator('#out-step');
  await step.locator(`.q-choice[data-choice="${wrong}"]`).click();
  await frames(page, 2);
  const result = await step.locator('.q-result').innerText();
  const words = choicesFor(OUTPUTS[0].metadata.question, events.step);
  assert.match(result, new RegExp(`^✗ Not this time\\. You picked “${words[Number(wrong)].label}”; the engine says “${words[Number(right)].label}”\\.`));
  // The figure in the sentence is the engine's, from the events: ‖∂L/∂x‖ of the answer word.
  const snap = events.step.find((e) => e.type === 'snapshot');
  const g = snap.inputGradNorm[Number(right)];
  assert.ok(result.includes(g.toPrecision(3)), `${result} names ${g.toPrecision(3)}`);
  assert.ok(Array.from(snap.inputGradNorm).every((x) => x >= g), 'the answer is the smallest gradient');
  assert.equal(await step.locator(`.q-choice[data-choice="${right}"]`).getAttribute('class'), 'q-choice answer');
  assert.equal(await step.locator('.lesson-view').isVisible(), true, 'the view is shown after the guess');
  assert.ok(await step.locator('svg.net').isVisible());
  let posted = await page.evaluate(() => window.__posted.filter((m) => m.type === 'answer'));
  assert.deepEqual(posted, [{ type: 'answer', questionId: 'q-step', guess: wrong, correct: false }]);
  await page.screenshot({ path: path.join(SHOTS, 'lesson-renderer-wrong-light.png'), fullPage: false });
  // Again, right this time.
  await step.getByRole('button', { name: 'Clear your guess and hide the answer' }).click();
  assert.equal(await step.locator('.lesson-view').isHidden(), true);
  await step.locator(`.q-choice[data-choice="${right}"]`).click();
  assert.match(await step.locator('.q-result').innerText(), /^✓ Right\./);
  posted = await page.evaluate(() => window.__posted.filter((m) => m.type === 'answer'));
  assert.deepEqual(posted.slice(1), [{ type: 'answer', questionId: 'q-step' }, { type: 'answer', questionId: 'q-step', guess: right, correct: true }]);
  // A choice question: the vanish output's two sequences.
  const v = page.locator('#out-vanish');
  assert.deepEqual(await v.locator('.q-choice').allInnerTexts(), ['100 tokens', '4 tokens']);
  const va = answerOf('vanish');
  await v.locator(`.q-choice[data-choice="${va.value.answer}"]`).click();
  // The figures are the recording's own (the engine's answer), so they follow the demo's random tokens.
  assert.match(va.value.explain, /^100 tokens: first token ‖∂L\/∂x‖ = \d\.\d\de-1\d; 4 tokens: first token ‖∂L\/∂x‖ = 0\.0\d+\.$/);
  assert.equal(await v.locator('.q-result').innerText(), `✓ Right. You picked “4 tokens”; the engine says “4 tokens”. ${va.value.explain}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a guess kept in the notebook comes back revealed', async (b) => {
  const { page, context, problems } = await open(b);
  const a = answerOf('step');
  await page.evaluate((g) => window.__hostSays({ type: 'answer-state', questionId: 'q-step', guess: g }), a.value.answer);
  await frames(page, 2);
  const step = page.locator('#out-step');
  assert.match(await step.locator('.q-result').innerText(), /^✓ Right\./);
  assert.equal(await step.locator('.lesson-view').isVisible(), true);
  assert.equal((await page.evaluate(() => window.__posted.filter((m) => m.type === 'answer'))).length, 0, 'a restored guess is not posted again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('playable, hoverable, pinnable inside the output; keys stay in the output that has focus', async (b) => {
  const { page, context, problems } = await open(b);
  const plain = page.locator('#out-plain');
  const playing = () => page.evaluate(() => [...window.__mounted.values()].map((m) => m.app.playback.playing));
  await page.evaluate(() => { for (const m of window.__mounted.values()) m.app.setPlayback({ ...m.app.playback, playing: false }); });
  await plain.locator('.unrolled-cell').focus();
  assert.deepEqual(await playing(), [false, false, false], 'no output plays by itself');
  await page.keyboard.press('Home');
  await page.keyboard.press('Space');
  await frames(page, 3);
  assert.deepEqual(await playing(), [false, false, true], 'Space played only the focused output');
  await page.keyboard.press('Space');
  // Hover a cell: the tooltip shows its values; click pins it in the inspector.
  const cell = plain.locator('svg.net .cell').nth(10);
  const box = await cell.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await frames(page, 3);
  const tip = plain.locator('.tooltip');
  assert.equal(await tip.isVisible(), true, 'tooltip on hover');
  assert.match(await tip.innerText(), /t = 10/);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await frames(page, 2);
  const pinned = await page.evaluate(() => [...window.__mounted.values()][2].app.ui.pinned);
  assert.equal(pinned?.t, 10, 'pinned at the clicked step');
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots in light and dark (1280×720)', async (b) => {
  for (const theme of ['light', 'dark']) {
    const { page, context, problems } = await open(b, theme);
    const a = answerOf('step');
    await page.locator(`#out-step .q-choice[data-choice="${a.value.answer}"]`).click();
    await page.evaluate(() => { for (const m of window.__mounted.values()) m.app.setPlayback({ ...m.app.playback, playing: false }); });
    await frames(page, 3);
    await page.locator('#out-step').screenshot({ path: path.join(SHOTS, `lesson-renderer-${theme}.png`) });
    const bg = await page.locator('#out-step .lesson-question').evaluate((e) => getComputedStyle(e).borderLeftColor);
    assert.ok(bg && bg !== 'rgba(0, 0, 0, 0)', 'themed question box');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('Presenter Mode reaches every output: large type and controls, the network at 200 %, then back', async (b) => {
  for (const theme of ['light', 'dark', 'high-contrast']) {
    const { page, context, problems } = await open(b, theme);
    const posted = await page.evaluate(() => window.__posted.filter((m) => m.type === 'get-presenter').length);
    assert.equal(posted, 3, 'each output asks the host whether presenter mode is on');
    const plain = page.locator('#out-plain');
    const style = () => page.evaluate(() => [...window.__mounted.entries()].map(([id, m]) => {
      const root = document.querySelector(`#out-${id} .unrolled-cell`);
      const btn = [...root.querySelectorAll('button')].find((x) => x.offsetParent);
      return { id, cls: root.classList.contains('presenter'), font: parseFloat(getComputedStyle(root).fontSize),
        zoom: m.app.network.zoom, select: root.querySelector('select[aria-label="Zoom"]').value, btnH: btn ? btn.getBoundingClientRect().height : 0 };
    }));
    const before = await style();
    await page.evaluate(() => window.__hostSays({ type: 'presenter', on: true }));
    await frames(page, 3);
    const on = await style();
    for (const [i, s] of on.entries()) {
      assert.ok(s.cls, `${s.id}: presenter class on its own root`);
      assert.equal(s.zoom, 2, `${s.id}: network at 200 %`);
      assert.equal(s.select, '2');
      assert.ok(s.font >= 18 && s.font > before[i].font, `${s.id}: font ${s.font}px (was ${before[i].font}px)`);
      assert.ok(s.btnH >= 36, `${s.id}: buttons ${s.btnH}px tall`);
    }
    assert.equal(await page.evaluate(() => document.body.classList.contains('presenter')), false, 'the notebook page itself is left alone');
    // Cells at 200 %: the unit squares are twice the size on screen.
    const cellPx = await page.evaluate(() => {
      const n = [...window.__mounted.values()][2].app.network;
      return n.layout.unitPx * n.layout.grid.cols * n.zoom;
    });
    assert.ok(cellPx >= 40, `a cell is ${cellPx}px wide`);
    await plain.scrollIntoViewIfNeeded();
    await frames(page, 2);
    await page.screenshot({ path: path.join(SHOTS, `lesson-presenter-${theme}.png`) });
    await page.evaluate(() => window.__hostSays({ type: 'presenter', on: false }));
    await frames(page, 2);
    const off = await style();
    assert.deepEqual(off.map((s) => [s.cls, s.zoom, s.font]), before.map((s) => [false, 1, s.font]), 'off again: 100 %, the usual type');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

const browser = await launch();
let passed = 0, failed = 0;
for (const t of tests) {
  const t0 = Date.now();
  try {
    await t.fn(browser);
    passed++;
    console.log(`  ok   ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${t.name}\n       ${String(e?.stack ?? e).split('\n').join('\n       ')}`);
  }
}
await browser.close();
console.log(`RESULT ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
