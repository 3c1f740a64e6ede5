// Starting a real VS Code (code-server 4.100.3, installed by scripts/setup.sh) and a headless Chromium,
// shared by the integration runner, the end-to-end runner and `npm start`. Every process started here is
// killed on exit (normal end, exception, Ctrl-C, SIGTERM).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const CS_VERSION = '4.100.3';
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const cacheDir = process.env.UNROLLED_CACHE || path.join(os.homedir(), '.cache', 'unrolled');
export const codeServerDir = path.join(cacheDir, `code-server-${CS_VERSION}`);
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Runs scripts/setup.sh when code-server or chromium is missing (it is idempotent, so this is only a shortcut). */
export function ensureInstalled() {
  if (existsSync(path.join(codeServerDir, '.unrolled-setup-done')) && existsSync(CHROMIUM)) return;
  console.log('code-server or chromium missing: running scripts/setup.sh');
  const r = spawnSync('bash', [path.join(root, 'scripts/setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/setup.sh failed (see above)');
}

/** Builds dist/ (extension, worker, CLI, webview) with esbuild.config.mjs; throws when the build fails. */
export function buildExtension() {
  const r = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

const cleanups = new Set();
let hooked = false;
/** Registers fn to run once at process exit or on a fatal signal; returns a function that runs it now. */
export function onExit(fn) {
  if (!hooked) {
    hooked = true;
    const runAll = () => { for (const f of [...cleanups]) { cleanups.delete(f); try { f(); } catch { /* already gone */ } } };
    process.on('exit', runAll);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { runAll(); process.exit(130); });
  }
  let done = false;
  const once = () => { if (!done) { done = true; cleanups.delete(once); fn(); } };
  cleanups.add(once);
  return once;
}

/** Kills a detached child and its whole process group (code-server forks the extension host and pty host). */
function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch { /* gone */ } }
}

/**
 * Starts code-server on 127.0.0.1 with fresh user-data and extensions folders (unless given).
 * @param {{ folder: string, port?: number, userDataDir?: string, extensionsDir?: string,
 *           settings?: Record<string, unknown>, echo?: boolean, keepDirs?: boolean }} opts
 * @returns {Promise<{ url: string, port: number, userDataDir: string, settings: Record<string, unknown>, log: () => string,
 *           waitForLog: (re: RegExp, ms: number) => Promise<RegExpExecArray>, exited: Promise<number|null>, stop: () => void }>}
 */
export async function startCodeServer(opts) {
  const entry = path.join(codeServerDir, 'out/node/entry.js');
  if (!existsSync(entry)) throw new Error(`code-server is not installed at ${codeServerDir}: run bash scripts/setup.sh`);
  const port = opts.port ?? await freePort();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'unrolled-cs-'));
  const userDataDir = opts.userDataDir ?? path.join(tmp, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(tmp, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    ...opts.settings,
  };
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const config = path.join(tmp, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [entry, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', opts.folder];
  // An empty gallery disables the marketplace: no request leaves the machine (there is no network here).
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}' };
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let text = '';
  const waiters = [];
  const onData = (d) => {
    const s = d.toString();
    text += s;
    if (opts.echo) process.stdout.write(s);
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code) => { for (const w of [...waiters]) w(); resolve(code); }));
  const stop = onExit(() => {
    killGroup(child);
    if (!opts.keepDirs) rmSync(tmp, { recursive: true, force: true });
  });
  const waitForLog = (re, ms) => new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(text);
      if (m) { done(); resolve(m); return; }
      if (child.exitCode !== null) { done(); reject(new Error(`code-server exited (code ${child.exitCode}) before ${re}; its log:\n${text}`)); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${ms} ms waiting for ${re} in the code-server log:\n${text}`)); }, ms);
    const done = () => { clearTimeout(timer); const i = waiters.indexOf(check); if (i >= 0) waiters.splice(i, 1); };
    waiters.push(check);
    check();
  });
  await waitForLog(/HTTP server listening on/, 30_000);
  return { url: `http://127.0.0.1:${port}/`, port, userDataDir, settings, log: () => text, waitForLog, exited, stop };
}

/**
 * The URL that opens `folder` and runs an extension from source (extensionDevelopmentPath), optionally
 * with a tests module whose run() executes inside the real Node extension host (extensionTestsPath).
 * @param {{ port: number, folder: string, extensionDevelopmentPath: string, extensionTestsPath?: string }} o
 */
export function workbenchUrl(o) {
  const remote = (p) => `vscode-remote://127.0.0.1:${o.port}${path.resolve(p)}`;
  const payload = [['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]];
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
  return `http://127.0.0.1:${o.port}/?folder=${encodeURIComponent(path.resolve(o.folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headless Chromium (Debian package) driven by playwright-core; closed at exit. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/setup.sh`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const pid = browser.process?.()?.pid;
  onExit(() => { if (pid) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } } });
  return browser;
}

/** A temporary workspace folder holding `files` ({relative path: text}); removed at exit. */
export function makeWorkspace(files = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'unrolled-ws-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  onExit(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
