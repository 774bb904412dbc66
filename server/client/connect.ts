// How a client reaches the server of a data folder: connect to its socket, and when no
// server answers there, start one detached so that it outlives this client and serves
// the next ones. Shared by the CLI and the VS Code extension.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { MessageConnection } from 'vscode-jsonrpc';
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
} from 'vscode-jsonrpc/node';
import { defaultDataDir, logPath, socketPath } from '../dataDir';
import { lockHolder } from '../dataLock';
import { OperatorError, toOperatorError } from '../errors';
import { InitializeRequest, type InitializeResult } from '../protocol';

export interface ConnectOptions {
  /** The data folder whose server to reach; defaultDataDir() when absent. */
  dataDir?: string;
  /** Absolute path of dist/server.js, started when no server answers. */
  serverScript: string;
  /** The Node binary that runs the server; process.execPath when absent. */
  nodePath?: string;
  /** Sent in `initialize` so that the server's log says who connected. */
  clientName: string;
  /** How long to wait for a server this call started; 15 s when absent. */
  startTimeoutMs?: number;
  /** The server's environment; an Electron host adds ELECTRON_RUN_AS_NODE=1 here. */
  env?: NodeJS.ProcessEnv;
}

export interface ServerConnection {
  connection: MessageConnection;
  initialize: InitializeResult;
  dataDir: string;
  dispose(): void;
}

const DEFAULT_START_TIMEOUT_MS = 15_000;
const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 250;

export async function connectToServer(options: ConnectOptions): Promise<ServerConnection> {
  const env = options.env ?? process.env;
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir(env));
  const socket =
    (await tryConnect(socketPath(dataDir))) ?? (await startAndConnect(options, dataDir, env));
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  return initialize(socket, dataDir, options.clientName, timeoutMs);
}

async function initialize(
  socket: net.Socket,
  dataDir: string,
  clientName: string,
  timeoutMs: number,
): Promise<ServerConnection> {
  const connection = createMessageConnection(
    new SocketMessageReader(socket),
    new SocketMessageWriter(socket),
  );
  const dispose = (): void => {
    connection.dispose();
    socket.destroy();
  };
  connection.listen();
  // A server that accepts connections but never answers would otherwise hang the client.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const what = `The Operator server at ${socketPath(dataDir)} did not answer initialize`;
      reject(new OperatorError('Internal', `${what}. See its log at ${logPath(dataDir)}.`));
    }, timeoutMs);
  });
  try {
    const request = connection.sendRequest(InitializeRequest.type, { clientName });
    const result = await Promise.race([request, timeout]);
    return { connection, initialize: result, dataDir, dispose };
  } catch (error) {
    dispose();
    throw toOperatorError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves to undefined when nothing listens at the socket, so that the caller starts a server. */
function tryConnect(sock: string): Promise<net.Socket | undefined> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(sock);
    const onError = (error: NodeJS.ErrnoException): void => {
      socket.destroy();
      // A socket file without a listener (ECONNREFUSED) is left behind by a server that
      // crashed; the next server removes it once it holds the data folder's lock.
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(undefined);
      else reject(new OperatorError('Internal', `Cannot connect to ${sock}: ${error.message}`));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

async function startAndConnect(
  options: ConnectOptions,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<net.Socket> {
  const sock = socketPath(dataDir);
  const log = logPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Only what this start appends to the log explains a failure of this start.
  const logStart = fileSize(log);
  const child = startServer(options, dataDir, env);
  let ended: string | undefined;
  child.once('error', (error) => (ended = `could not be started (${error.message})`));
  child.once('exit', (code, signal) => {
    ended = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  let delay = FIRST_RETRY_MS;
  for (;;) {
    const socket = await tryConnect(sock);
    if (socket) return socket;
    // When two clients race to start a server, the loser exits at once because the data
    // folder is locked; its exit is only a failure if no other server holds the lock.
    if (ended && !otherServerRunning(dataDir, child.pid)) {
      throw startFailure(`The Operator server ${ended} while starting`, log, logStart);
    }
    if (Date.now() >= deadline) {
      const seconds = Math.round((options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS) / 1000);
      const what = `The Operator server did not answer at ${sock} within ${seconds} s`;
      throw startFailure(what, log, logStart);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
}

function startServer(
  options: ConnectOptions,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): ChildProcess {
  if (!fs.existsSync(options.serverScript)) {
    const hint = 'Build it with `npm run build`.';
    throw new OperatorError(
      'Internal',
      `The Operator server is missing at ${options.serverScript}. ${hint}`,
    );
  }
  const logFd = fs.openSync(logPath(dataDir), 'a');
  try {
    const args = [options.serverScript, '--listen', socketPath(dataDir), '--data-dir', dataDir];
    const child = spawn(options.nodePath ?? process.execPath, args, {
      detached: true,
      stdio: ['ignore', 'ignore', logFd],
      env,
    });
    child.unref();
    return child;
  } finally {
    fs.closeSync(logFd);
  }
}

function otherServerRunning(dataDir: string, ownPid: number | undefined): boolean {
  const holder = lockHolder(dataDir);
  return holder !== undefined && holder !== ownPid;
}

function startFailure(what: string, log: string, logStart: number): OperatorError {
  const lastLine = lastLogLine(log, logStart);
  // The server cannot say over the wire why it did not start, so its last log line is
  // the best evidence of whether Docker was the cause.
  const kind = lastLine && /docker/i.test(lastLine) ? 'DockerUnavailable' : 'Internal';
  const cause = lastLine ? `: ${lastLine}` : '';
  const advice =
    kind === 'DockerUnavailable' ? 'Check that the Docker engine is running and reachable. ' : '';
  return new OperatorError(kind, `${what}${cause}. ${advice}See the server log at ${log}.`);
}

const LOG_TAIL_BYTES = 16 * 1024;

function lastLogLine(log: string, from: number): string | undefined {
  let text: string;
  try {
    const fd = fs.openSync(log, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const start = Math.max(from, size - LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(Math.max(0, size - start));
      fs.readSync(fd, buffer, 0, buffer.length, start);
      text = buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim();
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
