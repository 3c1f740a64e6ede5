// Browser test layer (`npm test` runs it after the build): the built webview in headless Chromium, fed the
// event streams of every demo. Asserts what is drawn, hover/pin values, controls, predict, export, state,
// focus-step and the frame rate; writes screenshots of every view in light, dark and high-contrast themes
// to test-results/screenshots/. Prints "RESULT <n> passed, <m> failed"; exits 1 on any failure.
// The suites are suite-*.mjs (shared helpers in harness.mjs); a name filter runs only the tests it matches.
import path from 'node:path';
import { launch } from './page.mjs';
import { stream } from './streams.mjs';
import { SHOTS, tests, setBrowser } from './harness.mjs';
import './suite-network.mjs';
import './suite-training.mjs';
import './suite-predict.mjs';
import './suite-panel.mjs';

const only = process.argv.slice(2);

// ---------------------------------------------------------------------------------------------- runner
let passed = 0, failed = 0;
let browser;
try {
  browser = await launch();
  setBrowser(browser);
} catch (e) {
  console.error(`cannot start chromium: ${e.message}`);
  console.log('RESULT 0 passed, 1 failed');
  process.exit(1);
}
for (const d of ['step', 'train', 'compare', 'explode', 'vanish', 'predict-final']) console.log(`stream ${d}: ${stream(d).source}`);
for (const t of tests) {
  if (only.length && !only.some((o) => t.name.includes(o))) continue;
  const t0 = Date.now();
  try {
    await t.fn();
    passed++;
    console.log(`  ✔ ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`  ✘ ${t.name}\n      ${String(e.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
  }
}
await browser.close();
console.log(`RESULT ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
