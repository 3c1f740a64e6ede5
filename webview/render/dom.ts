/** Small DOM helpers: elements without innerHTML (CSP-safe, no markup injection). */

type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {},
  ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) e.append(c);
  return e;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) e.setAttribute(k, String(v));
  return e;
}

/** Resolved value of one of our CSS custom properties (they map to --vscode-* theme colours). */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function button(label: string, aria: string, onClick: () => void, keys?: string): HTMLButtonElement {
  const b = el('button', { type: 'button', 'aria-label': aria, title: keys ? `${aria} (${keys})` : aria, 'aria-keyshortcuts': keys, text: label });
  b.addEventListener('click', onClick);
  return b;
}

/** Call `onChange` when VS Code switches themes (it changes the body class and the --vscode-* variables on <html>). */
export function onThemeChange(onChange: () => void): void {
  const retheme = new MutationObserver(onChange);
  retheme.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  retheme.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
