// The Docker side of instances: containers, home volumes, images, logs and events,
// spoken to through the Engine API. Everything this server creates carries its data
// folder's owner label, so that it finds its own and leaves everything else alone.
import Docker from 'dockerode';
import { OperatorError } from '../errors';
import type { InstanceRecord } from '../store/store';

export const LABEL_OWNER = 'dev.operator.owner';
export const LABEL_INSTANCE = 'dev.operator.instance';
export const LABEL_ID = 'dev.operator.id';
/** Set by the instance image; its value is the agent's path inside the container. */
export const LABEL_AGENT = 'dev.operator.agent';

export const HOME = '/home/operator';
const PIDS_LIMIT = 1024;
const STOP_GRACE_SECONDS = 5;

/** Keeps a container of an image without the agent alive, and ends at once on SIGTERM. */
const IDLE_COMMAND = [
  '/bin/sh',
  '-c',
  'trap "exit 0" TERM; while :; do sleep 3600 & wait $!; done',
];

export interface ContainerState {
  id: string;
  name: string;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  labels: Record<string, string>;
}

export interface ContainerEvent {
  action: string;
  instance: string;
  recordId: string;
}

export class DockerRuntime {
  constructor(
    readonly docker: Docker,
    readonly ownerId: string,
    private readonly host: string,
  ) {}

  static connect(ownerId: string, dockerHost = process.env.DOCKER_HOST): DockerRuntime {
    if (!dockerHost) return new DockerRuntime(new Docker(), ownerId, 'unix:///var/run/docker.sock');
    return new DockerRuntime(new Docker(engineOptions(dockerHost)), ownerId, dockerHost);
  }

  /** Runs a Docker call, turning a dead engine into DockerUnavailable. */
  async call<T>(what: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw this.translate(what, error);
    }
  }

  translate(what: string, error: unknown): Error {
    if (error instanceof OperatorError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code === 'ECONNREFUSED' ||
      code === 'ENOENT' ||
      code === 'EACCES' ||
      code === 'ECONNRESET'
    ) {
      return new OperatorError(
        'DockerUnavailable',
        `The Docker engine at ${this.host} does not answer (${code}) while trying to ${what}. ` +
          'Start the engine (for example with `systemctl start docker`) and try again.',
      );
    }
    const status = (error as { statusCode?: number }).statusCode;
    const reason =
      (error as { json?: { message?: string } }).json?.message ?? (error as Error).message;
    return new OperatorError(
      'Internal',
      `Docker could not ${what}: ${reason}${status ? ` (HTTP ${status})` : ''}`,
    );
  }

  async version(): Promise<string> {
    const info = await this.call('report its version', () => this.docker.version());
    return info.Version;
  }

  /** What the engine knows of an image: whether it carries the agent; undefined when absent. */
  async findImage(image: string): Promise<{ hasAgent: boolean } | undefined> {
    try {
      const info = await this.docker.getImage(image).inspect();
      return { hasAgent: Boolean(info.Config?.Labels?.[LABEL_AGENT]) };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw this.translate(`inspect the image ${image}`, error);
    }
  }

  labels(record: InstanceRecord): Record<string, string> {
    return { [LABEL_OWNER]: this.ownerId, [LABEL_INSTANCE]: record.name, [LABEL_ID]: record.id };
  }

  async volumeExists(name: string): Promise<boolean> {
    try {
      await this.docker.getVolume(name).inspect();
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw this.translate(`inspect the volume ${name}`, error);
    }
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      throw this.translate(`remove the volume ${name}`, error);
    }
  }

  async createContainer(record: InstanceRecord, hasAgent: boolean): Promise<Docker.Container> {
    return this.call(`create the container of ${record.name}`, () =>
      this.docker.createContainer({
        name: record.container,
        Image: record.image,
        Hostname: record.name,
        Labels: this.labels(record),
        Cmd: hasAgent ? undefined : IDLE_COMMAND,
        WorkingDir: HOME,
        Env: [`HOME=${HOME}`, `OPERATOR_INSTANCE=${record.name}`],
        HostConfig: {
          // Docker creates a missing volume here, with these labels, in the same call:
          // one round trip fewer than creating it first.
          Mounts: [
            {
              Type: 'volume',
              Source: record.volume,
              Target: HOME,
              VolumeOptions: {
                Labels: this.labels(record),
                // NoCopy false: a fresh volume gets the image's (empty, user-owned) home.
                NoCopy: false,
                DriverConfig: { Name: 'local', Options: {} },
              },
            },
          ],
          NetworkMode: record.network,
          Init: true,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          PidsLimit: PIDS_LIMIT,
          Memory: record.resources.memoryMb * 1024 * 1024,
          NanoCpus: Math.round(record.resources.cpus * 1e9),
          RestartPolicy: { Name: 'no' },
        },
      }),
    );
  }

  container(name: string): Docker.Container {
    return this.docker.getContainer(name);
  }

  async startContainer(name: string): Promise<void> {
    try {
      await this.container(name).start();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 304) return;
      throw this.translate(`start the container ${name}`, error);
    }
  }

  async stopContainer(name: string): Promise<void> {
    try {
      await this.container(name).stop({ t: STOP_GRACE_SECONDS });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 304 || status === 404) return;
      throw this.translate(`stop the container ${name}`, error);
    }
  }

  async removeContainer(name: string): Promise<void> {
    try {
      await this.container(name).remove({ force: true });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) return;
      // 409: removal already in progress, started by an earlier attempt.
      if (status === 409) return;
      throw this.translate(`remove the container ${name}`, error);
    }
  }

  async inspect(name: string): Promise<ContainerState | undefined> {
    try {
      const info = await this.container(name).inspect();
      return {
        id: info.Id,
        name: info.Name.replace(/^\//, ''),
        running: info.State.Running,
        exitCode: info.State.ExitCode,
        oomKilled: info.State.OOMKilled,
        labels: info.Config.Labels ?? {},
      };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw this.translate(`inspect the container ${name}`, error);
    }
  }

  /** Every container of this data folder, running or not. */
  async ownContainers(): Promise<Docker.ContainerInfo[]> {
    return this.call('list containers', () =>
      this.docker.listContainers({
        all: true,
        filters: { label: [`${LABEL_OWNER}=${this.ownerId}`] },
      }),
    );
  }

  async ownVolumes(): Promise<string[]> {
    const result = await this.call('list volumes', () =>
      this.docker.listVolumes({ filters: { label: [`${LABEL_OWNER}=${this.ownerId}`] } }),
    );
    return (result.Volumes ?? []).map((volume) => volume.Name);
  }

  async logs(name: string, tail: number): Promise<string> {
    const buffer = await this.call(`read the logs of ${name}`, () =>
      this.container(name).logs({
        stdout: true,
        stderr: true,
        tail,
        timestamps: true,
        follow: false,
      }),
    );
    return demuxLogs(buffer as unknown as Buffer);
  }

  /**
   * Follows the engine's events for this data folder's containers until `stop` is
   * called, reconnecting after a lost stream. `onOpen` runs each time the stream is
   * (re)opened: what happened while none was open is only found by looking.
   */
  followEvents(handlers: {
    onEvent: (event: ContainerEvent) => void;
    onOpen: () => void;
    onLost: (error: Error) => void;
  }): () => void {
    const { onEvent, onOpen, onLost } = handlers;
    let stopped = false;
    let current: NodeJS.ReadableStream | undefined;
    const open = async () => {
      if (stopped) return;
      try {
        const stream = await this.docker.getEvents({
          filters: { type: ['container'], label: [`${LABEL_OWNER}=${this.ownerId}`] },
        });
        current = stream;
        let pending = '';
        stream.on('data', (chunk: Buffer) => {
          pending += chunk.toString('utf8');
          let newline: number;
          while ((newline = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line) dispatch(line);
          }
        });
        stream.on('end', retry);
        stream.on('error', retry);
        onOpen();
      } catch (error) {
        onLost(this.translate('follow events', error));
        setTimeout(() => void open(), 2000);
      }
    };
    const dispatch = (line: string) => {
      try {
        const event = JSON.parse(line) as {
          Action?: string;
          Actor?: { Attributes?: Record<string, string> };
        };
        const attributes = event.Actor?.Attributes ?? {};
        const instance = attributes[LABEL_INSTANCE];
        if (instance && event.Action) {
          onEvent({ action: event.Action, instance, recordId: attributes[LABEL_ID] ?? '' });
        }
      } catch {
        // A line that is not JSON is not an event; the engine sends none such.
      }
    };
    let retrying = false;
    const retry = () => {
      if (stopped || retrying) return;
      retrying = true;
      setTimeout(() => {
        retrying = false;
        void open();
      }, 1000);
    };
    void open();
    return () => {
      stopped = true;
      (current as { destroy?: () => void } | undefined)?.destroy?.();
    };
  }
}

/** dockerode's options for a DOCKER_HOST of the forms the docker CLI takes. */
export function engineOptions(dockerHost: string): Docker.DockerOptions {
  let url: URL;
  try {
    url = new URL(dockerHost);
  } catch {
    throw unknownHost(dockerHost);
  }
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: url.pathname };
    case 'tcp:':
      return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
    case 'ssh:':
      return {
        protocol: 'ssh',
        host: url.hostname,
        port: Number(url.port || 22),
        username: decodeURIComponent(url.username) || undefined,
      };
    default:
      throw unknownHost(dockerHost);
  }
}

function unknownHost(dockerHost: string): OperatorError {
  return new OperatorError(
    'InvalidParams',
    `DOCKER_HOST "${dockerHost}" is not an engine address Operator knows; ` +
      'use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host.',
    { field: 'DOCKER_HOST' },
  );
}

/** Docker frames non-TTY logs as [stream, 0, 0, 0, size(4)] + payload. */
function demuxLogs(buffer: Buffer): string {
  if (!Buffer.isBuffer(buffer)) return String(buffer);
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
