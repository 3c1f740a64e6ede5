// `npm run test:electron`: the integration suite (test/integration/suite) in VS Code desktop 1.100.3 via
// @vscode/test-electron, for machines that can download VS Code (this project's machines cannot: then it
// says so clearly and exits 1). `npm test` runs the same suite in code-server instead (run.mjs).
// Needs a display on Linux: run under `xvfb-run -a npm run test:electron` when there is none.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildExtension, makeWorkspace, onExit, root } from '../../scripts/code-server.mjs';
import { WORKSPACE_FILES, bundleSuite } from './suite-bundle.mjs';

const VSCODE_VERSION = '1.100.3';

async function main() {
  buildExtension();
  const { outdir } = await bundleSuite({});
  onExit(() => rmSync(outdir, { recursive: true, force: true }));
  const folder = makeWorkspace(WORKSPACE_FILES);
  let status = 0;
  try {
    status = await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outdir, 'index.js'),
      launchArgs: [folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (e) {
    const msg = String(e?.message ?? e);
    const resultFile = path.join(outdir, 'result.json');
    if (!existsSync(resultFile) && /download|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|fetch|socket|certificate/i.test(msg)) {
      console.error(`test:electron: could not download VS Code ${VSCODE_VERSION} (${msg.split('\n')[0]}).`);
      console.error('This machine cannot reach the VS Code download servers; `npm test` runs the same suite in code-server instead.');
      console.log('RESULT 0 passed, 1 failed');
      process.exit(1);
    }
    if (!existsSync(resultFile)) throw e;
    status = 1;
  }
  const resultFile = path.join(outdir, 'result.json');
  if (!existsSync(resultFile)) throw new Error(`VS Code exited with ${status} and the suite left no verdict`);
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  for (const t of result.tests) {
    console.log(`  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title} (${t.ms} ms)`);
    if (t.error) console.log(t.error.split('\n').map((l) => `       ${l}`).join('\n'));
  }
  if (result.crash) console.log(`  CRASH ${result.crash}`);
  const failed = result.failed + (result.crash ? 1 : 0) + (status !== 0 && result.failed === 0 ? 1 : 0);
  console.log(`RESULT ${result.passed} passed, ${failed} failed`);
  process.exit(failed === 0 && result.passed > 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`test:electron failed: ${e?.stack ?? e}`);
  console.log('RESULT 0 passed, 1 failed');
  process.exit(1);
});
