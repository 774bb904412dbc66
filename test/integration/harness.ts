// Starts the real built server (dist/server.js) on a fresh data folder and speaks the
// protocol to it over stdio, as any client would. Every instance a test creates is
// deleted when the server is stopped, so tests leave nothing behind on the engine.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import {
  createMessageConnection,
  MessageConnection,
  RequestType,
  RequestType0,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import * as p from '../../server/protocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');
export const docker = new Docker();

export interface StartOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

export class TestServer {
  readonly changes: p.Instance[] = [];
  readonly fileChanges: p.FsDidChangeParams[] = [];
  stderr = '';
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    readonly dataDir: string,
    /** Whether the data folder was made for a test, to remove once this server stopped. */
    private readonly ownsDataDir: boolean,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification(p.InstanceDidChangeNotification.type, ({ instance }) => {
      this.changes.push(instance);
    });
    connection.onNotification(p.FsDidChangeNotification.type, (params) => {
      this.fileChanges.push(params);
    });
  }

  static async start(options: StartOptions = {}): Promise<TestServer> {
    const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'operator-test-'));
    // Folders made for tests are removed by the server that stops last in them.
    const ownsDataDir = path.basename(dataDir).startsWith('operator-test-');
    const child = spawn(process.execPath, [SERVER, '--stdio', '--data-dir', dataDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const server = new TestServer(child, connection, dataDir, ownsDataDir);
    connection.listen();
    await server.request(p.InitializeRequest.type, { clientName: 'test' });
    return server;
  }

  request<P, R>(type: RequestType<P, R, p.ErrorData>, params: P): Promise<R>;
  request<R>(type: RequestType0<R, p.ErrorData>): Promise<R>;
  request(
    type: RequestType<unknown, unknown, p.ErrorData> | RequestType0<unknown, p.ErrorData>,
    params?: unknown,
  ) {
    return params === undefined
      ? this.connection.sendRequest(type.method)
      : this.connection.sendRequest(type.method, params);
  }

  create(name: string, extra: Partial<p.InstanceCreateParams> = {}): Promise<p.Instance> {
    return this.request(p.InstanceCreateRequest.type, { name, network: 'none', ...extra });
  }

  exec(name: string, command: string[], extra: Partial<p.InstanceExecParams> = {}) {
    return this.request(p.InstanceExecRequest.type, { name, command, ...extra });
  }

  /** Resolves with the first announced change of `name` to `status` (past or future). */
  async waitForStatus(
    name: string,
    status: p.InstanceStatus,
    timeoutMs = 20000,
  ): Promise<p.Instance> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.changes.find((i) => i.name === name && i.status === status);
      if (seen) return seen;
      if (Date.now() > deadline) {
        throw new Error(`${name} never became ${status}; saw ${JSON.stringify(this.changes)}`);
      }
      await sleep(25);
    }
  }

  /** Deletes what the test left, then ends the server as a client would. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && !this.child.killed) {
      try {
        const instances = await this.request(p.InstanceListRequest.type, {});
        await Promise.all(
          instances.map((i) => this.request(p.InstanceDeleteRequest.type, { name: i.name })),
        );
        await this.request(p.ShutdownRequest.type);
        await this.connection.sendNotification(p.ExitNotification.type);
      } catch {
        this.child.kill('SIGTERM');
      }
    }
    this.connection.dispose();
    await this.exited;
    if (this.ownsDataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.child.kill(signal);
    this.connection.dispose();
    return this.exited;
  }
}

/** Asserts that `promise` rejects with a protocol error of `kind`, and returns it. */
export async function rejectsWith(
  promise: Promise<unknown>,
  kind: p.ErrorKind,
  message?: RegExp,
): Promise<ResponseError<p.ErrorData>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `expected a ResponseError, got ${String(error)}`);
    const data = error.data as p.ErrorData;
    assert.equal(data?.kind, kind, `expected ${kind}, got ${data?.kind}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return error as ResponseError<p.ErrorData>;
  }
  assert.fail(`expected an error of kind ${kind}, but the call succeeded`);
}

/** Containers on the engine that a test server's data folder owns. */
export async function ownedContainers(dataDir: string): Promise<Docker.ContainerInfo[]> {
  const store = JSON.parse(fs.readFileSync(path.join(dataDir, 'store.json'), 'utf8')) as {
    ownerId: string;
  };
  return docker.listContainers({
    all: true,
    filters: { label: [`dev.operator.owner=${store.ownerId}`] },
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
