// The extension's entry point. Activation only wires things up: the first server round
// trip happens when the tree is shown, a command runs or an operator: file is opened.
import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { affectsServer } from './config';
import { ServerClient } from './connection/serverClient';
import { removeFoldersOfDeletedInstances } from './fs/instanceFolders';
import { OperatorFileSystem } from './fs/operatorFileSystem';
import { SCHEME } from './fs/uri';
import { createLog, messageOf } from './log';
import { InstanceLogs, LOGS_SCHEME } from './logs/instanceLogs';
import { PlanStatus } from './status/planStatus';
import { InstancesTree } from './tree/instancesTree';

/** What activate() returns, for tests and for other extensions. */
export interface OperatorApi {
  readonly client: ServerClient;
  readonly tree: InstancesTree;
  readonly fileSystem: OperatorFileSystem;
  /** How long activate() took, in milliseconds. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): OperatorApi {
  const started = performance.now();
  const log = createLog();
  const client = new ServerClient(context.extensionPath, log);
  const fileSystem = new OperatorFileSystem(client, log);
  const tree = new InstancesTree(client, log);
  const planStatus = new PlanStatus(client);
  const view = vscode.window.createTreeView('operator.instances', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });

  context.subscriptions.push(
    log,
    client,
    fileSystem,
    tree,
    planStatus,
    view,
    vscode.workspace.registerFileSystemProvider(SCHEME, fileSystem, { isCaseSensitive: true }),
    removeFoldersOfDeletedInstances(client, log),
    vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, new InstanceLogs(client)),
    tree.onDidChangeMessage((message) => (view.message = message)),
    // The view's welcome content tells an empty list from an unreachable server.
    client.onDidChangeState((state) => {
      void vscode.commands.executeCommand('setContext', 'operator.serverState', state.kind);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsServer(event) || client.state.kind === 'idle') return;
      log.info('[Server] settings changed; connecting anew');
      client.reconnect().then(
        () => tree.refresh(),
        (error: unknown) => log.error(`[Server] ${messageOf(error)}`),
      );
    }),
    ...registerCommands({ client, tree, log, planStatus }),
  );

  const activationMs = performance.now() - started;
  log.info(`[Activation] ready in ${activationMs.toFixed(1)} ms`);
  return { client, tree, fileSystem, activationMs };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the server keeps running for other clients.
}
