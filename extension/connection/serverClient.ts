// The window's link to the server of its data folder. The first request connects (and
// starts the server when none runs); if the server dies later, the client reconnects with
// backoff and tells its listeners, which then restore what they had (watches, the tree).
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ResponseError,
  type MessageConnection,
  type RequestType,
  type RequestType0,
} from 'vscode-jsonrpc';
import { connectToServer, type ServerConnection } from '../../server/client/connect';
import { OperatorError, toOperatorError } from '../../server/errors';
import type { ErrorData } from '../../server/protocol';
import { configuredDataDir, configuredDockerHost } from '../config';
import type { Log } from '../log';
import { Backoff } from './backoff';
import { Notifications } from './notifications';
import type { ServerState } from './serverState';

/** The code by which a JSON-RPC server says it honoured $/cancelRequest (as LSP defines it). */
const REQUEST_CANCELLED = -32800;

export class ServerClient implements vscode.Disposable {
  private server: ServerConnection | undefined;
  private pending: Promise<ServerConnection> | undefined;
  private current: ServerState = { kind: 'idle' };
  private everConnected = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly backoff = new Backoff(500, 30_000);
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly connectEmitter = new vscode.EventEmitter<MessageConnection>();

  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires for every new connection, the first and each reconnection. */
  readonly onDidConnect = this.connectEmitter.event;

  /** The server's notifications, whichever connection they arrive on. */
  readonly notifications = new Notifications();

  constructor(
    private readonly extensionPath: string,
    private readonly log: Log,
  ) {}

  get state(): ServerState {
    return this.current;
  }

  /** The connection to the server, made when first needed. */
  async connection(): Promise<MessageConnection> {
    if (this.server) return this.server.connection;
    if (!this.pending) {
      this.pending = this.connect().finally(() => (this.pending = undefined));
    }
    return (await this.pending).connection;
  }

  async send<P, R>(
    type: RequestType<P, R, ErrorData>,
    params: P,
    token?: vscode.CancellationToken,
  ): Promise<R> {
    const connection = await this.connection();
    try {
      const result = await connection.sendRequest(type, params, token);
      if (reachesDocker(type.method)) this.succeeded();
      return result;
    } catch (error) {
      throw this.failure(error, token);
    }
  }

  async send0<R>(type: RequestType0<R, ErrorData>): Promise<R> {
    const connection = await this.connection();
    try {
      return await connection.sendRequest(type);
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** Drops the connection and connects anew, for a retry or a change of settings. */
  reconnect(): Promise<MessageConnection> {
    this.clearRetry();
    this.backoff.reset();
    const old = this.server;
    this.server = undefined;
    old?.dispose();
    return this.connection();
  }

  dispose(): void {
    this.disposed = true;
    this.clearRetry();
    this.server?.dispose();
    this.server = undefined;
    this.notifications.dispose();
    this.stateEmitter.dispose();
    this.connectEmitter.dispose();
  }

  private async connect(): Promise<ServerConnection> {
    this.setState({ kind: 'connecting' });
    const started = Date.now();
    let server: ServerConnection;
    try {
      server = await connectToServer({
        dataDir: configuredDataDir(),
        serverScript: path.join(this.extensionPath, 'dist', 'server.js'),
        nodePath: process.execPath,
        clientName: `vscode ${vscode.version}`,
        env: serverEnvironment(),
      });
    } catch (error) {
      const failure = toOperatorError(error);
      this.log.error(`[Server] cannot connect: ${failure.message}`);
      this.setState({
        kind: 'unavailable',
        message: failure.message,
        dockerUnavailable: failure.kind === 'DockerUnavailable',
        reconnecting: this.everConnected,
      });
      if (this.everConnected) this.scheduleReconnect();
      throw failure;
    }
    if (this.disposed) {
      server.dispose();
      throw new OperatorError('Internal', 'The Operator extension is shutting down.');
    }
    this.server = server;
    this.everConnected = true;
    this.backoff.reset();
    server.connection.onClose(() => this.closed(server));
    this.notifications.attach(server.connection);
    const { name, version } = server.initialize.server;
    const docker = server.initialize.docker;
    this.log.info(
      `[Server] connected to ${name} ${version} for ${server.dataDir} in ` +
        `${Date.now() - started} ms (Docker ${docker.version ?? 'unavailable'})`,
    );
    if (docker.error) this.log.warn(`[Server] ${docker.error}`);
    this.setState({
      kind: 'connected',
      initialize: server.initialize,
      dataDir: server.dataDir,
      dockerAvailable: Boolean(docker.version),
      dockerError: docker.error,
    });
    this.connectEmitter.fire(server.connection);
    return server;
  }

  private closed(server: ServerConnection): void {
    if (this.server !== server || this.disposed) return;
    this.server = undefined;
    this.log.warn('[Server] the connection to the server closed');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.clearRetry();
    const delay = this.backoff.next();
    this.log.info(`[Server] reconnecting in ${delay} ms`);
    if (this.current.kind !== 'unavailable') {
      this.setState({
        kind: 'unavailable',
        message: 'The Operator server stopped.',
        dockerUnavailable: false,
        reconnecting: true,
      });
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      // A failed attempt schedules the next one itself.
      this.connection().catch(() => undefined);
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Turns a failed request into an OperatorError and notes what it says of Docker. */
  private failure(error: unknown, token?: vscode.CancellationToken): Error {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (token?.isCancellationRequested || code === REQUEST_CANCELLED) {
      return new vscode.CancellationError();
    }
    // A JSON-RPC error without Operator data (an unknown method) keeps its code.
    if (error instanceof ResponseError && !OperatorError.fromResponseError(error)) return error;
    const failure = toOperatorError(error);
    const state = this.current;
    if (
      failure.kind === 'DockerUnavailable' &&
      state.kind === 'connected' &&
      state.dockerAvailable
    ) {
      this.setState({ ...state, dockerAvailable: false, dockerError: failure.message });
    }
    return failure;
  }

  /** A request that reached Docker proves the engine answers again. */
  private succeeded(): void {
    const state = this.current;
    if (state.kind === 'connected' && !state.dockerAvailable) {
      this.setState({ ...state, dockerAvailable: true, dockerError: undefined });
    }
  }

  private setState(state: ServerState): void {
    this.current = state;
    if (!this.disposed) this.stateEmitter.fire(state);
  }
}

/** Whether a request's success proves that the engine answers (the list is the store's). */
function reachesDocker(method: string): boolean {
  return /^(fs|terminal)\/|^instance\/(create|start|stop|suspend|resume|delete|exec|logs)$/.test(
    method,
  );
}

function serverEnvironment(): NodeJS.ProcessEnv {
  // In desktop VS Code process.execPath is Electron, which runs as plain Node only with
  // this variable; in code-server it is Node already and ignores it.
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const dockerHost = configuredDockerHost();
  if (dockerHost) env.DOCKER_HOST = dockerHost;
  return env;
}
