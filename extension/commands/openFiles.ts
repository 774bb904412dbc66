// Open an instance's files: its home joins the workspace as one more folder. Appending
// keeps the first folder in place, so VS Code does not restart the other extensions.
import * as vscode from 'vscode';
import { instanceUri, INSTANCE_HOME } from '../fs/uri';
import type { CommandContext } from './context';
import { resolveInstance, type InstanceTarget } from './instanceTarget';

export async function openFiles(
  context: CommandContext,
  target: InstanceTarget,
): Promise<vscode.Uri | undefined> {
  const name = await resolveInstance(context, target, ['active'], 'Instance whose files to open');
  if (!name) return undefined;
  const uri = instanceUri(name, INSTANCE_HOME);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const open = folders.find((folder) => folder.uri.toString() === uri.toString());
  if (open) {
    await vscode.commands.executeCommand('workbench.view.explorer');
    return uri;
  }
  const added = vscode.workspace.updateWorkspaceFolders(folders.length, 0, {
    uri,
    name: `${name} (Operator)`,
  });
  if (!added) {
    void vscode.window.showErrorMessage(`Cannot add the files of ${name} to the workspace.`);
    return undefined;
  }
  context.log.info(`[Files] added ${uri.toString()} to the workspace`);
  await vscode.commands.executeCommand('workbench.view.explorer');
  return uri;
}
