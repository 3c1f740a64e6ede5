// The house rule "no file over 400 lines" (CONTRIBUTING.md), for product code and tests alike: every
// TypeScript and JavaScript source the repository tracks under src/, webview/, test/, scripts/ and assembly/.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
export const MAX_LINES = 400;

/** Files that break the rule, as "path: N lines". A trailing newline does not count as a line. */
export function tooLong(files: readonly string[], read: (f: string) => string, max = MAX_LINES): string[] {
  const out: string[] = [];
  for (const f of files) {
    const text = read(f);
    const lines = text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
    if (lines > max) out.push(`${f}: ${lines} lines`);
  }
  return out;
}

/** Tracked and new (not ignored) source files; recorded streams and fixtures are data, not code. */
function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'webview', 'test', 'scripts', 'assembly'], { cwd: root, encoding: 'utf8' });
  return listed.split('\n').filter((f) => /\.(ts|mts|cts|mjs|cjs|js)$/.test(f) && !/(^|\/)(fixtures|recordings)\//.test(f));
}

describe('house rules: no file over 400 lines', () => {
  it('holds for every source and test file', () => {
    const files = sourceFiles();
    assert.ok(files.length > 100, `found only ${files.length} source files`);
    assert.deepEqual(tooLong(files, (f) => readFileSync(path.join(root, f), 'utf8')), []);
  });

  it('catches a planted 401-line file and passes one of exactly 400', () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `const x${i} = ${i};`).join('\n') + '\n';
    const files: Record<string, string> = { 'src/ok.ts': body(400), 'src/planted.ts': body(401), 'test/empty.mjs': '' };
    assert.deepEqual(tooLong(Object.keys(files), (f) => files[f]), ['src/planted.ts: 401 lines']);
  });
});
