// What the extension-host tests share: the extension's API, a connection of their own to
// the same server (to check inside the container what the editor did), and waiting.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectToServer, type ServerConnection } from '../../../server/client/connect';
import {
  InstanceDeleteRequest,
  InstanceExecRequest,
  InstanceGetRequest,
  type ExecResult,
  type Instance,
} from '../../../server/protocol';
import type { OperatorApi } from '../../../extension/main';

export const EXTENSION_ID = 'operator.operator';

export function operatorExtension(): vscode.Extension<OperatorApi> {
  const extension = vscode.extensions.getExtension<OperatorApi>(EXTENSION_ID);
  assert.ok(extension, `the extension ${EXTENSION_ID} is installed`);
  return extension;
}

export function operatorApi(): Thenable<OperatorApi> {
  return operatorExtension().activate();
}

export function dataDir(): string {
  const configured = vscode.workspace.getConfiguration('operator').get<string>('dataDir');
  assert.ok(configured, 'the test workspace sets operator.dataDir');
  return configured;
}

let direct: Promise<ServerConnection> | undefined;

/** A connection of the tests' own to the suite's server, beside the extension's. */
export function serverConnection(): Promise<ServerConnection> {
  direct ??= connectToServer({
    dataDir: dataDir(),
    serverScript: path.join(operatorExtension().extensionPath, 'dist', 'server.js'),
    clientName: 'extension-host tests',
  }).then((server) => {
    // A test may kill the server; the next call connects to its successor.
    server.connection.onClose(() => (direct = undefined));
    return server;
  });
  return direct;
}

export async function exec(instance: string, script: string): Promise<ExecResult> {
  const { connection } = await serverConnection();
  return connection.sendRequest(InstanceExecRequest.type, {
    name: instance,
    command: ['sh', '-c', script],
  });
}

export async function execOutput(instance: string, script: string): Promise<string> {
  const result = await exec(instance, script);
  assert.equal(result.exitCode, 0, `\`${script}\` failed: ${result.stderr}`);
  return result.stdout;
}

let counter = 0;

/** A name no other run uses, since test runs may share an engine. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Creates an isolated instance through the extension's own command. */
export async function createInstance(name: string): Promise<Instance> {
  const instance = await vscode.commands.executeCommand<Instance | undefined>(
    'operator.instance.create',
    { name, type: 'prebuilt', network: 'none' },
  );
  assert.ok(instance, `the create command returned ${name}`);
  return instance;
}

/** Removes an instance through the server, whatever the test left it in. */
export async function removeInstance(name: string): Promise<void> {
  const { connection } = await serverConnection();
  try {
    const instance = await connection.sendRequest(InstanceGetRequest.type, { name });
    if (!instance.deletedAt) await connection.sendRequest(InstanceDeleteRequest.type, { name });
  } catch {
    // Never created, or gone already.
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
