/**
 * The import rules of the house (ARCHITECTURE.md), as code: which folder may import which. Used by
 * test/unit/import-rules.unit.test.ts over every source file of src/ and webview/.
 *
 * - src/shared imports nothing of ours outside src/shared, and no Node built-in (the webview bundles it);
 * - src/engine imports nothing of ours but src/shared; src/data only src/engine and src/shared;
 *   src/demos only src/data, src/engine and src/shared;
 * - webview/ imports nothing of src/ outside src/shared, and never `vscode`;
 * - only src/extension.ts and src/host/ import `vscode`;
 * - product code (src/, webview/) imports nothing under test/.
 */
import * as path from 'node:path';
import ts from 'typescript';

/** One import of one file: the file (repo-relative, `/`-separated) and the module specifier as written. */
export interface ImportEdge {
  file: string;
  spec: string;
}

/** The module specifiers a source text imports (static, dynamic, `export … from`, `require`). */
export function importsOf(sourceText: string): string[] {
  const info = ts.preProcessFile(sourceText, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Where a relative specifier of `file` points (repo-relative, no extension); undefined for a package. */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(ts|mjs|js)$/, '');
}

const under = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + '/');

/** The layers whose code the file's layer may import (only our own code; packages are checked apart). */
const ALLOWED: Array<{ dir: string; may: string[] }> = [
  { dir: 'src/shared', may: ['src/shared'] },
  { dir: 'src/engine', may: ['src/engine', 'src/shared'] },
  { dir: 'src/data', may: ['src/data', 'src/engine', 'src/shared'] },
  { dir: 'src/demos', may: ['src/demos', 'src/data', 'src/engine', 'src/shared'] },
  { dir: 'webview', may: ['webview', 'src/shared'] },
];

const NODE_BUILTIN = /^node:|^(fs|path|os|crypto|child_process|worker_threads|util|stream|events|url|zlib)(\/|$)/;

/** Every rule the edge breaks, as one line naming the file, the import and the rule. */
export function violations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const { file, spec } of edges) {
    const where = `${file} imports '${spec}'`;
    const isTest = /\.test\.ts$/.test(file);
    if (spec === 'vscode' || spec.startsWith('vscode/')) {
      if (!(file === 'src/extension.ts' || under(file, 'src/host') || under(file, 'test'))) {
        out.push(`${where}: only src/extension.ts and src/host/ may import vscode`);
      }
      continue;
    }
    const t = target(file, spec);
    if (t === undefined) {
      if (under(file, 'src/shared') && !isTest && NODE_BUILTIN.test(spec)) out.push(`${where}: src/shared runs in the webview too, so no Node built-ins`);
      continue;
    }
    if ((under(file, 'src') || under(file, 'webview')) && under(t, 'test') && !isTest) {
      out.push(`${where}: product code never imports test code`);
      continue;
    }
    const rule = ALLOWED.find((r) => under(file, r.dir));
    if (!rule) continue;
    if (isTest && under(t, 'test/support')) continue; // a test may use the shared test helpers
    if (!rule.may.some((d) => under(t, d))) out.push(`${where}: ${rule.dir} may import only ${rule.may.join(', ')}`);
  }
  return out;
}
