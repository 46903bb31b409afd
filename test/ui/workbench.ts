// What a person does in the workbench, as functions: open the SDRS view, read it, run palette commands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, startCodeServer, type CodeServer, type Workbench } from '../host/codeServer';
import { REPO_ROOT } from '../host/tools';

export const VIEW_CONTAINER = 'workbench.view.extension.sdrs';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'out', 'screenshots');

export interface UiSession {
  server: CodeServer;
  workbench: Workbench;
  page: Page;
  close(): Promise<void>;
}

/** Starts code-server with the extension in development mode and waits for the workbench to be ready. */
export async function openUiSession(options: { settings?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<UiSession> {
  const server = await startCodeServer({ settings: options.settings });
  try {
    const workbench = await openWorkbench(server, {
      extensionDevelopmentPath: REPO_ROOT,
      extensionEnvironment: options.env,
    });
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await workbench.page.locator('.activitybar').waitFor({ timeout: 60_000 });
    return {
      server,
      workbench,
      page: workbench.page,
      close: async () => {
        await workbench.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** Clicks the SDRS item in the activity bar and waits for its view container to show. */
export async function openSdrsView(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="SDRS"]').first().click({ timeout: 60_000 });
  await page.locator(`[id="${VIEW_CONTAINER}"]`).waitFor({ state: 'visible', timeout: 30_000 });
}

/** Text of the visible tree rows of the SDRS view, top to bottom. */
export async function readTreeRows(page: Page): Promise<string[]> {
  const rows = page.locator(`[id="${VIEW_CONTAINER}"] .monaco-list-row`);
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Text of the view's welcome content (shown while the tree is empty). */
export async function readWelcome(page: Page): Promise<string> {
  const welcome = page.locator(`[id="${VIEW_CONTAINER}"] .welcome-view-content`).first();
  await welcome.waitFor({ state: 'visible', timeout: 30_000 });
  return (await welcome.innerText()).replace(/\s+/g, ' ').trim();
}

/** Runs a command from the palette by its title, as a person would. */
export async function runPaletteCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
