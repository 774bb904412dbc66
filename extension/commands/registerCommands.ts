// Every command of the extension, registered in one place. The ids match `contributes.commands`
// in package.json; a test checks that each contributed command is registered here.
import * as vscode from 'vscode';
import type { InstanceCreateParams, PlanName } from '../../server/protocol';
import type { CommandContext } from './context';
import { createInstance } from './createInstance';
import { deleteInstance, type DeleteOptions } from './deleteInstance';
import type { InstanceTarget } from './instanceTarget';
import { RESUME, runLifecycle, START, STOP, SUSPEND } from './lifecycle';
import { openFiles } from './openFiles';
import { openTerminal } from './openTerminal';
import { setPlan } from './setPlan';
import { showError } from './showError';
import { showLogs } from './showLogs';

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const { client, tree, log } = context;
  const register = vscode.commands.registerCommand;
  return [
    register('operator.instance.create', (given?: Partial<InstanceCreateParams>) =>
      createInstance(context, given),
    ),
    register('operator.instance.start', (target?: InstanceTarget) =>
      runLifecycle(context, START, target),
    ),
    register('operator.instance.stop', (target?: InstanceTarget) =>
      runLifecycle(context, STOP, target),
    ),
    register('operator.instance.suspend', (target?: InstanceTarget) =>
      runLifecycle(context, SUSPEND, target),
    ),
    register('operator.instance.resume', (target?: InstanceTarget) =>
      runLifecycle(context, RESUME, target),
    ),
    register('operator.instance.delete', (target?: InstanceTarget, options?: DeleteOptions) =>
      deleteInstance(context, target, options),
    ),
    register('operator.instance.openFiles', (target?: InstanceTarget) =>
      openFiles(context, target),
    ),
    register('operator.instance.openTerminal', (target?: InstanceTarget) =>
      openTerminal(context, target),
    ),
    register('operator.instance.showLogs', (target?: InstanceTarget) => showLogs(context, target)),
    register('operator.plan.set', (name?: PlanName) => setPlan(context, name)),
    register('operator.instances.refresh', () => tree.refresh()),
    register('operator.server.reconnect', () =>
      client.reconnect().then(
        () => undefined,
        (error: unknown) => showError(log, 'Cannot reach the Operator server', error),
      ),
    ),
    register('operator.log.show', () => log.show(true)),
  ];
}
