// Browser test layer (`npm test` runs it after the build): the built webview in headless Chromium, fed the
// event streams of every demo. Asserts what is drawn, hover/pin values, controls, predict, export, state,
// focus-step and the frame rate; writes screenshots of every view in light, dark and high-contrast themes
// to test-results/screenshots/. Prints "RESULT <n> passed, <m> failed"; exits 1 on any failure.
// The suites are suite-*.mjs (shared helpers in harness.mjs); a name filter runs only the tests it matches.
import path from 'node:path';
import { runSuite } from './page.mjs';
import { stream } from './streams.mjs';
import { SHOTS, tests, setBrowser } from './harness.mjs';
import './suite-network.mjs';
import './suite-training.mjs';
import './suite-predict.mjs';
import './suite-panel.mjs';

await runSuite(tests, {
  started: (b) => {
    setBrowser(b);
    for (const d of ['step', 'train', 'compare', 'explode', 'vanish', 'predict-final']) console.log(`stream ${d}: ${stream(d).source}`);
  },
});
