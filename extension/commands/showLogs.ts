// Show an instance's container logs in a read-only editor, fetched anew each time.
import * as vscode from 'vscode';
import { logsUri } from '../logs/instanceLogs';
import type { CommandContext } from './context';
import { resolveInstance, type InstanceTarget } from './instanceTarget';

export async function showLogs(
  context: CommandContext,
  target: InstanceTarget,
): Promise<vscode.TextDocument | undefined> {
  const name = await resolveInstance(
    context,
    target,
    ['provisioning', 'active', 'inactive'],
    'Instance whose logs to show',
  );
  if (!name) return undefined;
  const document = await vscode.workspace.openTextDocument(logsUri(name));
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}
