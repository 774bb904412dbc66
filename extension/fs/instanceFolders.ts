// A deleted instance takes its files with it, so the workspace folders that showed them
// (added by Open Files) are removed as soon as the server announces the deletion.
import * as vscode from 'vscode';
import type { ServerClient } from '../connection/serverClient';
import type { Log } from '../log';
import { SCHEME } from './uri';

export function removeFoldersOfDeletedInstances(client: ServerClient, log: Log): vscode.Disposable {
  return client.notifications.onInstanceDidChange(({ instance }) => {
    if (!instance.deletedAt) return;
    const folders = vscode.workspace.workspaceFolders ?? [];
    // From the last, so that each index still points at the folder it was found for.
    for (let index = folders.length - 1; index >= 0; index--) {
      const { uri } = folders[index];
      if (uri.scheme !== SCHEME || uri.authority !== instance.name) continue;
      if (vscode.workspace.updateWorkspaceFolders(index, 1)) {
        log.info(`[Files] removed ${uri.toString()}: the instance was deleted`);
      }
    }
  });
}
