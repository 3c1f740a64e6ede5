// `npm start`: install what is missing (scripts/setup.sh --no-browser: Debian build headers, the npm
// packages, code-server), build, then run VS Code with Unrolled loaded from this repo. Works as the first
// command on a new clone; a step that fails prints one line saying what failed and what to run.
// - With a desktop VS Code on PATH (`code`): opens it with --extensionDevelopmentPath and returns.
// - Otherwise (or with --code-server): code-server 4.100.3 on 127.0.0.1 (installed by scripts/setup.sh
//   when missing), prints the URL to open in a browser, and keeps running until Ctrl-C.
// Usage: npm start [-- [FOLDER] [--port N] [--code-server]]. FOLDER defaults to a sample folder in the cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { cacheDir, codeServerDir, freePort, root, startCodeServer, workbenchUrl } from './code-server.mjs';

const args = process.argv.slice(2);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;
const folderArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--port');

/** A small folder to open when none is given: one review to Analyze and hover. */
function sampleFolder() {
  const dir = path.join(cacheDir, 'start', 'workspace');
  mkdirSync(dir, { recursive: true });
  const review = path.join(dir, 'review.txt');
  if (!existsSync(review)) {
    writeFileSync(review, 'This movie was wonderful. The acting was superb and the story kept me on the edge of my seat,\n'
      + 'although the ending felt rushed and a little predictable.\n');
  }
  return dir;
}

const isFree = (port) => new Promise((resolve) => {
  const srv = createServer().once('error', () => resolve(false));
  srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
});

/** A failed step: its one line, already said; `exit` stops without a stack trace. */
class StepFailed extends Error {}

/** Runs scripts/setup.sh (idempotent: about 2 s when all is installed), its progress lines passed through. */
function setup() {
  console.log('[start] checking what is installed (scripts/setup.sh; the first run installs npm packages and code-server, a few minutes)');
  const r = spawnSync('bash', [path.join(root, 'scripts/setup.sh'), '--no-browser'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new StepFailed('[start] installing failed (the [setup] ERROR line above says what); fix that, then run "npm start" again');
}

/** Builds dist/ with esbuild.config.mjs; on failure prints its first error line and how to see the rest. */
function build() {
  console.log('[start] building the extension (node esbuild.config.mjs)');
  const r = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    const first = `${r.stderr}\n${r.stdout}`.split('\n').find((l) => /error/i.test(l)) ?? 'see its output';
    throw new StepFailed(`[start] the build failed: ${first.trim()} (run "node esbuild.config.mjs" to see it all)`);
  }
}

async function main() {
  const folder = path.resolve(folderArg ?? sampleFolder());
  if (!existsSync(folder)) throw new StepFailed(`[start] folder not found: ${folder}`);
  const code = args.includes('--code-server') ? null : spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
  setup();
  build();

  if (code && !code.includes(codeServerDir)) {
    console.log(`[start] opening VS Code (${code}) with Unrolled from ${root}`);
    const r = spawnSync(code, ['--extensionDevelopmentPath', root, folder], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }

  const port = portArg ?? ((await isFree(8080)) ? 8080 : await freePort());
  const userDataDir = path.join(cacheDir, 'start', 'user-data');
  const extensionsDir = path.join(cacheDir, 'start', 'extensions');
  const server = await startCodeServer({ folder, port, userDataDir, extensionsDir });
  const url = workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: root });
  console.log(`\n[start] VS Code (code-server 4.100.3) with Unrolled is running. Open this URL in a browser:\n\n  ${url}\n`);
  console.log('[start] Then press F1 and type "Unrolled:". Stop with Ctrl-C.');
  const code_ = await server.exited;
  console.error(`[start] code-server exited (code ${code_}); its log:\n${server.log().split('\n').slice(-30).join('\n')}`);
  process.exit(1);
}

main().catch((e) => {
  console.error(e instanceof StepFailed ? e.message : `[start] ${String(e?.message ?? e).split('\n')[0]}`);
  process.exit(1);
});
