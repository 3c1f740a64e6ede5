// `npm test`: installs what the tests need (scripts/setup.sh), type-checks, lints, builds, then runs every test
// layer in order and closes with one line `N passed, N failed` (counts per layer just above it).
// Layers: unit (mocha), then whichever exist of test/browser/run.mjs (webview in Chromium),
// test/integration/run.mjs (extension in code-server), test/e2e/run.mjs (code-server UI as a user) and
// test/e2e/lesson.mjs (the shipped lesson run as a student).
// A layer reports its counts with a line `RESULT <n> passed, <m> failed` (the last one wins) or mocha's
// summary. A layer that exits non-zero with no failure counted, or that runs no test, counts as failed;
// any failure makes the run exit 1.
// `npm test -- --only browser,integration` runs just those layers (after setup, typecheck, lint and build).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** Runs a command with its output passed through live, and returns its exit status and stdout. */
function run(title, cmd, args) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.on('error', (e) => { console.error(`${cmd}: ${e.message}`); resolve({ ok: false, out }); });
    child.on('close', (code) => resolve({ ok: code === 0, out }));
  });
}

/** Counts from the last `RESULT <n> passed, <m> failed` line, or else from mocha's summary. */
function counts(out) {
  const results = [...out.matchAll(/RESULT (\d+) passed, (\d+) failed/g)];
  if (results.length > 0) { const m = results[results.length - 1]; return { passed: +m[1], failed: +m[2] }; }
  const p = /(\d+) passing/.exec(out);
  const f = /(\d+) failing/.exec(out);
  return { passed: p ? +p[1] : 0, failed: f ? +f[1] : 0 };
}

function finish(summary, passed, failed) {
  console.log(`\n${summary.join('\n')}\ntotal time ${secs(t0)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

const summary = [];
const setup = await run('setup', 'bash', ['scripts/setup.sh']);
if (!setup.ok) { console.error('setup failed: see the lines above'); finish(['setup: failed'], 0, 1); }

// A cold run (.ci/run sets UNROLLED_CI_HOME to its throwaway HOME): every cache a layer can read must lie in
// that folder, or a cache left on the machine could make the run pass where a new machine fails.
if (process.env.UNROLLED_CI_HOME) {
  const inside = (p) => { const rel = path.relative(path.resolve(process.env.UNROLLED_CI_HOME), path.resolve(p)); return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel); };
  const npmCache = (await run('npm cache folder', 'npm', ['config', 'get', 'cache'])).out.trim();
  const { cacheDir, codeServerDir } = await import('./code-server.mjs');
  const csUsed = setup.out.trim().split('\n').pop() ?? '';
  const outside = Object.entries({ 'npm cache': npmCache, 'Unrolled cache (code-server)': cacheDir, 'code-server used by the layers': codeServerDir, 'code-server installed by setup': csUsed })
    .filter(([, p]) => !inside(p));
  if (outside.length > 0) {
    for (const [what, p] of outside) console.error(`cold run: ${what} is ${p}, outside the throwaway folder ${process.env.UNROLLED_CI_HOME}`);
    finish(['cold-run check: failed'], 0, 1);
  }
  console.log(`cold run: npm cache, code-server and the Unrolled cache are all inside ${process.env.UNROLLED_CI_HOME}`);
}

for (const [title, cmd, args] of [
  ['typecheck', 'npx', ['tsc', '-p', '.']],
  ['typecheck webview', 'npx', ['tsc', '-p', 'webview']],
  // typescript-eslint and the house layout (eslint.config.mjs); a lint or layout error fails the run before any layer.
  ['lint', 'npx', ['eslint', '.']],
  ['build', 'node', ['esbuild.config.mjs']],
]) {
  if (!(await run(title, cmd, args)).ok) { console.error(`${title} failed`); finish([`${title}: failed`], 0, 1); }
}

const layers = [{ name: 'unit', cmd: 'npx', args: ['mocha'] }];
for (const [name, file, args] of [
  ['browser', 'test/browser/run.mjs', []],
  ['browser-lesson', 'test/browser/lesson.mjs', []],
  ['browser-what-if', 'test/browser/what-if.mjs', []],
  ['browser-cells', 'test/browser/cells.mjs', []],
  ['browser-classroom', 'test/browser/classroom.mjs', []],
  ['browser-classroom-panel', 'test/browser/classroom-panel.mjs', []],
  ['integration', 'test/integration/run.mjs', ['--no-build', '--timeout', '1200']],
  ['e2e', 'test/e2e/run.mjs', ['--no-build']],
  // The shipped lesson as a student runs it (issue 17): palette, Run All, renderer outputs, a question, save.
  ['e2e-lesson', 'test/e2e/lesson.mjs', ['--no-build']],
]) {
  if (existsSync(file)) layers.push({ name, cmd: 'node', args: [file, ...args] });
}

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1]?.split(',') ?? [] : null;
if (only && !only.every((n) => layers.some((l) => l.name === n))) {
  console.error(`--only: unknown layer in ${only.join(',')} (layers: ${layers.map((l) => l.name).join(', ')})`);
  finish(['--only: unknown layer'], 0, 1);
}

let passed = 0, failed = 0;
for (const layer of layers.filter((l) => !only || only.includes(l.name))) {
  const t = Date.now();
  const r = await run(`layer ${layer.name}`, layer.cmd, layer.args);
  const c = counts(r.out);
  let note = '';
  if (!r.ok && c.failed === 0) { c.failed = 1; note = ' (exited non-zero)'; }
  if (r.ok && c.passed + c.failed === 0) { c.failed = 1; note = ' (ran no test)'; }
  passed += c.passed; failed += c.failed;
  summary.push(`${layer.name}: ${c.passed} passed, ${c.failed} failed${note} in ${secs(t)}`);
}
finish(summary, passed, failed);
