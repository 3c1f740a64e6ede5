// Integration tests inside a real VS Code: code-server 4.100.3 (VS Code 1.100.3) opened in headless Chromium.
//
// ADDING A TEST: create test/integration/suite/<topic>.vscode.test.ts with mocha `describe`/`it` (globals)
// and `import * as vscode from 'vscode'`. That is all: every *.vscode.test.ts in that folder is bundled
// (esbuild; `vscode` and `mocha` stay external) and run by suite/index.ts inside the extension host, in a
// window whose workspace is a fresh temp folder holding the files in WORKSPACE_FILES (suite-bundle.mjs).
// Run alone: `node test/integration/run.mjs [--grep TEXT] [--timeout SECONDS] [--no-build] [--extension DIR] [--keep] [--verbose]`.
// The same suite runs in VS Code desktop with `npm run test:electron` (test/integration/electron.mjs).
//
// How the verdict gets back: suite/index.ts writes result.json beside the bundle; this runner waits for it
// (or for the extension host to exit, or a timeout), prints each test, then `RESULT <n> passed, <m> failed`,
// and exits non-zero on any failure, crash, zero tests or timeout. code-server and Chromium are always killed.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  buildExtension, ensureInstalled, launchChromium, makeWorkspace, onExit, root, startCodeServer, workbenchUrl,
} from '../../scripts/code-server.mjs';
import { WORKSPACE_FILES, bundleSuite } from './suite-bundle.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const timeoutMs = Number(opt('--timeout', '600')) * 1000;
const extensionDir = path.resolve(opt('--extension', root));
const grep = opt('--grep', undefined);

function report(result, extra) {
  for (const t of result.tests) {
    console.log(`  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title} (${t.ms} ms)`);
    if (t.error) console.log(t.error.split('\n').map((l) => `       ${l}`).join('\n'));
  }
  if (result.crash) console.log(`  CRASH ${result.crash}`);
  let failed = result.failed + (result.crash ? 1 : 0) + extra.length;
  for (const e of extra) console.log(`  FAIL ${e}`);
  if (result.passed + failed === 0) { console.log('  FAIL the suite ran no test'); failed = 1; }
  console.log(`RESULT ${result.passed} passed, ${failed} failed`);
  return failed === 0;
}

async function main() {
  const t0 = Date.now();
  ensureInstalled();
  if (!args.includes('--no-build')) buildExtension();
  const { outdir, tests } = await bundleSuite({ grep });
  if (!args.includes('--keep')) onExit(() => rmSync(outdir, { recursive: true, force: true }));
  console.log(`integration: ${tests.length} test file(s): ${tests.join(', ')}`);
  const folder = makeWorkspace(WORKSPACE_FILES);
  const [server, browser] = await Promise.all([startCodeServer({ folder }), launchChromium()]);
  const page = await browser.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  const url = workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: extensionDir, extensionTestsPath: path.join(outdir, 'index.js') });
  await page.goto(url);
  console.log(`integration: code-server ${server.url} opened in Chromium (${Date.now() - t0} ms)`);

  // Done when result.json appears, or the extension host exits, or the time is up.
  const resultFile = path.join(outdir, 'result.json');
  const exitRe = /Extension Host Process exited with code: (-?\d+|null)/;
  const deadline = Date.now() + timeoutMs;
  let hostExit;
  while (Date.now() < deadline && !existsSync(resultFile)) {
    const m = exitRe.exec(server.log());
    if (m) { hostExit = m[1]; break; }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (existsSync(resultFile) && hostExit === undefined) {
    await server.waitForLog(exitRe, 10_000).then((m) => { hostExit = m[1]; }, () => { /* reported below */ });
  }
  await browser.close().catch(() => {});
  server.stop();

  const extra = [];
  let result = { passed: 0, failed: 0, tests: [] };
  if (existsSync(resultFile)) {
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
    const expectedExit = result.failed === 0 && !result.crash ? '0' : undefined;
    if (expectedExit && hostExit !== undefined && hostExit !== expectedExit) extra.push(`the extension host exited with code ${hostExit} after a passing suite`);
  } else if (hostExit !== undefined) {
    extra.push(`the extension host exited (code ${hostExit}) without a verdict from the suite`);
  } else {
    extra.push(`no verdict after ${timeoutMs / 1000} s (timeout)`);
  }
  const ok = report(result, extra);
  if (!ok || args.includes('--verbose')) {
    console.log('--- code-server log (tail) ---\n' + server.log().split('\n').slice(-40).join('\n'));
    console.log('--- browser console (extension host output is forwarded here; tail) ---\n' + consoleLines.slice(-60).join('\n'));
  }
  console.log(`integration: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(`integration runner failed: ${e?.stack ?? e}`);
  console.log('RESULT 0 passed, 1 failed');
  process.exit(1);
});
