/** See scope-css.mjs: the panel's stylesheet confined to one class. */
export function scopeCss(css: string, scope: string): string;
