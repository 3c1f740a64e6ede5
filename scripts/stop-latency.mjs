// Stop latency of `unrolled train` (issue 16 case 8): Ctrl-C (SIGINT) once training has started, then the
// time until the process has exited. Usage: node scripts/stop-latency.mjs [hidden ...] (needs dist/: npm run build)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const sizes = process.argv.slice(2).map(Number);
for (const hidden of sizes.length ? sizes : [512, 1024]) {
  const delays = [300, 1500];
  for (const after of delays) {
    const child = spawn(process.execPath, [cli, 'train', '--hidden', String(hidden), '--epochs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise((resolve) => {
      const poll = setInterval(() => {
        if (out.includes('Starting training')) {
          clearInterval(poll);
          setTimeout(resolve, after);
        }
      }, 5);
    });
    const t0 = performance.now();
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)));
    const ms = performance.now() - t0;
    const said = err.split('\n').filter((l) => l.startsWith('Stopped')).join(' ');
    console.log(`hidden ${hidden}, Ctrl-C ${after} ms into training: exited after ${ms.toFixed(0)} ms (exit ${code}); ${said || 'no stop line'}`);
  }
}
