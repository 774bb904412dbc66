// The agent's file operations, with the semantics of VS Code's FileSystemProvider: each
// failure is a typed error naming the path, and nothing is created or replaced unless the
// flags of the call allow it.
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { OperatorError } from '../errors';
import type { FileStat, FileType } from '../protocol';
import { errnoCode, fileError, fromErrno, onPath } from './fsErrors';

export function requireAbsolute(value: unknown, field = 'path'): string {
  if (typeof value !== 'string' || !path.posix.isAbsolute(value)) {
    throw new OperatorError('InvalidParams', `${field} must be an absolute container path`, {
      field,
    });
  }
  return path.posix.normalize(value);
}

function toFileStat(stats: Stats, type: FileType): FileStat {
  return {
    type,
    size: stats.size,
    mtime: Math.round(stats.mtimeMs),
    ctime: Math.round(stats.ctimeMs),
    mode: stats.mode & 0o7777,
  };
}

function typeOf(stats: Stats): FileType {
  return stats.isDirectory() ? 'directory' : 'file';
}

/** lstat that answers undefined for a missing path instead of failing. */
async function lstatOrUndefined(target: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(target);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw fromErrno(error, target);
  }
}

/**
 * Follows symlinks: a link that resolves reports its target's type and stats. Only a
 * dangling link reports type 'symlink', so that callers can still see and delete it.
 */
export async function stat(target: string): Promise<FileStat> {
  try {
    const stats = await fs.stat(target);
    return toFileStat(stats, typeOf(stats));
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw fromErrno(error, target);
    const link = await lstatOrUndefined(target);
    if (link?.isSymbolicLink()) return toFileStat(link, 'symlink');
    throw fromErrno(error, target);
  }
}

/** Lists a directory without following links: a link is reported as 'symlink'. */
export async function readDirectory(target: string): Promise<[string, FileType][]> {
  const entries = await onPath(target, () => fs.readdir(target, { withFileTypes: true }));
  return entries
    .map((entry): [string, FileType] => {
      if (entry.isSymbolicLink()) return [entry.name, 'symlink'];
      return [entry.name, entry.isDirectory() ? 'directory' : 'file'];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function readFile(target: string): Promise<Buffer> {
  return onPath(target, () => fs.readFile(target));
}

/**
 * Replaces an existing file's content in place, so its mode, owner, hard links and the link
 * that led to it stay as they were; the cost is that a reader may see a partial write.
 */
export async function writeFile(
  target: string,
  content: Buffer,
  flags: { create: boolean; overwrite: boolean },
): Promise<void> {
  let existing: Stats | undefined;
  try {
    existing = await fs.stat(target);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw fromErrno(error, target);
  }
  if (existing?.isDirectory()) throw fileError('FileIsADirectory', 'Is a directory', target);
  if (existing) {
    if (!flags.overwrite) throw fileError('FileExists', 'File exists', target);
    await onPath(target, () => replaceContent(target, content));
    return;
  }
  if (!flags.create) throw fileError('FileNotFound', 'No such file or directory', target);
  const parent = path.posix.dirname(target);
  const parentStats = await lstatOrUndefined(parent);
  if (!parentStats) throw fileError('FileNotFound', 'No such file or directory', parent);
  // 'wx' so that a file created by someone else since the check is not overwritten.
  await onPath(target, () => fs.writeFile(target, content, { flag: 'wx' }));
}

/** 'r+' rather than 'w', so that a file deleted since the check is not silently recreated. */
async function replaceContent(target: string, content: Buffer): Promise<void> {
  const handle = await fs.open(target, 'r+');
  try {
    await handle.truncate(0);
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

export async function createDirectory(target: string): Promise<void> {
  await onPath(target, () => fs.mkdir(target));
}

export async function remove(target: string, recursive: boolean): Promise<void> {
  const stats = await lstatOrUndefined(target);
  if (!stats) throw fileError('FileNotFound', 'No such file or directory', target);
  if (!stats.isDirectory()) {
    await onPath(target, () => fs.unlink(target));
  } else if (recursive) {
    await onPath(target, () => fs.rm(target, { recursive: true }));
  } else {
    await onPath(target, () => fs.rmdir(target));
  }
}

export async function rename(from: string, to: string, overwrite: boolean): Promise<void> {
  const source = await lstatOrUndefined(from);
  if (!source) throw fileError('FileNotFound', 'No such file or directory', from);
  const target = await lstatOrUndefined(to);
  if (target && from !== to) {
    // TODO: the check and the rename are two steps; Node offers no RENAME_NOREPLACE.
    if (!overwrite) throw fileError('FileExists', 'File exists', to);
    // Like VS Code's disk provider: overwriting a directory replaces it, contents and all.
    if (target.isDirectory()) await onPath(to, () => fs.rm(to, { recursive: true }));
  }
  const parent = path.posix.dirname(to);
  if (!(await lstatOrUndefined(parent))) {
    throw fileError('FileNotFound', 'No such file or directory', parent);
  }
  await onPath(to, () => fs.rename(from, to));
}
