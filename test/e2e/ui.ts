// Driving the real VS Code workbench (code-server in Chromium) the way a user does: keyboard,
// Quick Open, Command Palette, the editor's widgets, the viewer's webview. Every wait is on
// something visible (Playwright's auto-wait), never a fixed time.
import { mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export const SHOTS_DIR = join(process.cwd(), 'test-results', 'screenshots');
export const DOCS_SHOTS_DIR = join(process.cwd(), 'docs', 'screenshots');

export class WorkbenchDriver {
  constructor(readonly page: Page) {}

  /** The active editor (text editors only). */
  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /**
   * Opens a quick input with `prefixKey`, types `text` (replacing what is there) and clicks the row
   * matching `pick`: a row's text, or a CSS attribute selector for the row (`[aria-label^="..."]`).
   */
  async quickInput(prefixKey: string, text: string, pick: RegExp | string | { attr: string }, opts: { thenQuickPick?: boolean } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input.input');
    const row = (typeof pick === 'object' && 'attr' in pick ? widget.locator(`.monaco-list-row${pick.attr}`) : widget.locator('.monaco-list-row', { hasText: pick })).first();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press(prefixKey);
        await input.fill(text, { timeout: 5000 });
        await row.waitFor({ state: 'visible', timeout: attempt >= 3 ? 30_000 : 10_000 });
        await row.click({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        // A webview (the viewer, a walkthrough page) took the keyboard or the focus, which closes
        // the quick input: give the focus back to the workbench (empty part of the title bar).
        await this.page.keyboard.press('Escape');
        await this.page.locator('.part.titlebar').click({ position: { x: 200, y: 12 } });
      }
    }
    // Park the mouse on the empty part of the activity bar: no tooltip left over a tab in screenshots.
    await this.page.mouse.move(20, 600);
    // A command that asks something next keeps the widget open with its own list.
    if (!opts.thenQuickPick) await widget.waitFor({ state: 'hidden' });
  }

  /** Ctrl+P, type a path, pick it. */
  async openFile(relPath: string): Promise<void> {
    const name = relPath.split('/').pop()!;
    const dir = relPath.slice(0, -name.length - 1);
    // The row of that very file: Quick Open lists the recently opened files at once and the search's
    // results a moment later, so a row picked by its name alone can be another folder's file of that
    // name (seen in CI: jira/log4j.properties reopened instead of confluence/log4j.properties). A
    // row's label is "name folder, kind" ("log4j.properties confluence, file results").
    await this.quickInput('Control+P', relPath, { attr: `[aria-label^=${JSON.stringify(dir ? `${name} ${dir},` : `${name},`)}]` });
    // The tab's label carries the file's whole path: a name alone would also match the tab that was
    // active before, and a command run next would act on that file.
    await this.page.locator(`.tab.active .tab-label[aria-label*=${JSON.stringify(`/${relPath}`)}]`).waitFor();
    await this.editor.locator('.view-lines').waitFor();
  }

  /** F1 (the Command Palette), type a command title, run it. */
  async command(title: string, opts: { thenQuickPick?: boolean } = {}): Promise<void> {
    await this.quickInput('F1', `>${title}`, title, opts);
  }

  /** Ctrl+G line:column (1-based). */
  async goto(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible' });
    await widget.locator('input.input').fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await this.page.locator('.editor-group-container.active .monaco-editor textarea.inputarea').focus();
  }

  /** The language shown in the status bar for the active editor ("Properties", "Atlassian Log"...). */
  async languageInStatusBar(): Promise<string> {
    const item = this.page.locator('#status\\.editor\\.mode');
    await item.waitFor();
    return (await item.innerText()).trim();
  }

  /** A webview of AuthLog, inside its two iframes. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready[src*="extensionId=authlog.authlog"]').last().frameLocator('#active-frame');
  }

  /** A screenshot into test-results/screenshots/, and into docs/screenshots/ with AUTHLOG_UPDATE_SCREENSHOTS=1. */
  async shot(name: string): Promise<string> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    const path = join(SHOTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    if (process.env.AUTHLOG_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(DOCS_SHOTS_DIR, { recursive: true });
      copyFileSync(path, join(DOCS_SHOTS_DIR, `${name}.png`));
    }
    return path;
  }

  /** Presses a key until `visible` shows up: the language server starts lazily, its first answer may come late. */
  async pressUntil(key: string, visible: Locator, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press(key);
      try {
        await visible.waitFor({ state: 'visible', timeout: 3000 });
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await this.page.keyboard.press('Escape');
      }
    }
  }
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function lineCol(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
