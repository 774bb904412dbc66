// The fs/* methods: checks what clients send, then hands the work to the instance's
// backend. Watches are owned by the client that made them, so their changes go to that
// client alone and end with it.
import { OperatorError } from '../errors';
import type { InstanceService } from '../instances/service';
import type {
  FileChange,
  FileStat,
  FileType,
  FsDeleteParams,
  FsRenameParams,
  FsWatchParams,
  FsWriteFileParams,
  PathParams,
} from '../protocol';
import type { InstanceBackend } from './backend';

/** Receives the changes of one watch; set by the client session that made it. */
export type WatchSink = (name: string, watchId: string, changes: FileChange[]) => void;

interface Watch {
  id: string;
  instance: string;
  backendId: string;
  backend: InstanceBackend;
  owner: object;
  sink: WatchSink;
}

export class FileService {
  private readonly watches = new Map<string, Watch>();
  private nextWatch = 1;

  constructor(private readonly instances: InstanceService) {
    instances.onWatchChange((instance, backendId, changes) => {
      for (const watch of this.watches.values()) {
        if (watch.instance === instance && watch.backendId === backendId) {
          watch.sink(instance, watch.id, changes);
        }
      }
    });
    // A watch lives in the instance's agent; when the instance leaves `active`, the
    // agent is gone and so is the watch.
    instances.onDidChange((instance) => {
      if (instance.status === 'active') return;
      for (const watch of [...this.watches.values()]) {
        if (watch.instance === instance.name) this.watches.delete(watch.id);
      }
    });
  }

  async stat(params: PathParams): Promise<FileStat> {
    const { backend, path } = await this.open(params);
    return backend.stat(path);
  }

  async readDirectory(params: PathParams): Promise<[string, FileType][]> {
    const { backend, path } = await this.open(params);
    return backend.readDirectory(path);
  }

  async readFile(params: PathParams): Promise<{ content: string }> {
    const { backend, path } = await this.open(params);
    const content = await backend.readFile(path);
    return { content: content.toString('base64') };
  }

  async writeFile(params: FsWriteFileParams): Promise<null> {
    const { backend, path } = await this.open(params);
    if (typeof params.content !== 'string' || !BASE64.test(params.content)) {
      throw new OperatorError(
        'InvalidParams',
        'content must be the file content encoded as base64.',
        {
          field: 'content',
        },
      );
    }
    const flags = { create: flag(params, 'create'), overwrite: flag(params, 'overwrite') };
    await backend.writeFile(path, Buffer.from(params.content, 'base64'), flags);
    return null;
  }

  async createDirectory(params: PathParams): Promise<null> {
    const { backend, path } = await this.open(params);
    await backend.createDirectory(path);
    return null;
  }

  async delete(params: FsDeleteParams): Promise<null> {
    const { backend, path } = await this.open(params);
    await backend.delete(path, flag(params, 'recursive'));
    return null;
  }

  async rename(params: FsRenameParams): Promise<null> {
    const from = checkPath(params?.from, 'from');
    const to = checkPath(params?.to, 'to');
    const backend = await this.instances.backendOf(params?.name);
    await backend.rename(from, to, flag(params, 'overwrite'));
    return null;
  }

  async watch(params: FsWatchParams, owner: object, sink: WatchSink): Promise<{ watchId: string }> {
    const { backend, path } = await this.open(params);
    const excludes = params.excludes ?? [];
    if (!Array.isArray(excludes) || excludes.some((glob) => typeof glob !== 'string')) {
      throw new OperatorError('InvalidParams', 'excludes must be a list of glob patterns.', {
        field: 'excludes',
      });
    }
    const backendId = await backend.watch(path, { recursive: flag(params, 'recursive'), excludes });
    const id = `w${this.nextWatch++}`;
    this.watches.set(id, { id, instance: params.name, backendId, backend, owner, sink });
    return { watchId: id };
  }

  async unwatch(watchId: unknown, owner: object): Promise<null> {
    const watch = typeof watchId === 'string' ? this.watches.get(watchId) : undefined;
    if (!watch || watch.owner !== owner) {
      throw new OperatorError('NotFound', `There is no watch "${String(watchId)}" of this client.`);
    }
    this.watches.delete(watch.id);
    await watch.backend.unwatch(watch.backendId).catch(() => undefined);
    return null;
  }

  /** Ends every watch of a client that went away. */
  releaseOwner(owner: object): void {
    for (const watch of [...this.watches.values()]) {
      if (watch.owner !== owner) continue;
      this.watches.delete(watch.id);
      void watch.backend.unwatch(watch.backendId).catch(() => undefined);
    }
  }

  private async open(params: PathParams): Promise<{ backend: InstanceBackend; path: string }> {
    const path = checkPath(params?.path, 'path');
    const backend = await this.instances.backendOf(params?.name);
    return { backend, path };
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function checkPath(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new OperatorError(
      'InvalidParams',
      `${field} must be an absolute path in the container.`,
      {
        field,
      },
    );
  }
  if (!value.startsWith('/') || value.includes('\0')) {
    throw new OperatorError(
      'InvalidParams',
      `${field} "${value.replace(/\0/g, '\\0')}" is not an absolute POSIX path (it must start with "/").`,
      { field },
    );
  }
  // Normalise away `.`, `..` and doubled slashes; `..` never climbs above the root.
  const parts: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function flag<T extends object>(params: T, key: keyof T & string): boolean {
  const value = params[key];
  if (typeof value !== 'boolean') {
    throw new OperatorError('InvalidParams', `${key} must be true or false.`, { field: key });
  }
  return value;
}
