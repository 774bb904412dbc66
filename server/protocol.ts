// The Operator protocol: every request and notification a client can send or receive,
// declared once. The server, the CLI and the extension import these types; PROTOCOL.md
// documents the same names for clients written in other languages.
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-jsonrpc';

export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------
// Shared shapes

export type InstanceType = 'prebuilt' | 'blank';
export type InstanceStatus = 'provisioning' | 'active' | 'inactive' | 'suspended';
export type NetworkMode = 'bridge' | 'none';
export type PlanName = 'basic' | 'pro' | 'max';

export interface Resources {
  /** CPUs the instance may use, fractional allowed (for example 0.5). */
  cpus: number;
  /** Memory limit in MiB. */
  memoryMb: number;
}

export interface Instance {
  name: string;
  type: InstanceType;
  status: InstanceStatus;
  image: string;
  network: NetworkMode;
  resources: Resources;
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
  /** Why the instance is in its status, when that was not the user's own doing. */
  statusReason?: string;
  deletedAt?: string;
}

export interface Plan {
  name: PlanName;
  /** How many instances may be active or provisioning at once. */
  limit: number;
  /** How many instances are active or provisioning now. */
  used: number;
}

export type ErrorKind =
  | 'InvalidParams'
  | 'NotFound'
  | 'AlreadyExists'
  | 'InvalidState'
  | 'PlanLimitReached'
  | 'DockerUnavailable'
  | 'Timeout'
  | 'FileNotFound'
  | 'FileExists'
  | 'FileNotADirectory'
  | 'FileIsADirectory'
  | 'NoPermissions'
  | 'Internal';

/** The `data` of every error the server answers with. */
export interface ErrorData {
  kind: ErrorKind;
  /** The instance the error concerns, where there is one. */
  instance?: string;
  /** The parameter that was wrong, for InvalidParams. */
  field?: string;
  /** The container path, for file errors. */
  path?: string;
}

export type FileType = 'file' | 'directory' | 'symlink';

export interface FileStat {
  type: FileType;
  size: number;
  /** Modification and status-change times in milliseconds since the epoch. */
  mtime: number;
  ctime: number;
  /** Permission bits (for example 0o644). */
  mode: number;
}

export type FileChangeType = 'created' | 'changed' | 'deleted';

export interface FileChange {
  type: FileChangeType;
  path: string;
}

// ---------------------------------------------------------------------------------------
// Lifecycle

export interface InitializeParams {
  clientName?: string;
}

export interface InitializeResult {
  server: { name: string; version: string };
  plan: Plan;
  /** The engine's version, or null with the reason when the engine does not answer. */
  docker: { version: string | null; error?: string };
}

export namespace InitializeRequest {
  export const method = 'initialize';
  export const type = new RequestType<InitializeParams, InitializeResult, ErrorData>(method);
}

export namespace ShutdownRequest {
  export const method = 'shutdown';
  export const type = new RequestType0<null, ErrorData>(method);
}

export namespace ExitNotification {
  export const method = 'exit';
  export const type = new NotificationType0(method);
}

// ---------------------------------------------------------------------------------------
// Plan

export namespace PlanGetRequest {
  export const method = 'plan/get';
  export const type = new RequestType0<Plan, ErrorData>(method);
}

export interface PlanSetParams {
  name: PlanName;
}

export namespace PlanSetRequest {
  export const method = 'plan/set';
  export const type = new RequestType<PlanSetParams, Plan, ErrorData>(method);
}

// ---------------------------------------------------------------------------------------
// Instances

export interface InstanceCreateParams {
  name: string;
  type?: InstanceType;
  image?: string;
  network?: NetworkMode;
  resources?: Partial<Resources>;
}

export namespace InstanceCreateRequest {
  export const method = 'instance/create';
  export const type = new RequestType<InstanceCreateParams, Instance, ErrorData>(method);
}

export interface InstanceListParams {
  includeDeleted?: boolean;
}

export namespace InstanceListRequest {
  export const method = 'instance/list';
  export const type = new RequestType<InstanceListParams, Instance[], ErrorData>(method);
}

export interface InstanceParams {
  name: string;
}

export namespace InstanceGetRequest {
  export const method = 'instance/get';
  export const type = new RequestType<InstanceParams, Instance, ErrorData>(method);
}

export namespace InstanceStopRequest {
  export const method = 'instance/stop';
  export const type = new RequestType<InstanceParams, Instance, ErrorData>(method);
}

export namespace InstanceStartRequest {
  export const method = 'instance/start';
  export const type = new RequestType<InstanceParams, Instance, ErrorData>(method);
}

export namespace InstanceSuspendRequest {
  export const method = 'instance/suspend';
  export const type = new RequestType<InstanceParams, Instance, ErrorData>(method);
}

export namespace InstanceResumeRequest {
  export const method = 'instance/resume';
  export const type = new RequestType<InstanceParams, Instance, ErrorData>(method);
}

export namespace InstanceDeleteRequest {
  export const method = 'instance/delete';
  export const type = new RequestType<InstanceParams, Instance, ErrorData>(method);
}

export interface InstanceExecParams {
  name: string;
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Text written to the process's standard input, which is then closed. */
  stdin?: string;
  timeoutMs?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export namespace InstanceExecRequest {
  export const method = 'instance/exec';
  export const type = new RequestType<InstanceExecParams, ExecResult, ErrorData>(method);
}

export interface InstanceLogsParams {
  name: string;
  tail?: number;
}

export namespace InstanceLogsRequest {
  export const method = 'instance/logs';
  export const type = new RequestType<InstanceLogsParams, { text: string }, ErrorData>(method);
}

export interface InstanceDidChangeParams {
  instance: Instance;
}

export namespace InstanceDidChangeNotification {
  export const method = 'instance/didChange';
  export const type = new NotificationType<InstanceDidChangeParams>(method);
}

// ---------------------------------------------------------------------------------------
// Files

export interface PathParams {
  name: string;
  path: string;
}

export namespace FsStatRequest {
  export const method = 'fs/stat';
  export const type = new RequestType<PathParams, FileStat, ErrorData>(method);
}

export namespace FsReadDirectoryRequest {
  export const method = 'fs/readDirectory';
  export const type = new RequestType<PathParams, [string, FileType][], ErrorData>(method);
}

export namespace FsReadFileRequest {
  export const method = 'fs/readFile';
  export const type = new RequestType<PathParams, { content: string }, ErrorData>(method);
}

export interface FsWriteFileParams extends PathParams {
  /** The new content, base64. */
  content: string;
  create: boolean;
  overwrite: boolean;
}

export namespace FsWriteFileRequest {
  export const method = 'fs/writeFile';
  export const type = new RequestType<FsWriteFileParams, null, ErrorData>(method);
}

export namespace FsCreateDirectoryRequest {
  export const method = 'fs/createDirectory';
  export const type = new RequestType<PathParams, null, ErrorData>(method);
}

export interface FsDeleteParams extends PathParams {
  recursive: boolean;
}

export namespace FsDeleteRequest {
  export const method = 'fs/delete';
  export const type = new RequestType<FsDeleteParams, null, ErrorData>(method);
}

export interface FsRenameParams {
  name: string;
  from: string;
  to: string;
  overwrite: boolean;
}

export namespace FsRenameRequest {
  export const method = 'fs/rename';
  export const type = new RequestType<FsRenameParams, null, ErrorData>(method);
}

export interface FsWatchParams extends PathParams {
  recursive: boolean;
  /** Glob patterns (`*`, `**`, `?`) of paths not to report. */
  excludes?: string[];
}

export namespace FsWatchRequest {
  export const method = 'fs/watch';
  export const type = new RequestType<FsWatchParams, { watchId: string }, ErrorData>(method);
}

export namespace FsUnwatchRequest {
  export const method = 'fs/unwatch';
  export const type = new RequestType<{ watchId: string }, null, ErrorData>(method);
}

export interface FsDidChangeParams {
  name: string;
  watchId: string;
  changes: FileChange[];
}

export namespace FsDidChangeNotification {
  export const method = 'fs/didChange';
  export const type = new NotificationType<FsDidChangeParams>(method);
}

// ---------------------------------------------------------------------------------------
// Terminals: a process on a TTY in an instance, owned by the client that opened it.

export interface TerminalOpenParams {
  /** The instance. */
  name: string;
  cols: number;
  rows: number;
  /** The command to run; the user's login shell when absent. */
  command?: string[];
  cwd?: string;
}

export namespace TerminalOpenRequest {
  export const method = 'terminal/open';
  export const type = new RequestType<TerminalOpenParams, { terminalId: string }, ErrorData>(
    method,
  );
}

export interface TerminalInputParams {
  terminalId: string;
  /** What the user typed, as the terminal sends it (UTF-8 text with control sequences). */
  data: string;
}

export namespace TerminalInputRequest {
  export const method = 'terminal/input';
  export const type = new RequestType<TerminalInputParams, null, ErrorData>(method);
}

export interface TerminalResizeParams {
  terminalId: string;
  cols: number;
  rows: number;
}

export namespace TerminalResizeRequest {
  export const method = 'terminal/resize';
  export const type = new RequestType<TerminalResizeParams, null, ErrorData>(method);
}

export namespace TerminalCloseRequest {
  export const method = 'terminal/close';
  export const type = new RequestType<{ terminalId: string }, null, ErrorData>(method);
}

export interface TerminalOutputParams {
  terminalId: string;
  /** Output decoded as UTF-8 by the server, never split inside a character. */
  data: string;
}

export namespace TerminalOutputNotification {
  export const method = 'terminal/output';
  export const type = new NotificationType<TerminalOutputParams>(method);
}

export interface TerminalDidExitParams {
  terminalId: string;
  exitCode: number;
}

export namespace TerminalDidExitNotification {
  export const method = 'terminal/didExit';
  export const type = new NotificationType<TerminalDidExitParams>(method);
}

/** Every request method, for checks that the server and PROTOCOL.md cover them all. */
export const REQUEST_METHODS = [
  InitializeRequest.method,
  ShutdownRequest.method,
  PlanGetRequest.method,
  PlanSetRequest.method,
  InstanceCreateRequest.method,
  InstanceListRequest.method,
  InstanceGetRequest.method,
  InstanceStopRequest.method,
  InstanceStartRequest.method,
  InstanceSuspendRequest.method,
  InstanceResumeRequest.method,
  InstanceDeleteRequest.method,
  InstanceExecRequest.method,
  InstanceLogsRequest.method,
  FsStatRequest.method,
  FsReadDirectoryRequest.method,
  FsReadFileRequest.method,
  FsWriteFileRequest.method,
  FsCreateDirectoryRequest.method,
  FsDeleteRequest.method,
  FsRenameRequest.method,
  FsWatchRequest.method,
  FsUnwatchRequest.method,
  TerminalOpenRequest.method,
  TerminalInputRequest.method,
  TerminalResizeRequest.method,
  TerminalCloseRequest.method,
] as const;

export const NOTIFICATION_METHODS = [
  ExitNotification.method,
  InstanceDidChangeNotification.method,
  FsDidChangeNotification.method,
  TerminalOutputNotification.method,
  TerminalDidExitNotification.method,
] as const;
