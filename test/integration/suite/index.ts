// Entry point of the integration suite inside the VS Code extension host (code-server or Electron).
// VS Code calls run() because the runner passes this bundle as extensionTestsPath; run() loads every
// bundled *.vscode.test.js beside it into mocha, runs them, writes the verdict to result.json beside it
// and rejects on any failure. The runner reads result.json: it is the channel that works in both hosts
// (measured: in code-server the log says "Extension Host Process exited with code: 0" even when run()
// rejects; with @vscode/test-electron a rejection is documented to give a non-zero exit, untested here).
// See test/integration/run.mjs for how to add a test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** What the runner reads back from result.json. */
export interface SuiteResult {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed'; ms: number; error?: string }[];
  /** Set when the suite could not run at all (e.g. a test file threw while loading). */
  crash?: string;
}

/** Options the runner writes to config.json beside this bundle (the host's environment is not ours). */
interface SuiteConfig {
  grep?: string;
  timeoutMs?: number;
}

export async function run(): Promise<void> {
  const dir = __dirname;
  const resultFile = path.join(dir, 'result.json');
  const result: SuiteResult = { passed: 0, failed: 0, tests: [] };
  const write = (): void => fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  try {
    const configFile = path.join(dir, 'config.json');
    const config: SuiteConfig = fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : {};
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: config.timeoutMs ?? 30_000, reporter: 'spec' });
    if (config.grep) mocha.grep(config.grep);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.vscode.test.js')).sort();
    if (files.length === 0) throw new Error(`no *.vscode.test.js in ${dir}`);
    for (const f of files) mocha.addFile(path.join(dir, f));
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => {
        result.passed++;
        result.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 });
      });
      runner.on('fail', (t, err: Error) => {
        result.failed++;
        result.tests.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error: String(err?.stack ?? err) });
      });
    });
  } catch (e) {
    result.crash = String((e as Error)?.stack ?? e);
  }
  write();
  if (result.crash) throw new Error(`integration suite crashed: ${result.crash}`);
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
