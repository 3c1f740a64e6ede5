import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('lesson renderer stylesheet (scripts/scope-css.mjs)', () => {
  it('confines every panel rule to the output, keeps theme variables and media queries', async () => {
    const { scopeCss } = await import('../../scripts/scope-css.mjs');
    const css = ':root { --u-bg: red; }\nbody.vscode-high-contrast { --u-border: x; }\nbody.vscode-dark .a, h1 { color: b; }\nhtml, body { margin: 0; }\n#app { padding: 1px; }\n* { box-sizing: border-box; }\n@media (max-width: 9px) { .b { c: d; } }\n/* note { } */\nbody.presenter { f: 1; }\nbody.presenter .c, body.presenter { g: 2; }';
    assert.equal(scopeCss(css, '.u'), ':root { --u-bg: red; }\nbody.vscode-high-contrast { --u-border: x; }\nbody.vscode-dark .u .a, .u h1 { color: b; }\n.u { margin: 0; }\n.u { padding: 1px; }\n.u * { box-sizing: border-box; }\n@media (max-width: 9px) {\n.u .b { c: d; }\n}\n.u.presenter { f: 1; }\n.u.presenter .c, .u.presenter { g: 2; }\n');
    const real = scopeCss(readFileSync(path.resolve(__dirname, '../../media/webview.css'), 'utf8'), '.unrolled-cell');
    const rules = real.split('\n').filter((l) => l.includes('{') && !l.startsWith('@'));
    assert.ok(rules.length > 150, `${rules.length} rules`);
    for (const rule of rules) {
      for (const sel of rule.split('{')[0].split(',').map((x) => x.trim())) {
        assert.ok(sel === ':root' || /^body\.vscode-[\w-]+( \.unrolled-cell( |$)|$)/.test(sel) || /^\.unrolled-cell(\.presenter)?( |$)/.test(sel), `unconfined selector ${sel}`);
      }
    }
  });
});
