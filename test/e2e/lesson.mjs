// End to end as a student: in code-server's UI, "Unrolled: Open the RNN Lesson" from the palette, "Notebook:
// Run All", the outputs drawn by the lesson renderer in the notebook's own webview, a question answered by
// clicking a word, and the lesson saved with its outputs (VS Code's auto-save, as a student's window does).
// Screenshots in light and dark themes to test-results/e2e-lesson/. Prints `RESULT <n> passed, <m> failed`.
// Run alone: `node test/e2e/lesson.mjs [--no-build]`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildExtension, ensureInstalled, launchChromium, makeWorkspace, root, startCodeServer, workbenchUrl,
} from '../../scripts/code-server.mjs';
import { Ui } from './ui.mjs';

const args = process.argv.slice(2);
const outDir = path.join(root, 'test-results/e2e-lesson');
const EVENTS_MIME = 'application/vnd.unrolled.events+json';

/** The student's copy of the lesson, wherever this code-server keeps the extension's global storage. */
function findCopy(dir) {
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'rnn.unrolled-lesson' && p.includes('globalStorage')) return p;
    if (statSync(p).isDirectory()) {
      const f = findCopy(p);
      if (f) return f;
    }
  }
  return undefined;
}

/** Scrolls the notebook (the mouse wheel over it) until `loc`, inside its webview, is near the top. */
async function scrollTo(ui, loc, top = 120) {
  // VS Code draws an output only once its cell scrolls into view: wheel down until it exists.
  for (let i = 0; i < 80 && (await loc.count().catch(() => 0)) === 0; i++) {
    await ui.page.mouse.move(820, 420);
    await ui.page.mouse.wheel(0, 400);
    await ui.page.waitForTimeout(300);
  }
  for (let i = 0; i < 60; i++) {
    const box = await loc.boundingBox().catch(() => null);
    if (box && box.y >= top - 40 && box.y <= top + 160) return;
    await ui.page.mouse.move(820, 420);
    await ui.page.mouse.wheel(0, box ? Math.max(-600, Math.min(600, box.y - top)) : 600);
    await ui.page.waitForTimeout(250);
  }
}

/** The output frame of the notebook (VS Code draws every output of a notebook in one webview). */
const outputs = (ui) => ui.page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');

async function main() {
  const t0 = Date.now();
  ensureInstalled();
  if (!args.includes('--no-build')) buildExtension();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const folder = makeWorkspace({ 'notes.txt': 'lesson\n' });
  const settings = { 'workbench.colorTheme': 'Default Light Modern', 'files.autoSave': 'afterDelay', 'notebook.output.scrolling': false };
  const [server, browser] = await Promise.all([startCodeServer({ folder, settings }), launchChromium()]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const ui = new Ui(page, outDir);
  await page.goto(workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: root }));
  await ui.waitForWorkbench();
  console.log(`e2e-lesson: workbench ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  let passed = 0, failed = 0;
  const check = async (name, fn) => {
    const t = Date.now();
    ui.prefix = String(passed + failed + 1).padStart(2, '0');
    try {
      await fn();
      passed++;
      console.log(`  ok   ${name} (${Date.now() - t} ms)`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${name} (${Date.now() - t} ms)\n       ${String(e?.message ?? e).split('\n').join('\n       ')}`);
      await ui.shot('FAILED').catch(() => {});
    }
  };

  let copy;
  await check('Open the RNN Lesson opens the notebook with its prose and cells', async () => {
    await ui.runCommand('Unrolled: Open the RNN Lesson');
    // VS Code draws the Markdown cells in the notebook's webview too.
    await outputs(ui).getByText('Watch an RNN think').first().waitFor({ state: 'visible', timeout: 30_000 });
    // The lesson kernel is chosen already (it is preferred for every lesson): the toolbar names it.
    await page.locator('.notebook-toolbar-container', { hasText: 'Unrolled' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await ui.shot('lesson-opened-light');
    copy = findCopy(server.userDataDir) ?? findCopy(path.join(process.env.HOME ?? '', '.local/share/code-server'));
    if (!copy) throw new Error('the student\'s copy of the lesson is not in the extension\'s global storage');
  });

  await check('Run All runs every cell; the saved lesson holds each cell\'s events', async () => {
    await ui.runCommand('Notebook: Run All');
    // A kernel picker would mean the lesson kernel was not preferred.
    const picker = await page.locator('.quick-input-widget').isVisible().catch(() => false);
    if (picker) throw new Error('Run All asked for a kernel');
    const deadline = Date.now() + 600_000;
    let done = 0;
    for (;;) {
      await page.waitForTimeout(3000);
      try {
        const lesson = JSON.parse(readFileSync(copy, 'utf8'));
        const code = lesson.cells.filter((c) => c.kind === 'unrolled');
        done = code.filter((c) => (c.outputs ?? []).some((o) => o.items.some((i) => i.mime === EVENTS_MIME))).length;
        if (done === code.length) break;
      } catch { /* being written */ }
      if (Date.now() > deadline) throw new Error(`after 600 s only ${done} cells have saved outputs`);
    }
    console.log(`  …   all cells ran and were saved after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  });

  const answer = async (theme) => {
    // The first output: the step cell's question.
    await ui.page.mouse.move(820, 420);
    for (let i = 0; i < 30; i++) await ui.page.mouse.wheel(0, -2000); // to the top
    const q = outputs(ui).locator('.lesson-question').first();
    await scrollTo(ui, q);
    const words = await q.locator('.q-choice').allInnerTexts();
    if (words.join(' ') !== 'this movie was absolutely amazing and wonderful') throw new Error(`the question offers ${words.join(', ')}`);
    await ui.shot(`question-${theme}`);
    if (await q.locator('.q-result').count() === 0) await q.locator('.q-choice').nth(3).click();
    const result = await q.locator('.q-result').innerText({ timeout: 10_000 });
    if (!/^(✓ Right|✗ Not this time)\. You picked “absolutely”; the engine says “\w+”\./.test(result)) throw new Error(`after the click: ${result}`);
    await page.waitForTimeout(800);
    await ui.shot(`answered-${theme}`);
  };

  await check('a question cell: click a word, the engine\'s answer is revealed (light theme)', () => answer('light'));

  const trainOutput = async (theme) => {
    // The train cell's question answered: its Training view (loss and accuracy curves) is revealed under it.
    const q = outputs(ui).locator('.lesson-question').nth(1);
    await scrollTo(ui, q);
    if (await q.locator('.q-result').count() === 0) await q.locator('.q-choice').first().click();
    const result = await q.locator('.q-result').innerText({ timeout: 10_000 });
    if (!/Test accuracy \d+\.\d\d % (>|≤) 70 %/.test(result)) throw new Error(`train's answer: ${result}`);
    await page.waitForTimeout(800);
    await ui.shot(`training-${theme}`);
  };

  await check('the training output is drawn once its question is answered (light theme)', () => trainOutput('light'));

  await check('the same lesson in the dark theme', async () => {
    await ui.runCommand('Preferences: Color Theme');
    await page.keyboard.type('Dark Modern');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await ui.waitUntil(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark') ?? false, 'the dark theme', 30_000);
    await page.waitForTimeout(1000);
    await answer('dark');
    await trainOutput('dark');
  });

  await check('Presenter Mode reaches the lesson\'s outputs (large type, 200 %), and leaves them again', async () => {
    await ui.runCommand('Unrolled: Presenter Mode');
    const cell = outputs(ui).locator('.unrolled-cell.presenter').first();
    await cell.waitFor({ state: 'attached', timeout: 20_000 });
    const q = outputs(ui).locator('.lesson-question').first();
    await scrollTo(ui, q);
    const font = await cell.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    if (font < 18) throw new Error(`presenter type is ${font}px`);
    const zoom = await cell.locator('select[aria-label="Zoom"]').first().inputValue();
    if (zoom !== '2') throw new Error(`the output's zoom is ${zoom}`);
    if (await page.locator('.tab', { hasText: 'Unrolled' }).filter({ hasNotText: 'lesson' }).count() > 0) throw new Error('the visualizer panel was opened over the lesson');
    await page.waitForTimeout(800);
    await ui.shot('presenter-dark');
    await ui.runCommand('Unrolled: Presenter Mode');
    await outputs(ui).locator('.unrolled-cell.presenter').first().waitFor({ state: 'detached', timeout: 20_000 });
  });

  await check('the guess is kept in the lesson file', async () => {
    await ui.waitUntil(() => true, 'nothing', 1000);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const lesson = JSON.parse(readFileSync(copy, 'utf8'));
      const a = lesson.metadata?.answers?.['step-smallest-gradient'];
      if (a && a.guess === '3' && typeof a.correct === 'boolean') break;
      if (Date.now() > deadline) throw new Error(`the saved lesson's answers: ${JSON.stringify(lesson.metadata?.answers)}`);
      await page.waitForTimeout(1000);
    }
  });

  await browser.close().catch(() => {});
  server.stop();
  console.log(`e2e-lesson: screenshots in ${path.relative(root, outDir)}/, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`RESULT ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`e2e-lesson runner failed: ${e?.stack ?? e}`);
  console.log('RESULT 0 passed, 1 failed');
  process.exit(1);
});
