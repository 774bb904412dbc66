// What each CLI command asks of the server, and how it shows the answer. Every
// decision is the server's; this file only translates between the command line and
// the protocol.
import type { MessageConnection, RequestType } from 'vscode-jsonrpc';
import {
  InstanceCreateRequest,
  InstanceDeleteRequest,
  InstanceDidChangeNotification,
  InstanceExecRequest,
  InstanceGetRequest,
  InstanceListRequest,
  InstanceLogsRequest,
  InstanceResumeRequest,
  InstanceStartRequest,
  InstanceStopRequest,
  InstanceSuspendRequest,
  PlanGetRequest,
  PlanSetRequest,
  type ErrorData,
  type Instance,
  type InstanceParams,
} from '../protocol';
import type { Command, LifecycleVerb } from './args';
import { describeStatus, formatInstance, formatInstanceList, formatPlan } from './format';
import type { Output } from './output';

/** The commands that need a server; help and version are answered without one. */
export type ServerCommand = Exclude<Command, { kind: 'help' } | { kind: 'version' }>;

const LIFECYCLE_REQUESTS: Record<
  LifecycleVerb,
  RequestType<InstanceParams, Instance, ErrorData>
> = {
  start: InstanceStartRequest.type,
  stop: InstanceStopRequest.type,
  suspend: InstanceSuspendRequest.type,
  resume: InstanceResumeRequest.type,
  delete: InstanceDeleteRequest.type,
};

/** Runs `command` and resolves to the process's exit code; failures are thrown. */
export async function runCommand(
  connection: MessageConnection,
  command: ServerCommand,
  output: Output,
): Promise<number> {
  switch (command.kind) {
    case 'list': {
      const params = { includeDeleted: command.includeDeleted };
      const instances = await connection.sendRequest(InstanceListRequest.type, params);
      output.result(instances, (list) => formatInstanceList(list, new Date()));
      return 0;
    }
    case 'create': {
      const request = connection.sendRequest(InstanceCreateRequest.type, command.params);
      const instance = await withProgress(connection, command.params.name, output, request);
      output.result(instance, summary);
      return 0;
    }
    case 'get': {
      const instance = await connection.sendRequest(InstanceGetRequest.type, {
        name: command.name,
      });
      output.result(instance, formatInstance);
      return 0;
    }
    case 'lifecycle': {
      const type = LIFECYCLE_REQUESTS[command.verb];
      const request = connection.sendRequest(type, { name: command.name });
      output.result(await withProgress(connection, command.name, output, request), summary);
      return 0;
    }
    case 'exec': {
      const result = await connection.sendRequest(InstanceExecRequest.type, command.params);
      output.result(result, (value) => {
        output.raw('stderr', value.stderr);
        return value.stdout;
      });
      return processExitCode(result.exitCode);
    }
    case 'logs': {
      const logs = await connection.sendRequest(InstanceLogsRequest.type, command.params);
      output.result(logs, (value) => endLine(value.text));
      return 0;
    }
    case 'plan':
      output.result(await connection.sendRequest(PlanGetRequest.type), formatPlan);
      return 0;
    case 'planSet': {
      const plan = await connection.sendRequest(PlanSetRequest.type, { name: command.plan });
      output.result(plan, formatPlan);
      return 0;
    }
  }
}

/** Shows the steps of provisioning an instance while `request` is pending. */
async function withProgress<T>(
  connection: MessageConnection,
  name: string,
  output: Output,
  request: Promise<T>,
): Promise<T> {
  let shown: string | undefined;
  const subscription = connection.onNotification(
    InstanceDidChangeNotification.type,
    ({ instance }) => {
      // The final status is the request's result, printed once it arrives.
      if (instance.name !== name || instance.status !== 'provisioning') return;
      const line = `${name}: ${describeStatus(instance)}`;
      if (line !== shown) output.progress(line);
      shown = line;
    },
  );
  try {
    return await request;
  } finally {
    subscription.dispose();
  }
}

/** Ends text with a newline, so that the shell prompt starts on a line of its own. */
function endLine(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

function summary(instance: Instance): string {
  return `${instance.name}: ${describeStatus(instance)}\n`;
}

/** A shell reports codes above 255 modulo 256, which could turn a failure into 0. */
function processExitCode(code: number): number {
  return Number.isInteger(code) && code >= 0 && code <= 255 ? code : 1;
}
