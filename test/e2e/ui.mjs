// What a user does in the VS Code workbench (code-server in Chromium), as Playwright steps: the command
// palette, running a command by its label, opening a file, hovering a word, reading the webview panel.
import path from 'node:path';

export class Ui {
  /** @param {import('playwright-core').Page} page @param {string} outDir */
  constructor(page, outDir) {
    this.page = page;
    this.outDir = outDir;
    this.prefix = '00';
    /** @type {Map<string, string>} the last file of each named screenshot */
    this.shots = new Map();
  }

  /** Screenshot of the whole window into outDir as `<prefix>-<name>.png`; returns the path. */
  async shot(name) {
    const file = path.join(this.outDir, `${this.prefix}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await this.page.screenshot({ path: file });
    this.shots.set(name, file);
    return file;
  }

  /** Waits until the workbench is laid out and answers the keyboard (F1 opens the palette). */
  async waitForWorkbench(ms = 90_000) {
    await this.page.waitForSelector('.monaco-workbench .part.editor', { timeout: ms });
    await this.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: ms });
    await this.openPalette(ms);
    await this.closePalette();
  }

  /** Opens the command palette (F1), retrying while the workbench is still starting. */
  async openPalette(ms = 30_000) {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const deadline = Date.now() + ms;
    for (;;) {
      await this.page.keyboard.press('Escape');
      // Focus the workbench itself, not a webview: a click in the middle of the window can land in a panel
      // or a notebook output (an iframe) and take focus from the palette just after F1 opened it.
      // There, the sidebar's title is clicked instead.
      const overWebview = await this.page.evaluate(() => document.elementFromPoint(700, 450)?.closest('iframe, .webview') != null)
        .catch(() => false);
      const title = this.page.locator('.part.sidebar .title').first();
      if (overWebview && await title.isVisible().catch(() => false)) await title.click({ position: { x: 4, y: 4 } }).catch(() => {});
      else await this.page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => {});
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 3000 });
        return input;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`the command palette did not open (F1) within ${ms} ms`);
      }
    }
  }

  async closePalette() {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }

  /** Labels of the palette's rows after typing `query` (the palette is left open). Retries while the
   * palette is still filling (right after start-up it can say "No matching commands" for a moment). */
  async paletteLabels(query, ms = 10_000, want = undefined) {
    const deadline = Date.now() + ms;
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    for (;;) {
      const input = await this.openPalette();
      // (if the palette closed again meanwhile, open it once more)
      if (!await input.fill(`>${query}`, { timeout: 3000 }).then(() => true, () => false)) {
        if (Date.now() > deadline) throw new Error(`the command palette kept closing before "${query}" could be typed`);
        continue;
      }
      await rows.first().waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
      await this.page.waitForTimeout(300);
      const labels = (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? '')))
        .map((l) => l.split(', ')[0])
        .filter((l) => l !== 'No matching commands');
      if ((want === undefined ? labels.length > 0 : labels.includes(want)) || Date.now() > deadline) return labels;
      // right after a window reload the extension's contributions may not be registered yet
      if (want !== undefined) await this.closePalette();
      await this.page.waitForTimeout(500);
    }
  }

  /** Runs a command from the palette by its exact label ("Unrolled: Open Visualizer"), like a user. */
  async runCommand(label) {
    const labels = await this.paletteLabels(label, 30_000, label);
    const i = labels.indexOf(label);
    if (i < 0) { await this.closePalette(); throw new Error(`"${label}" is not in the command palette (found: ${labels.join(', ') || 'nothing'})`); }
    await this.page.locator('.quick-input-list .monaco-list-row').nth(i).click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }

  /** Brings an open editor to the front by clicking its tab. */
  async showTab(name) {
    const tab = this.page.locator('.tabs-container .tab', { hasText: name }).first();
    await tab.click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** Opens a workspace file by clicking it in the Explorer, and waits for its editor. */
  async openFile(name) {
    await this.page.keyboard.press('Escape');
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.dblclick();
    await this.page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /**
   * Moves the mouse onto `word` in the visible editor in small steps, rests, and returns the hover's text
   * (throws when no hover appears).
   */
  async hoverWord(word, ms = 15_000) {
    const box = await this.page.evaluate((w) => {
      for (const span of document.querySelectorAll('.monaco-editor .view-line span span')) {
        const text = span.textContent ?? '';
        const at = text.indexOf(w);
        if (at < 0 || !span.firstChild) continue;
        const range = document.createRange();
        range.setStart(span.firstChild, at);
        range.setEnd(span.firstChild, at + w.length);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return null;
    }, word);
    if (!box) throw new Error(`"${word}" is not visible in an editor`);
    await this.page.mouse.move(box.x - 120, box.y + 60);
    await this.page.mouse.move(box.x, box.y, { steps: 12 });
    await this.page.waitForTimeout(400);
    await this.page.mouse.move(box.x + 1, box.y, { steps: 2 });
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .monaco-hover-content').first();
    await hover.waitFor({ state: 'visible', timeout: ms });
    await this.page.waitForTimeout(300);
    return hover.innerText();
  }

  /** Texts of the error notifications on screen (a command that failed says so there). */
  async errorToasts() {
    return this.page.locator('.notifications-toasts .notification-toast:has(.codicon-error)').allInnerTexts();
  }

  /** Waits until `cond` (run in the page) holds; throws early with the text of an error notification. */
  async waitUntil(cond, what, ms = 60_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      if (await this.page.evaluate(cond).catch(() => false)) return;
      const errors = await this.errorToasts();
      if (errors.length > 0) throw new Error(`waiting for ${what}, VS Code showed: ${errors.join(' | ').replace(/\s+/g, ' ')}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * The content frame of the visible webview panel (VS Code nests it: iframe.webview > iframe#active-frame).
   * @returns {import('playwright-core').FrameLocator}
   */
  webview() {
    return this.page.frameLocator('iframe.webview.ready:visible').first().frameLocator('iframe#active-frame');
  }

  /** Waits for a webview panel tab titled `title` (substring) and for its content to have rendered text. */
  async waitForWebview(title, ms = 60_000) {
    await this.page.locator(`.tabs-container .tab[aria-label*="${title}"]`).first().waitFor({ state: 'visible', timeout: ms });
    await this.page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout: ms });
    const body = this.webview().locator('body');
    await body.waitFor({ state: 'attached', timeout: ms });
    return body;
  }
}
