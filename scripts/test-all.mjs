// `npm test`: installs what the tests need (scripts/setup.sh), then runs every test layer in order and
// prints one closing line with the counts. Any failing layer makes the whole run fail.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function run(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  return { ok: r.status === 0, out: r.stdout ?? '' };
}

/** Each layer reports counts through a line "RESULT <passed> passed, <failed> failed" or mocha's summary. */
function counts(out) {
  const m = /RESULT (\d+) passed, (\d+) failed/.exec(out);
  if (m) return { passed: +m[1], failed: +m[2] };
  const p = /(\d+) passing/.exec(out);
  const f = /(\d+) failing/.exec(out);
  return { passed: p ? +p[1] : 0, failed: f ? +f[1] : 0 };
}

const setup = run('setup', 'bash', ['scripts/setup.sh']);
if (!setup.ok) { console.error('setup failed: see the lines above'); process.exit(1); }

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', '.']],
  ['typecheck webview', 'npx', ['tsc', '-p', 'webview']],
  ['build', 'node', ['esbuild.config.mjs']],
];
for (const [title, cmd, args] of steps) {
  if (!run(title, cmd, args).ok) { console.error(`${title} failed`); console.log('0 passed, 1 failed'); process.exit(1); }
}

const layers = [
  { name: 'unit', cmd: 'npx', args: ['mocha'] },
];
for (const extra of ['test/browser/run.mjs', 'test/integration/run.mjs', 'test/e2e/run.mjs']) {
  if (existsSync(extra)) layers.push({ name: extra.split('/')[1], cmd: 'node', args: [extra] });
}

let passed = 0, failed = 0;
const summary = [];
for (const layer of layers) {
  const r = run(`layer ${layer.name}`, layer.cmd, layer.args);
  const c = counts(r.out);
  if (!r.ok && c.failed === 0) c.failed = 1; // a crash counts as a failure
  if (r.ok && c.passed === 0) { c.failed += 1; console.error(`layer ${layer.name} ran no test`); }
  passed += c.passed; failed += c.failed;
  summary.push(`${layer.name}: ${c.passed} passed, ${c.failed} failed`);
}
console.log('\n' + summary.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
