// The server's side of the agent: starts the agent inside an instance container with one
// `docker exec` and serves the InstanceBackend over that stream, so that a file operation
// costs one JSON-RPC round trip rather than a process or an HTTP request.
import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import type {
  CancellationToken,
  MessageConnection,
  RequestType,
  RequestType0,
  ResponseError,
} from 'vscode-jsonrpc';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { CancelledError, OperatorError, REQUEST_CANCELLED } from '../errors';
import type { InstanceBackend, RunOptions, WatchListener, WatchOptions } from '../files/backend';
import { logger } from '../log';
import type { ErrorData, ExecResult, FileStat, FileType } from '../protocol';
import { startAgentExec } from './exec';
import {
  AGENT_PROTOCOL_VERSION,
  AgentCreateDirectoryRequest,
  AgentDeleteRequest,
  AgentReadDirectoryRequest,
  AgentReadFileRequest,
  AgentRenameRequest,
  AgentRunRequest,
  AgentStatRequest,
  AgentWatchDidChangeNotification,
  AgentWatchStartRequest,
  AgentWatchStopRequest,
  AgentWriteFileRequest,
  HelloRequest,
} from './protocol';

const log = logger('agent');

export interface AgentConnectOptions {
  instance: string;
  onWatchChange: WatchListener;
  /** Called once, when the stream to the agent ends for any reason other than dispose. */
  onClose: (reason: string) => void;
  /** How long the agent may take to answer its first request. */
  helloTimeoutMs?: number;
  /** Receives each line the agent writes to its stderr. */
  onLog?: (line: string) => void;
}

export class AgentBackend implements InstanceBackend {
  readonly kind = 'agent';
  private closed = false;

  private constructor(
    private readonly instance: string,
    private readonly connection: MessageConnection,
    private readonly stream: Duplex,
  ) {}

  static async connect(
    container: Docker.Container,
    options: AgentConnectOptions,
  ): Promise<AgentBackend> {
    const { instance } = options;
    const { stream, stdout, explain } = await startAgentExec(container, instance, options.onLog);
    const connection = createMessageConnection(
      new StreamMessageReader(stdout),
      new StreamMessageWriter(stream),
    );
    const backend = new AgentBackend(instance, connection, stream);
    connection.onNotification(AgentWatchDidChangeNotification.type, (params) =>
      options.onWatchChange(params.watchId, params.changes),
    );
    let started = false;
    const ended = new Promise<never>((_, reject) => {
      const onEnd = (error?: Error): void => {
        const cause = [error?.message, explain()].filter(Boolean).join(' | ');
        const reason = cause ? `the exec stream ended (${cause})` : 'the exec stream ended';
        // Rejected before closing, so that a pending hello fails with this reason.
        reject(
          new OperatorError(
            'InvalidState',
            `The agent of instance ${instance} did not start: ${reason}`,
            { instance },
          ),
        );
        if (backend.close() && started) {
          log.warn(`agent stopped: ${reason}`, instance);
          options.onClose(reason);
        }
      };
      stream.once('end', () => onEnd());
      stream.once('close', () => onEnd());
      stream.once('error', (error: Error) => onEnd(error));
    });
    ended.catch(() => undefined);
    connection.listen();

    try {
      const hello = await Promise.race([
        backend.call(HelloRequest.type),
        ended,
        helloDeadline(instance, options.helloTimeoutMs ?? 10_000),
      ]);
      if (hello.version !== AGENT_PROTOCOL_VERSION) {
        throw new OperatorError(
          'InvalidState',
          `The agent of instance ${instance} speaks protocol ${hello.version}, the server ` +
            `${AGENT_PROTOCOL_VERSION}: rebuild the instance image`,
          { instance },
        );
      }
      started = true;
      log.debug(`agent ${hello.pid} on Node ${hello.node} answered`, instance);
      return backend;
    } catch (error) {
      backend.dispose();
      throw error;
    }
  }

  stat(path: string): Promise<FileStat> {
    return this.call(AgentStatRequest.type, { path });
  }

  readDirectory(path: string): Promise<[string, FileType][]> {
    return this.call(AgentReadDirectoryRequest.type, { path });
  }

  async readFile(path: string): Promise<Buffer> {
    const { content } = await this.call(AgentReadFileRequest.type, { path });
    return Buffer.from(content, 'base64');
  }

  async writeFile(
    path: string,
    content: Buffer,
    flags: { create: boolean; overwrite: boolean },
  ): Promise<void> {
    await this.call(AgentWriteFileRequest.type, {
      path,
      content: content.toString('base64'),
      ...flags,
    });
  }

  async createDirectory(path: string): Promise<void> {
    await this.call(AgentCreateDirectoryRequest.type, { path });
  }

  async delete(path: string, recursive: boolean): Promise<void> {
    await this.call(AgentDeleteRequest.type, { path, recursive });
  }

  async rename(from: string, to: string, overwrite: boolean): Promise<void> {
    await this.call(AgentRenameRequest.type, { from, to, overwrite });
  }

  run(options: RunOptions, cancellation?: CancellationToken): Promise<ExecResult> {
    // The token travels on as the agent's own $/cancelRequest.
    return this.call(AgentRunRequest.type, options, cancellation);
  }

  async watch(path: string, options: WatchOptions): Promise<string> {
    const { watchId } = await this.call(AgentWatchStartRequest.type, { path, ...options });
    return watchId;
  }

  async unwatch(watchId: string): Promise<void> {
    await this.call(AgentWatchStopRequest.type, { watchId });
  }

  dispose(): void {
    this.close();
  }

  /** Answers whether this call was the one that closed the backend. */
  private close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    // Disposing rejects the calls still waiting; `call` turns that into InvalidState.
    this.connection.dispose();
    this.stream.destroy();
    return true;
  }

  private stopped(): OperatorError {
    const instance = this.instance;
    return new OperatorError('InvalidState', `The agent of instance ${instance} stopped`, {
      instance,
    });
  }

  private call<R>(type: RequestType0<R, ErrorData>): Promise<R>;
  private call<P, R>(
    type: RequestType<P, R, ErrorData>,
    params: P,
    cancellation?: CancellationToken,
  ): Promise<R>;
  private async call<P, R>(
    type: RequestType0<R, ErrorData> | RequestType<P, R, ErrorData>,
    params?: P,
    cancellation?: CancellationToken,
  ): Promise<R> {
    if (this.closed) throw this.stopped();
    try {
      return params === undefined
        ? await this.connection.sendRequest(type as RequestType0<R, ErrorData>)
        : await this.connection.sendRequest(
            type as RequestType<P, R, ErrorData>,
            params,
            cancellation,
          );
    } catch (error) {
      if (this.closed) throw this.stopped();
      const fromAgent = OperatorError.fromResponseError(error);
      if (fromAgent && (error as ResponseError<ErrorData>).code === REQUEST_CANCELLED) {
        throw new CancelledError(fromAgent.message, { instance: this.instance });
      }
      if (fromAgent) {
        throw new OperatorError(fromAgent.kind, fromAgent.message, {
          ...fromAgent.details,
          instance: this.instance,
        });
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new OperatorError('Internal', `The agent of instance ${this.instance}: ${message}`, {
        instance: this.instance,
      });
    }
  }
}

/** Rejects after the limit; the timer does not keep the server's event loop alive. */
function helloDeadline(instance: string, limitMs: number): Promise<never> {
  return new Promise<never>((_, reject) => {
    setTimeout(() => {
      reject(
        new OperatorError(
          'Timeout',
          `The agent of instance ${instance} did not answer within ${limitMs} ms`,
          { instance },
        ),
      );
    }, limitMs).unref();
  });
}
