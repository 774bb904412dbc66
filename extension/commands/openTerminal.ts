// Open a terminal in an instance: a pseudoterminal over a TTY process the server runs.
import * as vscode from 'vscode';
import { InstancePty } from '../terminal/instancePty';
import type { CommandContext } from './context';
import { resolveInstance, type InstanceTarget } from './instanceTarget';

export async function openTerminal(
  context: CommandContext,
  target: InstanceTarget,
): Promise<vscode.Terminal | undefined> {
  const name = await resolveInstance(context, target, ['active'], 'Instance to open a terminal in');
  if (!name) return undefined;
  const terminal = vscode.window.createTerminal({
    name: `Operator: ${name}`,
    pty: new InstancePty(context.client, name, context.log),
    iconPath: new vscode.ThemeIcon('vm'),
  });
  terminal.show();
  return terminal;
}
