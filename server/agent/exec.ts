// Starts the agent inside a container with one `docker exec` and splits the attached stream:
// the agent's stdout carries JSON-RPC, its stderr goes to the server log.
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import type { Duplex } from 'node:stream';
import { demuxExecStream } from '../docker/demux';
import { OperatorError } from '../errors';
import { logger } from '../log';
import { forwardLines } from './lines';
import { AGENT_PATH } from './protocol';

const log = logger('agent');

export interface AgentStream {
  /** The raw attached stream: what is written to it reaches the agent's stdin unframed. */
  stream: Duplex;
  /** The agent's stdout, demultiplexed; it ends when the stream does. */
  stdout: PassThrough;
  /** What the agent's stderr said that best explains why it stopped. */
  explain: () => string;
}

export async function startAgentExec(
  container: Docker.Container,
  instance: string,
  onLog?: (line: string) => void,
): Promise<AgentStream> {
  let stream: Duplex;
  try {
    const exec = await container.exec({
      Cmd: ['node', AGENT_PATH],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    stream = await exec.start({ hijack: true, stdin: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new OperatorError(
      'InvalidState',
      `Cannot start the agent of instance ${instance}: ${message}`,
      { instance },
    );
  }
  // Without a TTY Docker frames stdout and stderr with 8-byte headers.
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  demuxExecStream(container, stream, stdout, stderr);
  const lines = forwardLines(stderr, (line) => {
    log.warn(line, instance);
    onLog?.(line);
  });
  const end = (): void => {
    stdout.end();
    stderr.end();
  };
  stream.once('end', end);
  stream.once('close', end);
  return { stream, stdout, explain: () => lines().join(' | ') };
}
