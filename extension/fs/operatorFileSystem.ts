// Instance files for the editor and the explorer: every call is one fs/* request to the
// server. The stat times are the container's own, which is how VS Code notices that a
// file changed underneath an editor before it saves over it.
import * as vscode from 'vscode';
import {
  FsCreateDirectoryRequest,
  FsDeleteRequest,
  FsReadDirectoryRequest,
  FsReadFileRequest,
  FsRenameRequest,
  FsStatRequest,
  FsWriteFileRequest,
  type FileType,
} from '../../server/protocol';
import type { ServerClient } from '../connection/serverClient';
import type { Log } from '../log';
import { toFileSystemError } from './fileErrors';
import { parseInstanceUri } from './uri';
import { Watches } from './watches';

const FILE_TYPES: Record<FileType, vscode.FileType> = {
  file: vscode.FileType.File,
  directory: vscode.FileType.Directory,
  symlink: vscode.FileType.SymbolicLink,
};

export class OperatorFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly watches: Watches;

  readonly onDidChangeFile = this.changeEmitter.event;

  constructor(
    private readonly client: ServerClient,
    log: Log,
  ) {
    this.watches = new Watches(client, log, (events) => this.changeEmitter.fire(events));
  }

  watch(
    uri: vscode.Uri,
    options: { readonly recursive: boolean; readonly excludes: readonly string[] },
  ): vscode.Disposable {
    return this.watches.add(uri, options);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { instance, path } = parseInstanceUri(uri);
    const stat = await this.call(uri, () =>
      this.client.send(FsStatRequest.type, { name: instance, path }),
    );
    return {
      type: FILE_TYPES[stat.type],
      size: stat.size,
      mtime: stat.mtime,
      ctime: stat.ctime,
      // Files the owner may not write open read-only instead of failing on save.
      permissions: stat.mode & 0o200 ? undefined : vscode.FilePermission.Readonly,
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { instance, path } = parseInstanceUri(uri);
    const entries = await this.call(uri, () =>
      this.client.send(FsReadDirectoryRequest.type, { name: instance, path }),
    );
    return entries.map(([name, type]) => [name, FILE_TYPES[type]]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { instance, path } = parseInstanceUri(uri);
    const { content } = await this.call(uri, () =>
      this.client.send(FsReadFileRequest.type, { name: instance, path }),
    );
    return Buffer.from(content, 'base64');
  }

  async writeFile(
    uri: vscode.Uri,
    content: Uint8Array,
    options: { readonly create: boolean; readonly overwrite: boolean },
  ): Promise<void> {
    const { instance, path } = parseInstanceUri(uri);
    await this.call(uri, () =>
      this.client.send(FsWriteFileRequest.type, {
        name: instance,
        path,
        content: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString(
          'base64',
        ),
        create: options.create,
        overwrite: options.overwrite,
      }),
    );
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    const { instance, path } = parseInstanceUri(uri);
    await this.call(uri, () =>
      this.client.send(FsCreateDirectoryRequest.type, { name: instance, path }),
    );
  }

  async delete(uri: vscode.Uri, options: { readonly recursive: boolean }): Promise<void> {
    const { instance, path } = parseInstanceUri(uri);
    await this.call(uri, () =>
      this.client.send(FsDeleteRequest.type, {
        name: instance,
        path,
        recursive: options.recursive,
      }),
    );
  }

  async rename(
    oldUri: vscode.Uri,
    newUri: vscode.Uri,
    options: { readonly overwrite: boolean },
  ): Promise<void> {
    const from = parseInstanceUri(oldUri);
    const to = parseInstanceUri(newUri);
    if (from.instance !== to.instance) {
      // VS Code falls back to copy and delete when a provider refuses a rename this way.
      throw vscode.FileSystemError.Unavailable('Files move between instances by copy.');
    }
    await this.call(oldUri, () =>
      this.client.send(FsRenameRequest.type, {
        name: from.instance,
        from: from.path,
        to: to.path,
        overwrite: options.overwrite,
      }),
    );
  }

  dispose(): void {
    this.watches.dispose();
    this.changeEmitter.dispose();
  }

  private async call<T>(uri: vscode.Uri, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }
}
