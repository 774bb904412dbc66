// The Instances tree and the lifecycle commands, against the real server and engine: the
// nodes after create, suspend, resume, stop, start and delete, updated from the server's
// notifications in place.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Instance, InstanceStatus, Plan } from '../../../server/protocol';
import type { OperatorApi } from '../../../extension/main';
import type { InstanceNode } from '../../../extension/tree/nodes';
import { createInstance, operatorApi, removeInstance, uniqueName, waitFor } from './helpers';

describe('the Instances tree', () => {
  const name = uniqueName('vt-tree');
  let api: OperatorApi;

  before(async () => {
    api = await operatorApi();
    // The tree is loaded as a visible view would load it.
    await api.tree.getChildren();
  });

  after(() => removeInstance(name));

  function itemOf(node: InstanceNode): vscode.TreeItem {
    return api.tree.getTreeItem(node);
  }

  async function statusBecomes(status: InstanceStatus): Promise<InstanceNode> {
    return waitFor(`${name} to be ${status} in the tree`, () => {
      const node = api.tree.node(name);
      return node?.instance.status === status ? node : undefined;
    });
  }

  it('sets the plan through its command', async () => {
    const plan = await vscode.commands.executeCommand<Plan | undefined>('operator.plan.set', 'pro');
    assert.equal(plan?.name, 'pro');
    assert.ok(plan.limit >= 2);
  });

  it('shows an instance created through the command', async () => {
    const created = await createInstance(name);
    assert.equal(created.status, 'active');
    const node = await statusBecomes('active');
    const item = itemOf(node);
    assert.equal(item.id, `instance:${name}`);
    assert.equal(item.label, name);
    assert.equal(item.contextValue, 'operator.instance.active');
    assert.match(String(item.description), /^prebuilt · /);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'vm-running');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const roots = await api.tree.getChildren();
    assert.ok(roots.includes(node), 'the root lists the same node object');
  });

  it('lists the instance files under the node', async () => {
    const node = await statusBecomes('active');
    const [files] = await api.tree.getChildren(node);
    assert.equal(files?.kind, 'file');
    assert.equal(api.tree.getTreeItem(files).label, 'Files');
    const entries = await api.tree.getChildren(files);
    for (const entry of entries) assert.equal(entry.kind, 'file');
  });

  it('follows suspend and resume in place', async () => {
    const before = await statusBecomes('active');
    const suspended = await vscode.commands.executeCommand<Instance | undefined>(
      'operator.instance.suspend',
      before,
    );
    assert.equal(suspended?.status, 'suspended');
    const node = await statusBecomes('suspended');
    assert.equal(node, before, 'the node object is kept across updates');
    const item = itemOf(node);
    assert.equal(item.id, `instance:${name}`);
    assert.equal(item.contextValue, 'operator.instance.suspended');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'debug-pause');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.deepEqual(await api.tree.getChildren(node), []);

    await vscode.commands.executeCommand('operator.instance.resume', name);
    assert.equal((await statusBecomes('active')).instance.status, 'active');
  });

  it('follows stop and start', async () => {
    await vscode.commands.executeCommand('operator.instance.stop', { name });
    const stopped = itemOf(await statusBecomes('inactive'));
    assert.equal(stopped.contextValue, 'operator.instance.inactive');
    assert.equal((stopped.iconPath as vscode.ThemeIcon).id, 'vm-outline');
    await vscode.commands.executeCommand('operator.instance.start', name);
    await statusBecomes('active');
  });

  it('shows the logs of the instance', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
      'operator.instance.showLogs',
      name,
    );
    assert.ok(document);
    assert.equal(document.uri.scheme, 'operator-logs');
    assert.doesNotMatch(document.getText(), /cannot be shown/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('removes the node when the instance is deleted', async () => {
    const deleted = await vscode.commands.executeCommand<Instance | undefined>(
      'operator.instance.delete',
      name,
      { confirmed: true },
    );
    assert.ok(deleted?.deletedAt);
    await waitFor(
      `${name} to leave the tree`,
      () => api.tree.node(name) === undefined || undefined,
    );
    const roots = await api.tree.getChildren();
    assert.equal(
      roots.some((node) => node.kind === 'instance' && node.instance.name === name),
      false,
    );
  });
});
