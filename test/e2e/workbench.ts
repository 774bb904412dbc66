// The browser side of the end-to-end tests: code-server with the packaged .vsix installed
// as a user would install it, and a Chromium page on its workbench.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  installExtension,
  launchChromium,
  ROOT,
  startCodeServer,
  type CodeServer,
} from '../vscode/codeServer';
import { createTestWorkspace, type TestWorkspace } from '../vscode/workspace';
import { connectToServer, type ServerConnection } from '../../server/client/connect';
import { stopServerOf } from '../support/serverProcess';

export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const VSIX = path.join(ROOT, 'dist', 'operator.vsix');
const WORKBENCH_TIMEOUT_MS = 60_000;
/** How long a step of a test may wait for the UI. */
const UI_TIMEOUT_MS = 60_000;

export interface Workbench {
  page: Page;
  workspace: TestWorkspace;
  close(): Promise<void>;
}

export async function openWorkbench(): Promise<Workbench> {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing; run npm run package first.`);
  fs.mkdirSync(RESULTS, { recursive: true });
  const workspace = createTestWorkspace('operator-e2e-');
  const options = {
    stateDir: workspace.stateDir,
    logFile: path.join(RESULTS, 'code-server.log'),
    env: { ...process.env, OPERATOR_DATA_DIR: workspace.dataDir },
  };
  await installExtension(options, VSIX);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer(options, workspace.folder);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?workspace=${encodeURIComponent(workspace.workspaceFile)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
    await page.locator('.activitybar').waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    const opened = { server, browser };
    return {
      page,
      workspace,
      close: async () => {
        await opened.browser.close();
        await opened.server.stop();
        await stopServerOf(workspace.dataDir);
        fs.rmSync(workspace.root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.stop();
    await stopServerOf(workspace.dataDir);
    throw error;
  }
}

let step = 0;

/** A connection of the tests' own to the server that the workbench's extension uses. */
export function connectToWorkbenchServer(workbench: Workbench): Promise<ServerConnection> {
  return connectToServer({
    dataDir: workbench.workspace.dataDir,
    serverScript: path.join(ROOT, 'dist', 'server.js'),
    clientName: 'e2e tests',
  });
}

/** Keeps a screenshot of the step as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  step += 1;
  const file = path.join(RESULTS, `${String(step).padStart(2, '0')}-${name}.png`);
  // Finished animations, so that a menu is shown as it settles, not half faded in.
  await page.screenshot({ path: file, animations: 'disabled' });
}

/** Runs a command by its palette title, as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget input.input');
}

/** A row of the Instances tree (or any tree) whose accessible label starts with `label`. */
export function treeRow(page: Page, label: string): Locator {
  return page.locator(`.monaco-list-row[aria-label^="${label}"]`);
}
