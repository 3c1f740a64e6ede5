// Exit 0 when node_modules holds every package of package-lock.json at its locked version, 1 otherwise
// (printing the first few differences). Used by scripts/setup.sh to decide whether `npm ci` is needed,
// so that a tree whose node_modules is already right is never wiped (other processes may be using it).
// Optional packages (platform binaries such as @esbuild/<os>-<cpu>) may be absent.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const problems = [];
for (const [key, entry] of Object.entries(lock.packages ?? {})) {
  if (!key.startsWith('node_modules/') || entry.link) continue;
  const manifest = path.join(root, key, 'package.json');
  if (!existsSync(manifest)) {
    if (!entry.optional) problems.push(`${key}: missing (locked ${entry.version})`);
    continue;
  }
  const found = JSON.parse(readFileSync(manifest, 'utf8')).version;
  if (entry.version && found !== entry.version) problems.push(`${key}: ${found} installed, ${entry.version} locked`);
}
if (problems.length > 0) {
  console.log(`node_modules differs from package-lock.json in ${problems.length} package(s):`);
  for (const p of problems.slice(0, 5)) console.log(`  ${p}`);
  process.exit(1);
}
