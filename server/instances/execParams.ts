// Checks of instance/exec parameters, before anything runs in the instance.
import { OperatorError } from '../errors';
import type { RunOptions } from '../files/backend';
import type { InstanceExecParams } from '../protocol';

export function checkExecParams(given: InstanceExecParams | undefined): RunOptions {
  const params: Partial<InstanceExecParams> = given ?? {};
  const invalid = (field: string, message: string) =>
    new OperatorError('InvalidParams', message, { field });
  const command = params?.command;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.some((a) => typeof a !== 'string')
  ) {
    throw invalid('command', 'command must be a non-empty list of strings, such as ["ls", "-la"].');
  }
  if (params.cwd !== undefined && (typeof params.cwd !== 'string' || !params.cwd.startsWith('/'))) {
    throw invalid('cwd', 'cwd must be an absolute path in the container.');
  }
  if (
    params.env !== undefined &&
    (typeof params.env !== 'object' ||
      params.env === null ||
      Object.values(params.env).some((value) => typeof value !== 'string'))
  ) {
    throw invalid('env', 'env must map variable names to string values.');
  }
  if (params.stdin !== undefined && typeof params.stdin !== 'string') {
    throw invalid('stdin', 'stdin must be a string.');
  }
  if (
    params.timeoutMs !== undefined &&
    (typeof params.timeoutMs !== 'number' ||
      !Number.isFinite(params.timeoutMs) ||
      params.timeoutMs <= 0)
  ) {
    throw invalid('timeoutMs', 'timeoutMs must be a positive number of milliseconds.');
  }
  return {
    command,
    cwd: params.cwd,
    env: params.env,
    stdin: params.stdin,
    timeoutMs: params.timeoutMs,
  };
}
