import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { importsOf, violations, type ImportEdge } from '../support/import-rules';

const root = path.resolve(__dirname, '../..');

/** Every TypeScript file of src/ and webview/ that git knows (tracked or new), with its imports. */
function sourceEdges(): ImportEdge[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'src', 'webview'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts'));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue; // deleted in the work tree, not yet in the index
    }
    for (const spec of importsOf(text)) edges.push({ file, spec });
  }
  return edges;
}

describe('import rules (ARCHITECTURE.md)', () => {
  it('hold for every source file of src/ and webview/', () => {
    const edges = sourceEdges();
    assert.ok(edges.length > 300, `only ${edges.length} imports found: the file list is wrong`);
    assert.ok(edges.some((e) => e.file === 'src/shared/protocol.ts'), 'src/shared/protocol.ts was not read');
    assert.deepEqual(violations(edges), []);
  });

  it('catch a planted violation of each rule, read from source text', () => {
    const planted: Array<[string, string, RegExp]> = [
      ['src/engine/bench.ts', "import { loadDataset } from '../data/index';", /src\/engine may import only src\/engine, src\/shared/],
      ['src/data/sequences.ts', "import { createPrng } from '../engine/prng';", /^$/], // allowed: data may use the engine
      ['src/data/sequences.ts', "import { trainDemo } from '../demos/train';", /src\/data may import only/],
      ['src/demos/train.ts', "import type { Controller } from '../host/controller';", /src\/demos may import only/],
      ['src/shared/protocol.ts', "import type { DemoEvent } from '../demos/events';", /src\/shared may import only src\/shared/],
      ['src/shared/transfer.ts', "import { readFileSync } from 'node:fs';", /no Node built-ins/],
      ['webview/model/predict.ts', "export { predictDemo } from '../../src/demos/predict';", /webview may import only webview, src\/shared/],
      ['webview/render/app.ts', "const vscode = require('vscode');", /only src\/extension.ts and src\/host\/ may import vscode/],
      ['src/worker/runner.ts', "const m = await import('vscode');", /only src\/extension.ts and src\/host\/ may import vscode/],
      ['src/host/panel.ts', "import * as vscode from 'vscode';", /^$/],
      ['src/host/panel.ts', "import { fakeModel } from '../../test/support/fake-demos';", /product code never imports test code/],
    ];
    for (const [file, line, expected] of planted) {
      const edges = importsOf(line).map((spec) => ({ file, spec }));
      assert.equal(edges.length, 1, `${line}: the parser found ${edges.length} imports`);
      const found = violations(edges);
      if (expected.source === '^$') assert.deepEqual(found, [], `${file}: ${line} is allowed`);
      else {
        assert.equal(found.length, 1, `${file}: ${line} should break one rule, got ${JSON.stringify(found)}`);
        assert.match(found[0], expected);
        assert.match(found[0], new RegExp(`^${file.replace(/[./]/g, '\\$&')} imports`), 'the message names the file');
      }
    }
  });
});
