// Which instance a command acts on: the tree node it was invoked on, a name passed by a
// caller, or, from the palette, one the user picks among those the action suits.
import * as vscode from 'vscode';
import { InstanceListRequest, type Instance, type InstanceStatus } from '../../server/protocol';
import type { InstanceNode } from '../tree/nodes';
import type { CommandContext } from './context';

export type InstanceTarget = InstanceNode | string | { name: string } | undefined;

export async function resolveInstance(
  context: CommandContext,
  target: InstanceTarget,
  statuses: readonly InstanceStatus[],
  placeHolder: string,
): Promise<string | undefined> {
  if (typeof target === 'string') return target;
  if (target && 'kind' in target) return target.instance.name;
  if (target && 'name' in target) return target.name;
  return pickInstance(context, statuses, placeHolder);
}

async function pickInstance(
  context: CommandContext,
  statuses: readonly InstanceStatus[],
  placeHolder: string,
): Promise<string | undefined> {
  const instances = context.client
    .send(InstanceListRequest.type, {})
    .then((list) => list.filter((instance) => statuses.includes(instance.status)));
  const items = instances.then((list) => list.map(pickItem));
  const picked = await vscode.window.showQuickPick(items, { placeHolder });
  if (picked) return picked.label;
  if ((await instances).length === 0) {
    void vscode.window.showInformationMessage(
      `No instance is ${statuses.join(' or ')}, so there is none to choose.`,
    );
  }
  return undefined;
}

function pickItem(instance: Instance): vscode.QuickPickItem {
  return { label: instance.name, description: `${instance.status} · ${instance.type}` };
}
