// Start, stop, suspend and resume: one request each, shown as progress until the server
// answers with the instance in its new status.
import * as vscode from 'vscode';
import type { RequestType } from 'vscode-jsonrpc';
import {
  InstanceResumeRequest,
  InstanceStartRequest,
  InstanceStopRequest,
  InstanceSuspendRequest,
  type ErrorData,
  type Instance,
  type InstanceParams,
  type InstanceStatus,
} from '../../server/protocol';
import type { CommandContext } from './context';
import { resolveInstance, type InstanceTarget } from './instanceTarget';
import { showError } from './showError';

interface LifecycleAction {
  request: RequestType<InstanceParams, Instance, ErrorData>;
  /** The statuses the action suits, as the tree's menus offer it. */
  from: readonly InstanceStatus[];
  /** For messages: "Starting", "start". */
  doing: string;
  verb: string;
}

export const START: LifecycleAction = {
  request: InstanceStartRequest.type,
  from: ['inactive'],
  doing: 'Starting',
  verb: 'start',
};

export const STOP: LifecycleAction = {
  request: InstanceStopRequest.type,
  from: ['active'],
  doing: 'Stopping',
  verb: 'stop',
};

export const SUSPEND: LifecycleAction = {
  request: InstanceSuspendRequest.type,
  from: ['active', 'inactive'],
  doing: 'Suspending',
  verb: 'suspend',
};

export const RESUME: LifecycleAction = {
  request: InstanceResumeRequest.type,
  from: ['suspended'],
  doing: 'Resuming',
  verb: 'resume',
};

export async function runLifecycle(
  context: CommandContext,
  action: LifecycleAction,
  target: InstanceTarget,
): Promise<Instance | undefined> {
  const name = await resolveInstance(context, target, action.from, `Instance to ${action.verb}`);
  if (!name) return undefined;
  try {
    const instance = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${action.doing} ${name}…` },
      () => context.client.send(action.request, { name }),
    );
    context.log.info(`[Instances] ${name} is ${instance.status} after ${action.verb}`);
    return instance;
  } catch (error) {
    void showError(context.log, `Cannot ${action.verb} ${name}`, error);
    return undefined;
  }
}
