// Runs one process inside the instance for the server and answers with its exit code and
// output. No shell is involved: the command is the program and its arguments.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import type { CancellationToken } from 'vscode-jsonrpc';
import { CancelledError, OperatorError } from '../errors';
import type { ExecResult } from '../protocol';
import { fromErrno } from './fsErrors';
import type { AgentRunParams } from './protocol';
import { OUTPUT_LIMIT_BYTES, OutputBuffer } from './outputBuffer';

/** Process groups of the commands still running, killed when the agent itself stops. */
const running = new Set<number>();

export function killRunning(): void {
  for (const pid of running) killGroup(pid);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

function describe(command: string[]): string {
  return command
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part)))
    .join(' ');
}

function validate(params: AgentRunParams): void {
  const { command, timeoutMs } = params;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.some((p) => typeof p !== 'string')
  ) {
    throw new OperatorError('InvalidParams', 'command must be a non-empty array of strings', {
      field: 'command',
    });
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new OperatorError('InvalidParams', 'timeoutMs must be a positive number', {
      field: 'timeoutMs',
    });
  }
}

/**
 * A program that cannot be started answers like a shell would, rather than failing the
 * call: exit code 127 (not found) or 126 (not executable) with the reason on stderr.
 */
function spawnFailure(command: string[], code: string | undefined, startedAt: number): ExecResult {
  const reason = code === 'ENOENT' ? 'command not found' : `cannot execute (${code ?? 'error'})`;
  return {
    exitCode: code === 'ENOENT' ? 127 : 126,
    stdout: '',
    stderr: `${command[0]}: ${reason}\n`,
    durationMs: Date.now() - startedAt,
  };
}

export async function run(
  params: AgentRunParams,
  cancellation?: CancellationToken,
): Promise<ExecResult> {
  validate(params);
  const { command, timeoutMs } = params;
  const cwd = params.cwd ?? os.homedir();
  // Node reports a missing cwd as ENOENT of the program; check it so the error names the cwd.
  const cwdStats = await fs.stat(cwd).catch((error: unknown) => {
    throw fromErrno(error, cwd);
  });
  if (!cwdStats.isDirectory()) {
    throw new OperatorError('FileNotADirectory', `Not a directory: ${cwd}`, { path: cwd });
  }

  const startedAt = Date.now();
  return new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), {
      cwd,
      env: { ...process.env, ...params.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that a timeout kills what the command started as well.
      detached: true,
    });
    const stdout = new OutputBuffer(OUTPUT_LIMIT_BYTES);
    const stderr = new OutputBuffer(OUTPUT_LIMIT_BYTES);
    // Set once a timeout or a cancellation has answered the call; the exit then goes unreported.
    let answered = false;
    let timer: NodeJS.Timeout | undefined;

    child.on('error', (error) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve(spawnFailure(command, (error as NodeJS.ErrnoException).code, startedAt));
    });
    if (child.pid === undefined) return;
    const pid = child.pid;
    running.add(pid);

    child.stdout.on('data', (chunk: Buffer) => stdout.append(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.append(chunk));
    // A process that exits without reading its input makes the write fail with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(params.stdin ?? '');

    // Like a timeout, a cancellation kills the group and answers at once.
    const cancelled = cancellation?.onCancellationRequested(() => {
      answered = true;
      clearTimeout(timer);
      killGroup(pid);
      reject(new CancelledError(`${describe(command)} was cancelled and killed`));
    });
    child.once('close', () => cancelled?.dispose());

    if (timeoutMs !== undefined) {
      // Fails at once rather than on 'close': a descendant that left the group could keep
      // the output pipes open long after the command itself is gone.
      timer = setTimeout(() => {
        answered = true;
        killGroup(pid);
        reject(
          new OperatorError(
            'Timeout',
            `${describe(command)} did not finish within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
    }

    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(pid);
      if (answered) return;
      resolve({
        exitCode: code ?? 128 + signalNumber(signal),
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: Date.now() - startedAt,
      });
    });
  });
}

/** Like a shell's `$?`: a process killed by a signal exits with 128 plus its number. */
function signalNumber(signal: NodeJS.Signals | null): number {
  if (signal === null) return 0;
  return os.constants.signals[signal] ?? 0;
}
