// The InstanceBackend for containers whose image carries no agent: files through Docker's
// archive API, everything else through plain `docker exec`. It is slower than the agent (a
// request or an exec per call) and cannot watch, but it works with any image.
import type Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import * as path from 'node:path';
import { OperatorError } from '../errors';
import type { ErrorKind, ExecResult, FileStat, FileType } from '../protocol';
import { execInContainer } from './archiveExec';
import { GO_MODE_DIR, GO_MODE_SYMLINK, hasBit, toFileStat } from './archiveStat';
import type { PathStat } from './archiveStat';
import { singleFileArchive, visitEntries } from './archiveTar';
import type { TarEntryHeader } from './archiveTar';
import type { InstanceBackend, RunOptions } from './backend';

interface Resolution {
  resolved?: { stat: PathStat; realPath: string };
  /** The first link on the way, when the path is or passes through a symlink. */
  link?: PathStat;
}

/** How many links in a row are followed before a path counts as unresolvable. */
const MAX_LINKS = 16;

function statusCode(error: unknown): number | undefined {
  const code: unknown = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** What coreutils print for each errno, in the C locale the execs run with. */
const MESSAGES: [string, ErrorKind, string][] = [
  ['No such file or directory', 'FileNotFound', 'No such file or directory'],
  ['File exists', 'FileExists', 'File exists'],
  ['Not a directory', 'FileNotADirectory', 'Not a directory'],
  ['Is a directory', 'FileIsADirectory', 'Is a directory'],
  ['Permission denied', 'NoPermissions', 'Permission denied'],
  ['Operation not permitted', 'NoPermissions', 'Operation not permitted'],
  ['Directory not empty', 'InvalidState', 'Directory not empty'],
];

export class ArchiveBackend implements InstanceBackend {
  readonly kind = 'archive';

  constructor(
    private readonly container: Docker.Container,
    private readonly instance: string,
  ) {}

  async stat(target: string): Promise<FileStat> {
    const checked = checkPath(target, 'path', this.instance);
    const { resolved, link } = await this.resolve(checked);
    if (resolved) {
      const isDirectory = hasBit(resolved.stat.mode, GO_MODE_DIR);
      return toFileStat(resolved.stat, isDirectory ? 'directory' : 'file');
    }
    if (link) return toFileStat(link, 'symlink');
    throw this.fileError('FileNotFound', checked);
  }

  async readDirectory(target: string): Promise<[string, FileType][]> {
    const folder = await this.resolvedPath(checkPath(target, 'path', this.instance), 'directory');
    const entries: [string, FileType][] = [];
    // TODO: the archive of a folder holds its whole subtree; a big tree is slow to list.
    await visitEntries(await this.archiveOf(folder), async (header) => {
      const parts = header.name.split('/');
      if (parts.length === 2 && parts[1] !== '') entries.push([parts[1], typeOfEntry(header)]);
      return true;
    });
    return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async readFile(target: string): Promise<Buffer> {
    const file = await this.resolvedPath(checkPath(target, 'path', this.instance), 'file');
    let content: Buffer = Buffer.alloc(0);
    await visitEntries(await this.archiveOf(file), async (_header, read) => {
      content = await read();
      return false;
    });
    return content;
  }

  async writeFile(
    target: string,
    content: Buffer,
    flags: { create: boolean; overwrite: boolean },
  ): Promise<void> {
    const checked = checkPath(target, 'path', this.instance);
    const { resolved, link } = await this.resolve(checked);
    let destination: string;
    let owner: { mode: number; uid: number; gid: number };
    if (resolved) {
      const isDirectory = hasBit(resolved.stat.mode, GO_MODE_DIR);
      if (isDirectory) throw this.fileError('FileIsADirectory', checked);
      if (!flags.overwrite) throw this.fileError('FileExists', checked);
      destination = resolved.realPath;
      // The archive API replaces the file, so its mode and owner are carried over by hand.
      owner = await this.headerOf(destination);
    } else {
      if (!flags.create || link) throw this.fileError('FileNotFound', checked);
      const parent = path.posix.dirname(checked);
      const folder = await this.resolvedPath(parent, 'directory');
      const parentHeader = await this.headerOf(folder);
      owner = { mode: 0o644, uid: parentHeader.uid, gid: parentHeader.gid };
      destination = path.posix.join(folder, path.posix.basename(checked));
    }
    const archive = await singleFileArchive(path.posix.basename(destination), content, owner);
    await this.docker(destination, () =>
      this.container.putArchive(archive, { path: path.posix.dirname(destination) }),
    );
  }

  async createDirectory(target: string): Promise<void> {
    await this.checkedExec(['mkdir', '--', checkPath(target, 'path', this.instance)]);
  }

  async delete(target: string, recursive: boolean): Promise<void> {
    const checked = checkPath(target, 'path', this.instance);
    const own = await this.pathStat(checked);
    if (!own) throw this.fileError('FileNotFound', checked);
    if (!hasBit(own.mode, GO_MODE_DIR)) await this.checkedExec(['rm', '--', checked]);
    else if (recursive) await this.checkedExec(['rm', '-r', '--', checked]);
    else await this.checkedExec(['rmdir', '--', checked]);
  }

  async rename(from: string, to: string, overwrite: boolean): Promise<void> {
    const source = checkPath(from, 'from', this.instance);
    const destination = checkPath(to, 'to', this.instance);
    if (!(await this.pathStat(source))) throw this.fileError('FileNotFound', source);
    const existing = source === destination ? undefined : await this.pathStat(destination);
    if (existing && !overwrite) throw this.fileError('FileExists', destination);
    // Like the agent: overwriting a folder replaces it, contents and all.
    if (existing && hasBit(existing.mode, GO_MODE_DIR)) {
      await this.checkedExec(['rm', '-r', '--', destination]);
    }
    await this.checkedExec(['mv', '-T', '--', source, destination], destination);
  }

  run(options: RunOptions): Promise<ExecResult> {
    return execInContainer(this.container, options, this.instance);
  }

  async watch(): Promise<string> {
    throw this.noWatching();
  }

  async unwatch(): Promise<void> {
    throw this.noWatching();
  }

  dispose(): void {
    // Nothing is held open between calls.
  }

  // -------------------------------------------------------------------------------------

  private noWatching(): OperatorError {
    return new OperatorError(
      'InvalidState',
      `Instance ${this.instance} runs an image without the Operator agent; watching files ` +
        'needs the agent',
      { instance: this.instance },
    );
  }

  private fileError(kind: ErrorKind, target: string, text?: string): OperatorError {
    const message = text ?? MESSAGES.find(([, k]) => k === kind)?.[2] ?? kind;
    return new OperatorError(kind, `${message}: ${target}`, {
      path: target,
      instance: this.instance,
    });
  }

  /** Runs a Docker API call, mapping its HTTP failures to file errors naming `target`. */
  private async docker<T>(target: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = statusCode(error);
      if (code === 404) throw this.fileError('FileNotFound', target);
      if (code === 403) throw this.fileError('NoPermissions', target);
      if (/not a directory/i.test(message)) throw this.fileError('FileNotADirectory', target);
      throw new OperatorError('Internal', `Docker archive API on ${target}: ${message}`, {
        path: target,
        instance: this.instance,
      });
    }
  }

  /** The stat of the path itself (a link is not followed), or undefined when it is missing. */
  private async pathStat(target: string): Promise<PathStat | undefined> {
    try {
      const response = (await this.container.infoArchive({ path: target })) as IncomingMessage;
      response.resume();
      const header = response.headers['x-docker-container-path-stat'];
      const encoded = Array.isArray(header) ? header[0] : header;
      if (!encoded) throw new Error('the engine sent no path stat');
      return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as PathStat;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      return this.docker(target, () => Promise.reject(error));
    }
  }

  /**
   * Follows links like stat(2): `resolved` is the final target and where it really is, or
   * undefined when the path is missing or a link on the way dangles (then `link` is set).
   */
  private async resolve(target: string): Promise<Resolution> {
    let current = target;
    let link: PathStat | undefined;
    for (let hop = 0; hop <= MAX_LINKS; hop++) {
      const found = await this.pathStat(current);
      if (!found) return { link };
      if (!hasBit(found.mode, GO_MODE_SYMLINK))
        return { resolved: { stat: found, realPath: current } };
      link ??= found;
      current = path.posix.resolve(path.posix.dirname(current), found.linkTarget);
    }
    return { link };
  }

  /** The real path of `target`, which must be of the given type. */
  private async resolvedPath(target: string, type: 'file' | 'directory'): Promise<string> {
    const { resolved } = await this.resolve(target);
    if (!resolved) throw this.fileError('FileNotFound', target);
    const isDirectory = hasBit(resolved.stat.mode, GO_MODE_DIR);
    if (type === 'directory' && !isDirectory) throw this.fileError('FileNotADirectory', target);
    if (type === 'file' && isDirectory) throw this.fileError('FileIsADirectory', target);
    return resolved.realPath;
  }

  private archiveOf(target: string): Promise<NodeJS.ReadableStream> {
    return this.docker(target, () => this.container.getArchive({ path: target }));
  }

  /** Mode and owner of a path, from the first header of its archive. */
  private async headerOf(target: string): Promise<TarEntryHeader> {
    let first: TarEntryHeader | undefined;
    await visitEntries(await this.archiveOf(target), async (header) => {
      first = header;
      return false;
    });
    if (!first) throw this.fileError('FileNotFound', target);
    return first;
  }

  /** Runs a file command; a failure becomes the file error its message names. */
  private async checkedExec(
    command: string[],
    target = command[command.length - 1],
  ): Promise<void> {
    const result = await execInContainer(
      this.container,
      { command, env: { LC_ALL: 'C' } },
      this.instance,
    );
    if (result.exitCode === 0) return;
    const known = MESSAGES.find(([text]) => result.stderr.includes(text));
    if (known) throw this.fileError(known[1], target, known[2]);
    throw new OperatorError(
      'Internal',
      `${command[0]} failed on ${target}: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
      { path: target, instance: this.instance },
    );
  }
}

function checkPath(value: unknown, field: string, instance: string): string {
  if (typeof value !== 'string' || !path.posix.isAbsolute(value)) {
    throw new OperatorError('InvalidParams', `${field} must be an absolute container path`, {
      field,
      instance,
    });
  }
  return path.posix.normalize(value);
}

function typeOfEntry(header: TarEntryHeader): FileType {
  if (header.type === 'directory') return 'directory';
  if (header.type === 'symlink') return 'symlink';
  return 'file';
}
