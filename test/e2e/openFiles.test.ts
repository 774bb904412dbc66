// End to end, in a browser: Open Files puts an instance's home in the explorer beside the
// workspace's folder, and deleting the instance takes the folder away.
import type { ServerConnection } from '../../server/client/connect';
import { InstanceCreateRequest, InstanceDeleteRequest } from '../../server/protocol';
import type { Locator, Page } from 'playwright-core';
import {
  connectToWorkbenchServer,
  openWorkbench,
  quickInput,
  runCommand,
  screenshot,
  treeRow,
  type Workbench,
} from './workbench';

describe('instance files in the explorer', function () {
  this.timeout(5 * 60_000);
  const name = `e2e-files-${Date.now().toString(36)}`;
  let workbench: Workbench;
  let server: ServerConnection;

  before(async () => {
    workbench = await openWorkbench();
    server = await connectToWorkbenchServer(workbench);
    await server.connection.sendRequest(InstanceCreateRequest.type, {
      name,
      type: 'prebuilt',
      network: 'none',
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await screenshot(workbench.page, 'files-failed').catch(() => undefined);
    }
  });

  after(async () => {
    await server?.connection
      .sendRequest(InstanceDeleteRequest.type, { name })
      .catch(() => undefined);
    server?.dispose();
    await workbench?.close();
  });

  it('shows the home of an instance in the explorer after Open Files', async () => {
    const { page } = workbench;
    await page.locator('.activitybar [aria-label^="Operator"]').first().click();
    await treeRow(page, `${name}, active`).waitFor();
    await runCommand(page, 'Operator: Open Instance Files');
    await quickInput(page).waitFor();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).waitFor();
    await page.keyboard.press('Enter');
    await explorerRow(page, `${name} (Operator)`).waitFor();
    await explorerRow(page, 'AGENTS.md').waitFor();
    await screenshot(page, 'files-in-explorer');
  });

  it('takes the folder away when the instance is deleted', async () => {
    const { page } = workbench;
    await server.connection.sendRequest(InstanceDeleteRequest.type, { name });
    await explorerRow(page, `${name} (Operator)`).waitFor({ state: 'detached' });
    await explorerRow(page, 'workspace').waitFor();
    await screenshot(page, 'files-folder-removed');
  });
});

function explorerRow(page: Page, text: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row', { hasText: text });
}
