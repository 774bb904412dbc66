// Instance files as URIs: operator://<instance>/<absolute path in the container>.
import * as vscode from 'vscode';

export const SCHEME = 'operator';

/** Where an instance keeps its files; its home volume outlives the container. */
export const INSTANCE_HOME = '/home/operator';

export function instanceUri(instance: string, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, authority: instance, path });
}

export interface InstancePath {
  instance: string;
  path: string;
}

export function parseInstanceUri(uri: vscode.Uri): InstancePath {
  if (uri.scheme !== SCHEME || uri.authority === '') {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  return { instance: uri.authority, path: uri.path === '' ? '/' : uri.path };
}
