// End to end, in a browser: the Operator view shows an instance created through the UI,
// and a file opened from the tree, edited and saved lands in the container.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServerConnection } from '../../server/client/connect';
import {
  FsWriteFileRequest,
  InstanceDeleteRequest,
  InstanceExecRequest,
} from '../../server/protocol';
import {
  connectToWorkbenchServer,
  openWorkbench,
  quickInput,
  runCommand,
  screenshot,
  treeRow,
  type Workbench,
} from './workbench';

describe('the Operator view in a browser', function () {
  this.timeout(5 * 60_000);
  const name = `e2e-${Date.now().toString(36)}`;
  let workbench: Workbench;
  let server: ServerConnection | undefined;

  before(async () => {
    workbench = await openWorkbench();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await screenshot(workbench.page, 'failed').catch(() => undefined);
    }
  });

  after(async () => {
    if (server) {
      await server.connection
        .sendRequest(InstanceDeleteRequest.type, { name })
        .catch(() => undefined);
      server.dispose();
    }
    await workbench?.close();
  });

  async function connection(): Promise<ServerConnection> {
    server ??= await connectToWorkbenchServer(workbench);
    return server;
  }

  it('installs from the .vsix with everything its server needs at run time', () => {
    const extensions = path.join(workbench.workspace.stateDir, 'extensions');
    const installed = fs
      .readdirSync(extensions)
      .find((entry) => entry.startsWith('operator.operator-'));
    assert.ok(installed, `the extension is installed in ${extensions}`);
    for (const file of ['extension.js', 'server.js', 'agent.js', 'Dockerfile']) {
      assert.ok(fs.existsSync(path.join(extensions, installed, 'dist', file)), `dist/${file}`);
    }
  });

  it('opens the Operator view from the activity bar', async () => {
    const { page } = workbench;
    await screenshot(page, 'workbench');
    await page.locator('.activitybar [aria-label^="Operator"]').first().click();
    // A container with one view hides that view's header, so wait for its content.
    await page.getByText('No instances yet.').waitFor();
    await screenshot(page, 'operator-view');
  });

  it('shows an instance created through the palette', async () => {
    const { page } = workbench;
    await runCommand(page, 'Operator: Create Instance');
    const input = quickInput(page);
    await input.waitFor();
    await input.fill('Bad_Name');
    await page.locator('.quick-input-message', { hasText: 'lowercase' }).waitFor();
    await screenshot(page, 'create-name-validated');
    await input.fill(name);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'prebuilt' }).waitFor();
    await screenshot(page, 'create-type');
    await page.keyboard.press('Enter');
    await treeRow(page, `${name}, active`).waitFor();
    await page.locator('.statusbar-item', { hasText: /Operator 1\/\d+/ }).waitFor();
    await screenshot(page, 'instance-active');
  });

  it('saves a file opened from the tree into the container', async () => {
    const { page } = workbench;
    const { connection: rpc } = await connection();
    await rpc.sendRequest(FsWriteFileRequest.type, {
      name,
      path: '/home/operator/e2e.txt',
      content: Buffer.from('written by the test\n').toString('base64'),
      create: true,
      overwrite: true,
    });
    await treeRow(page, `${name}, active`).click();
    await treeRow(page, 'Files').click();
    await page.locator('.monaco-list-row', { hasText: 'e2e.txt' }).first().click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'written by the test' }).waitFor();
    await screenshot(page, 'file-open');
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('edited in the browser\n');
    await page.locator('.tab.active.dirty', { hasText: 'e2e.txt' }).waitFor();
    await page.keyboard.press('Control+s');
    // The tab loses its dirty mark once the save is through.
    await page.locator('.tab.active:not(.dirty)', { hasText: 'e2e.txt' }).waitFor();
    await screenshot(page, 'file-saved');
    const result = await rpc.sendRequest(InstanceExecRequest.type, {
      name,
      command: ['cat', '/home/operator/e2e.txt'],
    });
    // The tab is clean only once the provider's write has been answered by the server.
    assert.equal(result.stdout, 'written by the test\nedited in the browser\n');
  });

  it('deletes the instance from its context menu after a confirmation', async () => {
    const { page } = workbench;
    await treeRow(page, `${name}, active`).click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label', { hasText: 'Suspend Instance' }).waitFor();
    // An active instance offers no start or resume.
    assert.equal(await menu.locator('.action-label', { hasText: 'Start Instance' }).count(), 0);
    await screenshot(page, 'context-menu');
    await menu.locator('.action-label', { hasText: 'Delete Instance' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText(`Delete instance "${name}"?`).waitFor();
    await screenshot(page, 'delete-confirmation');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await treeRow(page, name).waitFor({ state: 'detached' });
    await page.getByText('No instances yet.').waitFor();
    await screenshot(page, 'instance-deleted');
  });
});
