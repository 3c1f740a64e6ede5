// End to end as a user: Playwright drives code-server's UI (VS Code 1.100.3 in headless Chromium) with the
// extension loaded from this repo: command palette, Unrolled commands, the webview panel, editor hovers.
// Each check gets a screenshot in test-results/e2e/ (pass or fail). Prints `RESULT <n> passed, <m> failed`.
// Run alone: `node test/e2e/run.mjs [--no-build] [--grep TEXT]` (`npm run test:e2e`).
// `--readme-shots` (`npm run screenshots`): the README's screenshots, from a run with the default model
// settings (5 epochs on the embedded 2,000 reviews, readout mean), copied into media/screenshots/ when every
// check passed.
// Adding a check: `check('what the user sees', async (ui) => { ... })` below; helpers are in ui.mjs.
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildExtension, ensureInstalled, launchChromium, makeWorkspace, root, startCodeServer, workbenchUrl,
} from '../../scripts/code-server.mjs';
import { Ui } from './ui.mjs';

const args = process.argv.slice(2);
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : undefined;
const outDir = path.join(root, 'test-results/e2e');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const readmeShots = args.includes('--readme-shots');
/** User settings: short training runs for the model checks (200 reviews of the shipped corpus, 1 epoch). */
const SETTINGS = readmeShots ? { 'unrolled.readout': 'mean' } : { 'unrolled.epochs': 1, 'unrolled.reviews': 200 };
/** Which check's screenshot becomes which README image (media/screenshots/). */
const README_SHOTS = { hover: 'analyze-hover.png', trained: 'training-dark.png' };

/** Files of the workspace the user opens. */
const WORKSPACE_FILES = {
  'review.txt': 'This movie was wonderful. The acting was superb and the story kept me on the edge of my seat.\n',
};

/** @type {{ name: string, fn: (ui: Ui) => Promise<void>, ms: number }[]} */
const checks = [];
const check = (name, fn, ms = 90_000) => checks.push({ name, fn, ms });

/** "Category: Title" of every contributed command a user can run from the palette right away. */
function paletteCommands() {
  const hidden = new Set((manifest.contributes?.menus?.commandPalette ?? []).filter((m) => m.when).map((m) => m.command));
  return (manifest.contributes?.commands ?? [])
    .filter((c) => !hidden.has(c.command) && !c.enablement)
    .map((c) => (c.category ? `${c.category}: ${c.title}` : c.title));
}

check('the command palette lists every Unrolled command', async (ui) => {
  const expected = paletteCommands();
  if (expected.length === 0) throw new Error('package.json contributes no command to the palette');
  const listed = await ui.paletteLabels('Unrolled:');
  await ui.shot('palette');
  await ui.closePalette();
  const missing = expected.filter((label) => !listed.includes(label));
  if (missing.length > 0) throw new Error(`not in the palette: ${missing.join(', ')} (listed: ${listed.join(', ')})`);
});

const SENTENCE = 'this movie was absolutely amazing and wonderful'; // the Step Through input box's default

check('Open Visualizer shows the Unrolled panel with its views', async (ui) => {
  await ui.runCommand('Unrolled: Open Visualizer');
  await ui.waitForWebview('Unrolled');
  const web = ui.webview();
  await web.locator('h1').first().waitFor({ state: 'visible', timeout: 30_000 });
  const title = await web.locator('h1').first().innerText();
  if (!/Unrolled/.test(title)) throw new Error(`the panel's title is "${title}"`);
  const tabs = await web.locator('[role=tab]').allInnerTexts();
  if (tabs.length < 2) throw new Error(`the panel shows ${tabs.length} view tab(s): ${tabs.join(', ')}`);
  await ui.shot('visualizer');
});

check('Step Through a Sentence draws one column per word of the sentence', async (ui) => {
  await ui.runCommand('Unrolled: Step Through a Sentence');
  const input = ui.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  const value = await input.inputValue();
  if (value !== SENTENCE) throw new Error(`the input box offers "${value}", not the notebook's sentence`);
  await ui.page.keyboard.press('Enter');
  const tokens = ui.webview().locator('svg.net text.token');
  await tokens.nth(SENTENCE.split(' ').length - 1).waitFor({ state: 'attached', timeout: 60_000 });
  const words = await tokens.evaluateAll((ts) => ts.map((t) => (t.firstChild?.textContent ?? '').trim())); // (a <title> follows)
  if (words.join(' ') !== SENTENCE) throw new Error(`the network shows the words [${words.join(', ')}]`);
  const cells = await ui.webview().locator('svg.net rect.cell').count();
  if (cells < words.length) throw new Error(`${cells} hidden-state cells for ${words.length} words`);
  await ui.shot('step-through');
});

check('Train on IMDB ends with the test accuracy in the status bar', async (ui) => {
  await ui.runCommand('Unrolled: Train on IMDB');
  const done = ui.page.locator('.statusbar-item', { hasText: /Unrolled: (test acc|loss)/ });
  await done.first().waitFor({ state: 'visible', timeout: 170_000 });
  const text = await done.first().innerText();
  await ui.shot('trained');
  const acc = /test acc ([\d.]+)%/.exec(text);
  if (!acc) throw new Error(`the status bar says "${text}" after training`);
  if (!(Number(acc[1]) > 0 && Number(acc[1]) <= 100)) throw new Error(`test accuracy ${acc[1]}%`);
}, 180_000);

check('Analyze, then hovering a word shows its hidden state, P(positive) and a link', async (ui) => {
  await ui.openFile('review.txt');
  await ui.runCommand('Unrolled: Analyze Document/Selection with the Trained Model');
  // Analyze shows its run in the visualizer; the user goes back to the document, where decorations
  // now mark the analyzed words
  await ui.waitUntil(() => document.querySelector('iframe.webview') !== null, 'the visualizer', 60_000);
  await ui.page.waitForTimeout(1000);
  await ui.showTab('review.txt');
  // Tinted words are drawn in the editor's overlay layer (a background colour), underlined ones inline.
  await ui.waitUntil(() => document.querySelectorAll('.editor-instance .view-overlays [class*="ced-"], .editor-instance .view-line span[class*="ced-"]').length > 0, 'the analyzed words\' decorations');
  const text = await ui.hoverWord('wonderful');
  await ui.shot('hover');
  for (const want of [/wonderful/, /position \d+ of \d+/, /P\(positive\) if the text ended here: [\d.]+/, /Show in visualizer/]) {
    if (!want.test(text)) throw new Error(`the hover lacks ${want}: "${text}"`);
  }
  const img = ui.page.locator('.monaco-hover-content img[src^="data:image/svg+xml"]');
  if ((await img.count()) === 0) throw new Error('the hover has no heatmap image');
}, 120_000);

/** Waits for the visualizer to show a finished run whose title matches `title`; returns the panel's text. */
async function finishedRun(ui, title, ms = 120_000) {
  // The panel keeps showing the previous run (already "done") until the new one starts, so wait for both
  // the title of this run and its done status.
  const web = ui.webview();
  const deadline = Date.now() + ms;
  let heading = '';
  for (;;) {
    heading = await web.locator('h1').first().innerText({ timeout: 5000 }).catch(() => '');
    const done = await web.locator('header .status.done').count().catch(() => 0);
    if (title.test(heading) && done > 0) break;
    const errors = await ui.errorToasts();
    if (errors.length > 0) throw new Error(`waiting for a finished run ${title}, VS Code showed: ${errors.join(' | ').replace(/\s+/g, ' ')}`);
    if (Date.now() > deadline) throw new Error(`the visualizer shows "${heading}", expected a finished run matching ${title}`);
    await ui.page.waitForTimeout(250);
  }
  return web.locator('body').innerText();
}

check('"Show in visualizer" in the hover selects that word in the unrolled network', async (ui) => {
  await ui.showTab('review.txt');
  await ui.hoverWord('wonderful');
  await ui.page.locator('.monaco-hover-content a', { hasText: 'Show in visualizer' }).first().click();
  const active = ui.webview().locator('svg.net text.token.active');
  await active.first().waitFor({ state: 'attached', timeout: 30_000 });
  const word = await active.first().evaluate((t) => (t.firstChild?.textContent ?? '').trim());
  await ui.shot('show-in-visualizer');
  if (word !== 'wonderful') throw new Error(`the network selected "${word}"`);
});

check('Predict Sentiment classifies the notebook review with the trained model', async (ui) => {
  await ui.runCommand('Unrolled: Predict Sentiment');
  const input = ui.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await ui.page.keyboard.press('Enter');
  const toast = ui.page.locator('.notifications-toasts .notification-toast', { hasText: /Unrolled: (Positive|Negative) \(confidence 0\.\d{4}\)/ });
  await toast.first().waitFor({ state: 'visible', timeout: 60_000 });
  await ui.shot('predict');
});

check('Exploding Gradients shows the gradient norm blow up', async (ui) => {
  await ui.runCommand('Unrolled: Exploding Gradients');
  const text = await finishedRun(ui, /xplod/i);
  const before = /norm before clipping:\s*([-+\d.e]+)/i.exec(text);
  if (!before) throw new Error('the exploding-gradients run shows no gradient norm before clipping');
  if (!(Number(before[1]) > 1e3)) throw new Error(`the gradient norm before clipping is only ${before[1]}`);
  await ui.shot('exploding');
});

check('Vanishing Gradients shows the gradient vanish over the sequence', async (ui) => {
  await ui.runCommand('Unrolled: Vanishing Gradients');
  const text = await finishedRun(ui, /anish/i);
  if (!/vanish/i.test(text)) throw new Error('the vanishing-gradients run does not say the gradient vanishes');
  await ui.shot('vanishing');
});

/**
 * Types a path into VS Code's simple file dialog and accepts it. The dialog refreshes its listing after a
 * change and may put the folder back into the box while it does, so the value is checked (and typed again)
 * before Enter.
 */
async function enterDialogPath(ui, input, file) {
  for (let attempt = 0; attempt < 6; attempt++) {
    await input.fill(file);
    await ui.page.waitForTimeout(500);
    if ((await input.inputValue()) === file) break;
  }
  const value = await input.inputValue();
  if (value !== file) throw new Error(`the file dialog kept ${JSON.stringify(value)} instead of ${JSON.stringify(file)}`);
  await ui.page.keyboard.press('Enter');
}

check('Save Checkpoint writes the model where the save dialog says, Load Checkpoint reads it back', async (ui) => {
  const file = path.join(ui.folder, 'unrolled-model.json');
  await ui.runCommand('Unrolled: Save Checkpoint');
  const input = ui.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await enterDialogPath(ui, input, file);
  await ui.page.locator('.notifications-toasts .notification-toast', { hasText: 'saved the model' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof saved !== 'object' || saved === null) throw new Error(`${file} is not a JSON object`);
  await ui.runCommand('Unrolled: Load Checkpoint');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await enterDialogPath(ui, input, file);
  await ui.page.locator('.notifications-toasts .notification-toast', { hasText: 'loaded unrolled-model.json' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await ui.shot('checkpoint');
});

check('Compare Readouts trains the final and the mean readout side by side', async (ui) => {
  await ui.runCommand('Unrolled: Compare Readouts');
  let text = await finishedRun(ui, /ompare/i, 170_000);
  // The dashboard draws on the next animation frame after the run ends: give it a moment.
  for (let i = 0; i < 40 && !(/final/i.test(text) && /mean/i.test(text)); i++) {
    await ui.page.waitForTimeout(250);
    text = await ui.webview().locator('body').innerText();
  }
  for (const want of [/final/i, /mean/i]) if (!want.test(text)) throw new Error(`the comparison does not mention ${want}`);
  await ui.shot('compare');
}, 180_000);

check('Stop Training appears while training runs and stops it', async (ui) => {
  ui.setWorkspaceSettings({ 'unrolled.epochs': 30 }); // long enough to be stopped by hand
  try {
    await ui.page.waitForTimeout(4000); // VS Code picks the settings file up
    const running = ui.page.locator('.statusbar-item', { hasText: /Unrolled: epoch \d+\/30/ });
    // If VS Code had not yet read the new settings file, the run trains the suite's short default and ends:
    // start it again (the second run reads 30 epochs).
    for (let attempt = 1; ; attempt++) {
      await ui.runCommand('Unrolled: Train on IMDB');
      const seen = await running.first().waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
      if (seen) break;
      if (attempt === 3) throw new Error('the status bar never showed a 30-epoch training run');
      await ui.page.waitForTimeout(3000);
    }
    await ui.runCommand('Unrolled: Stop Training');
    const stopped = ui.page.locator('.statusbar-item', { hasText: /Unrolled: stopped at epoch \d+/ });
    await stopped.first().waitFor({ state: 'visible', timeout: 10_000 });
    await ui.shot('stopped');
  } finally {
    ui.setWorkspaceSettings({});
  }
}, 120_000);

check('after a window reload the visualizer shows the same run again, and the trained model still answers', async (ui) => {
  await ui.runCommand('Unrolled: Train on IMDB');
  // (the text of a finished Train run; Compare's says "vs", a stopped run "stopped")
  await ui.page.locator('.statusbar-item', { hasText: /Unrolled: test acc [\d.]+% · readout/ }).first().waitFor({ state: 'visible', timeout: 120_000 });
  await ui.runCommand('Unrolled: Vanishing Gradients');
  await finishedRun(ui, /vanish/i);
  const web = ui.webview();
  // The student pins a cell, then moves on to the training view before the reload: both must survive.
  await web.locator('.scroller').first().focus(); // the keyboard way: Enter pins the cell at the playhead
  await ui.page.keyboard.press('Enter');
  await web.locator('.inspector button', { hasText: 'Unpin' }).first().waitFor({ state: 'attached', timeout: 10_000 });
  await web.locator('[role=tab]', { hasText: /train/i }).first().click();
  const before = await panelSummary(ui);
  // Focus leaves the panel first (Escape, which opening the palette presses, would unpin the cell there).
  await ui.page.locator('.part.sidebar .title').first().click();
  await reloadWindow(ui);
  await ui.waitForWebview('Unrolled');
  let after = '';
  for (let i = 0; i < 120; i++) {
    after = await panelSummary(ui).catch(() => '');
    if (after === before) break;
    await ui.page.waitForTimeout(250);
  }
  await ui.shot('reloaded');
  if (after !== before) throw new Error(`after the reload the panel shows ${after || 'nothing'}; before it showed ${before}`);

  // The panel closed, then a reload (as after a restart): Open Visualizer brings the last run back.
  // (a closed panel's view and pin are gone with it: the run itself comes back)
  const run = (summary) => { const { heading, status, words } = JSON.parse(summary); return JSON.stringify({ heading, status, words }); };
  await ui.runCommand('View: Close All Editors');
  await ui.page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 });
  await reloadWindow(ui);
  await ui.runCommand('Unrolled: Open Visualizer');
  await ui.waitForWebview('Unrolled');
  let reopened = '';
  for (let i = 0; i < 120; i++) {
    reopened = await panelSummary(ui).then(run, () => '');
    if (reopened === run(before)) break;
    await ui.page.waitForTimeout(250);
  }
  await ui.shot('reopened');
  if (reopened !== run(before)) throw new Error(`Open Visualizer after a reload shows ${reopened || 'nothing'}; before it showed ${run(before)}`);

  // The model trained before the reloads still answers (kept in the extension's storage).
  await ui.runCommand('Unrolled: Predict Sentiment');
  await ui.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 30_000 });
  await ui.page.keyboard.press('Enter');
  const answer = ui.page.locator('.notifications-toasts .notification-toast', { hasText: /Unrolled: (Positive|Negative) \(confidence 0\.\d{4}\)/ });
  await answer.first().waitFor({ state: 'visible', timeout: 60_000 }).catch(async () => {
    throw new Error(`Predict after the reload did not answer; VS Code showed: ${(await ui.errorToasts()).join(' | ') || 'nothing'}`);
  });
}, 240_000);

/** Reloads the window as a user does: the command, which lets VS Code save its state first (a bare page
 * reload does not wait for that, and VS Code then restores no editors at all). */
async function reloadWindow(ui) {
  await ui.runCommand('Developer: Reload Window');
  await ui.page.waitForLoadState('domcontentloaded');
  await ui.page.waitForTimeout(2000);
  await ui.waitForWorkbench();
}

/** What identifies the panel's content: its heading, the run's status, the selected view and the words drawn. */
async function panelSummary(ui) {
  const web = ui.webview();
  const heading = await web.locator('h1').first().innerText({ timeout: 5000 });
  const status = await web.locator('header .status').first().innerText({ timeout: 5000 });
  const tab = await web.locator('[role=tab][aria-selected=true]').first().innerText({ timeout: 5000 });
  const words = await web.locator('svg.net text.token').evaluateAll((ts) => ts.map((t) => (t.firstChild?.textContent ?? '').trim()).join(' '));
  const pinned = await web.locator('.inspector').first().evaluate((i) => (i.querySelector('button')?.textContent === 'Unpin' ? i.querySelector('h2')?.textContent ?? '' : 'nothing pinned'));
  return JSON.stringify({ heading, status, tab, words, pinned });
}

async function main() {
  const t0 = Date.now();
  ensureInstalled();
  if (!args.includes('--no-build')) buildExtension();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const folder = makeWorkspace(WORKSPACE_FILES);
  const [server, browser] = await Promise.all([startCodeServer({ folder, settings: SETTINGS }), launchChromium()]);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const ui = new Ui(page, outDir);
  ui.folder = folder;
  ui.setWorkspaceSettings = (extra) => {
    mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(extra, null, 2));
  };
  await page.goto(workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: root }));
  await ui.waitForWorkbench();
  console.log(`e2e: workbench ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  let passed = 0, failed = 0;
  for (const c of checks.filter((c) => !grep || c.name.includes(grep))) {
    const t = Date.now();
    ui.prefix = String(passed + failed + 1).padStart(2, '0');
    try {
      let timer;
      await Promise.race([c.fn(ui), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${c.ms} ms`)), c.ms); })])
        .finally(() => clearTimeout(timer));
      passed++;
      console.log(`  ok   ${c.name} (${Date.now() - t} ms)`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${c.name} (${Date.now() - t} ms)\n       ${String(e?.message ?? e).split('\n').join('\n       ')}`);
      await ui.shot('FAILED').catch(() => {});
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
  await browser.close().catch(() => {});
  server.stop();
  if (passed + failed === 0) { console.log('  FAIL no check ran'); failed = 1; }
  if (readmeShots) {
    if (failed > 0) console.log('e2e: README screenshots (hover, training) NOT updated (a check failed)');
    else {
      for (const [shot, name] of Object.entries(README_SHOTS)) {
        const from = ui.shots.get(shot);
        if (!from) { console.log(`  FAIL no "${shot}" screenshot was taken for media/screenshots/${name}`); failed++; continue; }
        const to = path.join(root, 'media', 'screenshots', name);
        copyFileSync(from, `${to}.tmp`);
        renameSync(`${to}.tmp`, to);
        console.log(`e2e: media/screenshots/${name} ← ${path.relative(root, from)}`);
      }
    }
  }
  console.log(`e2e: screenshots in ${path.relative(root, outDir)}/, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`RESULT ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`e2e runner failed: ${e?.stack ?? e}`);
  console.log('RESULT 0 passed, 1 failed');
  process.exit(1);
});
