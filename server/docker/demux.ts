// Without a TTY, Docker frames an exec's stdout and stderr on one stream with 8-byte
// headers; docker-modem splits them. dockerode types `container.modem` loosely, so the
// one method used is typed here.
import type Docker from 'dockerode';

interface Demuxer {
  demuxStream(
    stream: NodeJS.ReadableStream,
    stdout: NodeJS.WritableStream,
    stderr: NodeJS.WritableStream,
  ): void;
}

export function demuxExecStream(
  container: Docker.Container,
  stream: NodeJS.ReadableStream,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): void {
  (container.modem as Demuxer).demuxStream(stream, stdout, stderr);
}
