// Delete an instance, after a modal confirmation that names what is lost with it.
import * as vscode from 'vscode';
import { InstanceDeleteRequest, type Instance } from '../../server/protocol';
import { INSTANCE_HOME } from '../fs/uri';
import type { CommandContext } from './context';
import { resolveInstance, type InstanceTarget } from './instanceTarget';
import { showError } from './showError';

export interface DeleteOptions {
  /** For callers that have asked already, such as tests. */
  confirmed?: boolean;
}

export async function deleteInstance(
  context: CommandContext,
  target: InstanceTarget,
  options: DeleteOptions = {},
): Promise<Instance | undefined> {
  const name = await resolveInstance(
    context,
    target,
    ['active', 'inactive', 'suspended'],
    'Instance to delete',
  );
  if (!name) return undefined;
  if (!options.confirmed && !(await confirm(name))) return undefined;
  try {
    const instance = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting ${name}…` },
      () => context.client.send(InstanceDeleteRequest.type, { name }),
    );
    context.log.info(`[Instances] deleted ${name}`);
    return instance;
  } catch (error) {
    void showError(context.log, `Cannot delete ${name}`, error);
    return undefined;
  }
}

async function confirm(name: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `Delete instance "${name}"?`,
    {
      modal: true,
      detail:
        `Its container and its home volume are removed, with every file under ` +
        `${INSTANCE_HOME} and anything installed there. This cannot be undone.`,
    },
    'Delete',
  );
  return answer === 'Delete';
}
