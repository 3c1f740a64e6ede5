// The product reads only what ships with it (data/, dist/) and the files a user names: no cache folder in
// the home directory, which a fresh machine (and a cold CI run) does not have. The one use of the home
// folder allowed is as the default folder of a save dialog.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
  });
}

/**
 * Lines of product code that point into a home-folder cache (`~/.cache`, XDG_CACHE_HOME, or homedir() other than a save
 * dialog's default).
 */
export function cacheReads(files: readonly string[], read: (f: string) => string = (f) => readFileSync(f, 'utf8')): string[] {
  const found: string[] = [];
  for (const f of files) {
    read(f).split('\n').forEach((line, i) => {
      const cache = /['"`]\.cache['"`/]|XDG_CACHE_HOME|unrolled-data/.test(line);
      const home = /homedir\(\)/.test(line) && !/defaultUri/.test(line);
      if (cache || home) found.push(`${path.relative(root, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}

describe('fresh machine: product code reads no cache in the home folder', () => {
  it('no source under src/ or webview/ looks in ~/.cache or the home folder', () => {
    const files = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'webview'))];
    assert.ok(files.length > 50, `found only ${files.length} source files`);
    assert.deepEqual(cacheReads(files), []);
  });

  it('the check catches a planted lookup', () => {
    const planted = "const DIR = path.join(os.homedir(), '.cache', 'unrolled-data');";
    assert.deepEqual(cacheReads(['/x/src/data/planted.ts'], () => `ok\n${planted}`), [`../../x/src/data/planted.ts:2: ${planted}`.replace('../../x', path.relative(root, '/x'))]);
  });
});
