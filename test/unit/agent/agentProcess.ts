// Starts the bundled agent as a child process and speaks JSON-RPC with it over stdio, as
// the server does over a `docker exec` stream, so that the tests exercise the real bundle.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { MessageConnection } from 'vscode-jsonrpc';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { OperatorError } from '../../../server/errors';
import type { ErrorKind, FileChange } from '../../../server/protocol';
import { AgentWatchDidChangeNotification } from '../../../server/agent/protocol';

let bundle: Promise<string> | undefined;

/** Bundles server/agent/main.ts once per test run, the way esbuild.mjs does for the image. */
export function agentBundle(): Promise<string> {
  bundle ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'operator-agent-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = path.join(dir, 'agent.js');
    await build({
      entryPoints: [path.join(__dirname, '../../../server/agent/main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundle;
}

export interface AgentProcess {
  connection: MessageConnection;
  child: ChildProcessWithoutNullStreams;
  /** Every watch/didChange batch received so far, by watch id. */
  changes: Map<string, FileChange[][]>;
  stderr: () => string;
  stop(): Promise<void>;
}

export async function startAgent(env: Record<string, string> = {}): Promise<AgentProcess> {
  const child = spawn(process.execPath, [await agentBundle()], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const changes = new Map<string, FileChange[][]>();
  connection.onNotification(AgentWatchDidChangeNotification.type, ({ watchId, changes: batch }) => {
    const batches = changes.get(watchId) ?? [];
    batches.push(batch);
    changes.set(watchId, batches);
  });
  connection.listen();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    connection,
    child,
    changes,
    stderr: () => stderr,
    async stop() {
      connection.dispose();
      child.stdin.end();
      await exited;
    },
  };
}

/** Awaits a call that must fail, and answers the OperatorError it failed with. */
export async function rejection(call: Promise<unknown>): Promise<OperatorError> {
  try {
    await call;
  } catch (error) {
    const operatorError = OperatorError.fromResponseError(error);
    if (operatorError) return operatorError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export async function expectKind(
  call: Promise<unknown>,
  kind: ErrorKind,
  message?: RegExp,
): Promise<OperatorError> {
  const error = await rejection(call);
  if (error.kind !== kind) {
    throw new Error(`expected ${kind}, got ${error.kind}: ${error.message}`);
  }
  if (message && !message.test(error.message)) {
    throw new Error(`message ${JSON.stringify(error.message)} does not match ${message}`);
  }
  return error;
}

export async function tempFolder(): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'operator-agent-test-')));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
