// The Instances tree. It loads the list once when first shown, then follows the server's
// instance/didChange notifications: each one redraws the one node it concerns.
import * as vscode from 'vscode';
import { InstanceListRequest, type Instance } from '../../server/protocol';
import type { ServerClient } from '../connection/serverClient';
import { instanceUri, INSTANCE_HOME } from '../fs/uri';
import { messageOf, type Log } from '../log';
import { fileTreeItem } from './fileItem';
import { instanceTreeItem } from './instanceItem';
import type { FileNode, InstanceNode, TreeNode } from './nodes';

export class InstancesTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly nodes = new Map<string, InstanceNode>();
  private loading: Promise<void> | undefined;
  /** Whether the last load finished, either way; a load under way gets the new connection. */
  private settled = false;
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly messageEmitter = new vscode.EventEmitter<string | undefined>();
  private readonly subscriptions: vscode.Disposable[];

  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** A message for the view when the list cannot be shown, undefined when it can. */
  readonly onDidChangeMessage = this.messageEmitter.event;

  constructor(
    private readonly client: ServerClient,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      client.notifications.onInstanceDidChange(({ instance }) => this.apply(instance)),
      // A new server may have seen changes the old connection never told of.
      client.onDidConnect(() => {
        if (this.settled) this.refresh();
      }),
    ];
  }

  /** The instances as the tree shows them now, for commands that pick one. */
  get instances(): Instance[] {
    return [...this.nodes.values()].map((node) => node.instance);
  }

  node(name: string): InstanceNode | undefined {
    return this.nodes.get(name);
  }

  refresh(): void {
    this.loading = undefined;
    this.settled = false;
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.kind === 'instance' ? instanceTreeItem(node.instance) : fileTreeItem(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'instance' ? undefined : this.nodes.get(node.instance);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    if (node.kind === 'instance') {
      if (node.instance.status !== 'active') return [];
      const home: FileNode = {
        kind: 'file',
        instance: node.instance.name,
        uri: instanceUri(node.instance.name, INSTANCE_HOME),
        directory: true,
        label: 'Files',
      };
      return [home];
    }
    return this.files(node);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
    this.messageEmitter.dispose();
  }

  private async roots(): Promise<TreeNode[]> {
    this.loading ??= this.load();
    await this.loading;
    return [...this.nodes.values()].sort((a, b) => a.instance.name.localeCompare(b.instance.name));
  }

  private async load(): Promise<void> {
    try {
      const list = await this.client.send(InstanceListRequest.type, {});
      const listed = new Set(list.map((instance) => instance.name));
      for (const name of this.nodes.keys()) if (!listed.has(name)) this.nodes.delete(name);
      for (const instance of list) this.merge(instance);
      this.messageEmitter.fire(undefined);
    } catch (error) {
      this.log.warn(`[Tree] cannot list instances: ${messageOf(error)}`);
      this.nodes.clear();
      this.messageEmitter.fire(`Cannot reach the Operator server: ${messageOf(error)}`);
      // The next expansion, refresh or connection tries again.
      this.loading = undefined;
    } finally {
      this.settled = true;
    }
  }

  private apply(instance: Instance): void {
    const known = this.nodes.has(instance.name);
    if (instance.deletedAt) {
      if (!known) return;
      this.nodes.delete(instance.name);
      this.changeEmitter.fire(undefined);
      return;
    }
    const node = this.merge(instance);
    // A known node redraws alone; a new one changes the list around it.
    this.changeEmitter.fire(known ? node : undefined);
  }

  /** Keeps the newer of what is known and what arrived, since a list may cross a change. */
  private merge(instance: Instance): InstanceNode {
    const node = this.nodes.get(instance.name);
    if (!node) {
      const created: InstanceNode = { kind: 'instance', instance };
      this.nodes.set(instance.name, created);
      return created;
    }
    if (instance.updatedAt >= node.instance.updatedAt) node.instance = instance;
    return node;
  }

  private async files(node: FileNode): Promise<FileNode[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(node.uri);
    } catch (error) {
      this.log.warn(`[Tree] cannot list ${node.uri.toString()}: ${messageOf(error)}`);
      return [];
    }
    return entries
      .map(([name, type]): FileNode => ({
        kind: 'file',
        instance: node.instance,
        uri: vscode.Uri.joinPath(node.uri, name),
        directory: (type & vscode.FileType.Directory) !== 0,
      }))
      .sort((a, b) =>
        a.directory === b.directory ? a.uri.path.localeCompare(b.uri.path) : a.directory ? -1 : 1,
      );
  }
}
