// Runs one process in a container with a plain `docker exec`, for containers whose image
// carries no agent. Each call costs an exec (tens of milliseconds), which is why the agent
// is the backend of choice.
import type Docker from 'dockerode';
import { Writable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { OUTPUT_LIMIT_BYTES, OutputBuffer } from '../agent/outputBuffer';
import { demuxExecStream } from '../docker/demux';
import { OperatorError } from '../errors';
import type { ExecResult } from '../protocol';
import type { RunOptions } from './backend';

/** A Writable end for demuxed output, bounded like the agent's process output. */
class BoundedSink extends Writable {
  private readonly buffer = new OutputBuffer(OUTPUT_LIMIT_BYTES);

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.buffer.append(chunk);
    done();
  }

  text(): string {
    return this.buffer.text();
  }
}

function describe(command: string[]): string {
  return command.join(' ');
}

export async function execInContainer(
  container: Docker.Container,
  options: RunOptions,
  instance: string,
): Promise<ExecResult> {
  const { command, timeoutMs } = options;
  const startedAt = Date.now();
  // A plain exec cannot be killed through the API, so the limit is enforced inside the
  // container as well, by coreutils' timeout, which every Debian-based image has.
  const cmd =
    timeoutMs === undefined
      ? command
      : ['timeout', '-s', 'KILL', `${Math.max(timeoutMs, 1) / 1000}`, ...command];
  let exec: Docker.Exec;
  let stream: Duplex;
  try {
    exec = await container.exec({
      Cmd: cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      WorkingDir: options.cwd,
      Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    });
    stream = await exec.start({ hijack: true, stdin: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new OperatorError(
      'InvalidState',
      `Cannot run ${describe(command)} in instance ${instance}: ${message}`,
      { instance },
    );
  }
  const stdout = new BoundedSink();
  const stderr = new BoundedSink();
  demuxExecStream(container, stream, stdout, stderr);
  stream.end(options.stdin ?? '');

  await new Promise<void>((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            stream.destroy();
            reject(
              new OperatorError(
                'Timeout',
                `${describe(command)} did not finish within ${timeoutMs} ms`,
                { instance },
              ),
            );
          }, timeoutMs + 1000);
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const exitCode = await exitCodeOf(exec);
  if (timeoutMs !== undefined && exitCode === 137 && Date.now() - startedAt >= timeoutMs) {
    throw new OperatorError(
      'Timeout',
      `${describe(command)} did not finish within ${timeoutMs} ms`,
      { instance },
    );
  }
  return {
    exitCode,
    stdout: stdout.text(),
    stderr: stderr.text(),
    durationMs: Date.now() - startedAt,
  };
}

/** The stream can end a moment before the engine records the exit code. */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new OperatorError('Internal', 'docker exec ended without an exit code');
}
