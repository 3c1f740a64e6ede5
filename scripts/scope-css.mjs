// The panel's stylesheet (media/webview.css) made safe for a notebook output, where many outputs and VS
// Code's own markup share one page: every rule is confined to one class (e.g. `.unrolled-cell`). Theme
// variables stay on :root and the high-contrast body classes (they are ours, --u-*); `html, body` and
// `#app` become the scope itself. Used by esbuild.config.mjs to write dist/lesson-renderer.css.

/** Split CSS text into top-level blocks: { prelude, body } (body is text inside the braces). */
function blocks(css) {
  const out = [];
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open < 0) break;
    let depth = 1;
    let j = open + 1;
    for (; j < css.length && depth > 0; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}') depth--;
    }
    out.push({ prelude: css.slice(i, open).trim(), body: css.slice(open + 1, j - 1) });
    i = j;
  }
  return out;
}

function scopeSelector(sel, scope) {
  const s = sel.trim();
  if (s === ':root') return s;
  if (s === 'html' || s === 'body' || s === '#app') return scope;
  // body.presenter (Presenter Mode): the output's own root carries the class.
  const own = /^body\.(?!vscode-)([\w-]+)(\s+(.*))?$/.exec(s);
  if (own) return own[3] ? `${scope}.${own[1]} ${own[3]}` : `${scope}.${own[1]}`;
  const hc = /^(body\.vscode-[\w-]+)(\s+(.*))?$/.exec(s);
  if (hc) return hc[3] ? `${hc[1]} ${scope} ${hc[3]}` : hc[1];
  return `${scope} ${s}`;
}

export function scopeCss(css, scope) {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules = [];
  for (const b of blocks(text)) {
    if (b.prelude.startsWith('@media') || b.prelude.startsWith('@supports')) {
      rules.push(`${b.prelude} {\n${scopeCss(b.body, scope).trim()}\n}`);
    } else if (b.prelude.startsWith('@')) {
      rules.push(`${b.prelude} {${b.body}}`);
    } else {
      const sels = [...new Set(b.prelude.split(',').map((x) => scopeSelector(x, scope)))];
      rules.push(`${sels.join(', ')} {${b.body}}`);
    }
  }
  return rules.join('\n') + '\n';
}
