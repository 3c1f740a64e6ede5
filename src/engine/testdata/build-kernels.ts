/** Test helper: compiles the wasm kernels when the .wasm is missing or older than any assembly/ source. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const KERNEL_WASM = path.join(ROOT, 'build', 'kernels', 'rnn-kernels.wasm');

export function ensureKernelsBuilt(): void {
  const dir = path.join(ROOT, 'assembly');
  const sources = readdirSync(dir).map((f) => path.join(dir, f));
  if (existsSync(KERNEL_WASM) && sources.every((f) => statSync(KERNEL_WASM).mtimeMs >= statSync(f).mtimeMs)) return;
  execFileSync('npm', ['run', '--silent', 'build:kernels'], { cwd: ROOT, stdio: 'inherit' });
}
