// Containers for the agent and archive backend tests: no network, an init process, and a
// label so that a crashed run's leftovers can be found and removed.
import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';

export const docker = new Docker();
export const INSTANCE_IMAGE = 'operator-instance:latest';
// The base the instance image was built on (scripts/image.sh): an image without the agent.
export const BASE_IMAGE =
  process.env.OPERATOR_IMAGE_BASE ||
  `operator-base:bookworm-node${process.versions.node.split('.')[0]}`;
export const TEST_LABEL = 'dev.operator.test';

export async function requireImage(image: string, hint: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch {
    assert.fail(`image ${image} is missing: ${hint}`);
  }
}

export async function startContainer(image: string, value: string): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['sleep', 'infinity'],
    Labels: { [TEST_LABEL]: value },
    HostConfig: { NetworkMode: 'none', Init: true },
  });
  await container.start();
  return container;
}

export async function removeContainer(container: Docker.Container | undefined): Promise<void> {
  await container?.remove({ force: true }).catch(() => undefined);
}

/** Runs a command in the container as root with the docker CLI's semantics, for setup. */
export async function shell(container: Docker.Container, script: string): Promise<string> {
  const exec = await container.exec({
    Cmd: ['sh', '-c', script],
    User: 'root',
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise((resolve) => stream.on('end', resolve));
  const info = await exec.inspect();
  const output = Buffer.concat(chunks).toString();
  assert.equal(info.ExitCode, 0, `setup failed: ${script}\n${output}`);
  return output;
}
