// Turns Node's errno failures into the file error kinds of the protocol, with a message that
// names the container path, the way a shell would report it.
import { OperatorError } from '../errors';
import type { ErrorKind } from '../protocol';

const BY_CODE: Record<string, [ErrorKind, string]> = {
  ENOENT: ['FileNotFound', 'No such file or directory'],
  EEXIST: ['FileExists', 'File exists'],
  ENOTDIR: ['FileNotADirectory', 'Not a directory'],
  EISDIR: ['FileIsADirectory', 'Is a directory'],
  EACCES: ['NoPermissions', 'Permission denied'],
  EPERM: ['NoPermissions', 'Operation not permitted'],
  // No file kind fits a directory that still has entries: the caller must delete recursively.
  ENOTEMPTY: ['InvalidState', 'Directory not empty'],
  EINVAL: ['InvalidParams', 'Invalid argument'],
  ELOOP: ['FileNotFound', 'Too many levels of symbolic links'],
  ENAMETOOLONG: ['InvalidParams', 'File name too long'],
  EROFS: ['NoPermissions', 'Read-only file system'],
};

export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function fileError(kind: ErrorKind, text: string, path: string): OperatorError {
  return new OperatorError(kind, `${text}: ${path}`, { path });
}

/** Maps an fs failure to an OperatorError that names `path`; unknown codes become Internal. */
export function fromErrno(error: unknown, path: string): OperatorError {
  if (error instanceof OperatorError) return error;
  const code = errnoCode(error);
  const known = code === undefined ? undefined : BY_CODE[code];
  if (known) return fileError(known[0], known[1], path);
  const message = error instanceof Error ? error.message : String(error);
  return new OperatorError('Internal', `${code ?? 'Error'} on ${path}: ${message}`, { path });
}

/** Runs an fs call and rethrows its failure as an OperatorError naming `path`. */
export async function onPath<T>(path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromErrno(error, path);
  }
}
