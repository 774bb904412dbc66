// A real VS Code for tests on machines that cannot download the desktop build: code-server
// (VS Code's server and web workbench) with state folders of its own, and Debian's
// Chromium, headless, to open the workbench.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_BIN = path.join(ROOT, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');
const READY_TIMEOUT_MS = 60_000;

export interface CodeServerOptions {
  /** Where code-server keeps its user data and extensions. */
  stateDir: string;
  /** Written with code-server's own output. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

export interface CodeServer {
  url: string;
  /** host:port, as vscode-remote:// URIs name this server. */
  authority: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function codeServerBin(): string {
  const bin = process.env.CODE_SERVER_BIN ?? DEFAULT_BIN;
  if (!fs.existsSync(bin)) {
    throw new Error(`code-server is missing at ${bin}; run scripts/code-server.sh first.`);
  }
  return bin;
}

/** Installs a packaged extension into the state folder, as a user would. */
export async function installExtension(options: CodeServerOptions, vsix: string): Promise<void> {
  const args = [...stateArgs(options.stateDir), '--install-extension', vsix];
  const output = fs.openSync(options.logFile, 'a');
  const child = spawn(codeServerBin(), args, {
    stdio: ['ignore', output, output],
    env: options.env,
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  fs.closeSync(output);
  if (code !== 0) throw new Error(`code-server --install-extension ${vsix} exited with ${code}`);
}

export async function startCodeServer(
  options: CodeServerOptions,
  folder: string,
): Promise<CodeServer> {
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    authority,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...stateArgs(options.stateDir),
    folder,
  ];
  const output = fs.openSync(options.logFile, 'a');
  // A process group of its own, so that stopping it also stops the extension host.
  const child = spawn(codeServerBin(), args, {
    stdio: ['ignore', output, output],
    env: options.env,
    detached: true,
  });
  fs.closeSync(output);
  const url = `http://${authority}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, authority, process: child, stop };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

function stateArgs(stateDir: string): string[] {
  // code-server fails to start its extension management in folders that do not exist.
  fs.mkdirSync(path.join(stateDir, 'user'), { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'extensions'), { recursive: true });
  return [
    '--user-data-dir',
    path.join(stateDir, 'user'),
    '--extensions-dir',
    path.join(stateDir, 'extensions'),
  ];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}
