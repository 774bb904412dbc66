// What the server needs from an instance to serve its files and run its processes.
// Two implementations: the agent inside the container (fast, one long-lived stream)
// and the Docker archive API for containers of images that carry no agent.
import type { CancellationToken } from 'vscode-jsonrpc';
import type { ExecResult, FileChange, FileStat, FileType } from '../protocol';

export interface RunOptions {
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

export interface WatchOptions {
  recursive: boolean;
  excludes: string[];
}

export interface InstanceBackend {
  /** `agent` when the in-container agent answers, `archive` for the Docker API fallback. */
  readonly kind: 'agent' | 'archive';
  stat(path: string): Promise<FileStat>;
  readDirectory(path: string): Promise<[string, FileType][]>;
  readFile(path: string): Promise<Buffer>;
  writeFile(
    path: string,
    content: Buffer,
    flags: { create: boolean; overwrite: boolean },
  ): Promise<void>;
  createDirectory(path: string): Promise<void>;
  delete(path: string, recursive: boolean): Promise<void>;
  rename(from: string, to: string, overwrite: boolean): Promise<void>;
  /** A cancelled run is killed and fails with CancelledError where the backend can kill it. */
  run(options: RunOptions, cancellation?: CancellationToken): Promise<ExecResult>;
  /** Resolves with a watch id; changes arrive through the listener given at connect time. */
  watch(path: string, options: WatchOptions): Promise<string>;
  unwatch(watchId: string): Promise<void>;
  /** Ends the stream to the instance; pending calls fail with InvalidState. */
  dispose(): void;
}

export type WatchListener = (watchId: string, changes: FileChange[]) => void;
