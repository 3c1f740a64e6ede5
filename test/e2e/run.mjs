// End to end as a user: Playwright drives code-server's UI (VS Code 1.100.3 in headless Chromium) with the
// extension loaded from this repo: command palette, Unrolled commands, the webview panel, editor hovers.
// Each check gets a screenshot in test-results/e2e/ (pass or fail). Prints `RESULT <n> passed, <m> failed`.
// Run alone: `node test/e2e/run.mjs [--no-build] [--grep TEXT]` (`npm run test:e2e`).
// Adding a check: `check('what the user sees', async (ui) => { ... })` below; helpers are in ui.mjs.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  buildExtension, ensureInstalled, launchChromium, makeWorkspace, root, startCodeServer, workbenchUrl,
} from '../../scripts/code-server.mjs';
import { Ui } from './ui.mjs';

const args = process.argv.slice(2);
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : undefined;
const outDir = path.join(root, 'test-results/e2e');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

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

async function main() {
  const t0 = Date.now();
  ensureInstalled();
  if (!args.includes('--no-build')) buildExtension();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const folder = makeWorkspace(WORKSPACE_FILES);
  const [server, browser] = await Promise.all([startCodeServer({ folder }), launchChromium()]);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const ui = new Ui(page, outDir);
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
  console.log(`e2e: screenshots in ${path.relative(root, outDir)}/, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`RESULT ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`e2e runner failed: ${e?.stack ?? e}`);
  console.log('RESULT 0 passed, 1 failed');
  process.exit(1);
});
