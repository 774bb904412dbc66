// The server's file errors as the FileSystemErrors VS Code understands, so that the editor
// offers the right thing (create the file, choose another name, retry) instead of a dump.
import * as vscode from 'vscode';
import { OperatorError } from '../../server/errors';

export function toFileSystemError(error: unknown, uri: vscode.Uri): Error {
  if (!(error instanceof OperatorError))
    return error instanceof Error ? error : new Error(String(error));
  switch (error.kind) {
    case 'FileNotFound':
      return vscode.FileSystemError.FileNotFound(uri);
    case 'FileExists':
      return vscode.FileSystemError.FileExists(uri);
    case 'FileNotADirectory':
      return vscode.FileSystemError.FileNotADirectory(uri);
    case 'FileIsADirectory':
      return vscode.FileSystemError.FileIsADirectory(uri);
    case 'NoPermissions':
      return vscode.FileSystemError.NoPermissions(uri);
    // A missing or stopped instance, or an absent engine: the files exist but cannot be
    // reached now, which VS Code shows without offering to create them.
    case 'NotFound':
    case 'InvalidState':
    case 'DockerUnavailable':
    case 'Timeout':
      return vscode.FileSystemError.Unavailable(error.message);
    default:
      return error;
  }
}
