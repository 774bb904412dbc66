// The agent protocol: what the server asks of the agent inside an instance container, over
// the one `docker exec` stream it starts the agent with. Paths are container paths; there is
// no instance name, since each agent serves exactly one instance. Errors carry ErrorData
// with the kind and the path they concern, the same shape the client protocol uses.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { ErrorData, ExecResult, FileChange, FileStat, FileType } from '../protocol';

/** Bumped whenever a request changes shape, so a server notices an image with an old agent. */
export const AGENT_PROTOCOL_VERSION = 1;

/** Where the instance image keeps the bundled agent. */
export const AGENT_PATH = '/opt/operator/agent.js';

export interface HelloResult {
  version: number;
  /** The agent's process id inside the container. */
  pid: number;
  /** The Node release running the agent, for example `v18.19.0`. */
  node: string;
}

export namespace HelloRequest {
  export const method = 'agent/hello';
  export const type = new RequestType0<HelloResult, ErrorData>(method);
}

// ---------------------------------------------------------------------------------------
// Files

export interface AgentPathParams {
  path: string;
}

export namespace AgentStatRequest {
  export const method = 'fs/stat';
  export const type = new RequestType<AgentPathParams, FileStat, ErrorData>(method);
}

export namespace AgentReadDirectoryRequest {
  export const method = 'fs/readDirectory';
  export const type = new RequestType<AgentPathParams, [string, FileType][], ErrorData>(method);
}

export namespace AgentReadFileRequest {
  export const method = 'fs/readFile';
  export const type = new RequestType<AgentPathParams, { content: string }, ErrorData>(method);
}

export interface AgentWriteFileParams extends AgentPathParams {
  /** The new content, base64. */
  content: string;
  create: boolean;
  overwrite: boolean;
}

export namespace AgentWriteFileRequest {
  export const method = 'fs/writeFile';
  export const type = new RequestType<AgentWriteFileParams, null, ErrorData>(method);
}

export namespace AgentCreateDirectoryRequest {
  export const method = 'fs/createDirectory';
  export const type = new RequestType<AgentPathParams, null, ErrorData>(method);
}

export interface AgentDeleteParams extends AgentPathParams {
  recursive: boolean;
}

export namespace AgentDeleteRequest {
  export const method = 'fs/delete';
  export const type = new RequestType<AgentDeleteParams, null, ErrorData>(method);
}

export interface AgentRenameParams {
  from: string;
  to: string;
  overwrite: boolean;
}

export namespace AgentRenameRequest {
  export const method = 'fs/rename';
  export const type = new RequestType<AgentRenameParams, null, ErrorData>(method);
}

// ---------------------------------------------------------------------------------------
// Processes

export interface AgentRunParams {
  /** The program and its arguments, run without a shell. */
  command: string[];
  /** Defaults to the home directory of the agent's user. */
  cwd?: string;
  /** Merged over the agent's own environment. */
  env?: Record<string, string>;
  /** Written to the process's standard input, which is then closed. */
  stdin?: string;
  timeoutMs?: number;
}

export namespace AgentRunRequest {
  export const method = 'proc/run';
  export const type = new RequestType<AgentRunParams, ExecResult, ErrorData>(method);
}

// ---------------------------------------------------------------------------------------
// Watching

export interface AgentWatchParams extends AgentPathParams {
  recursive: boolean;
  /** Glob patterns (`*`, `**`, `?`) of paths not to report. */
  excludes: string[];
}

export namespace AgentWatchStartRequest {
  export const method = 'watch/start';
  export const type = new RequestType<AgentWatchParams, { watchId: string }, ErrorData>(method);
}

export namespace AgentWatchStopRequest {
  export const method = 'watch/stop';
  export const type = new RequestType<{ watchId: string }, null, ErrorData>(method);
}

export interface AgentWatchDidChangeParams {
  watchId: string;
  changes: FileChange[];
}

export namespace AgentWatchDidChangeNotification {
  export const method = 'watch/didChange';
  export const type = new NotificationType<AgentWatchDidChangeParams>(method);
}
