// The path stat of Docker's archive API, and how it maps onto the protocol's FileStat.
import type { FileStat, FileType } from '../protocol';

/** The JSON Docker puts, base64, in the X-Docker-Container-Path-Stat header. */
export interface PathStat {
  name: string;
  size: number;
  /** A Go os.FileMode: permission bits plus type bits in the high bits. */
  mode: number;
  mtime: string;
  linkTarget: string;
}

export const GO_MODE_DIR = 2 ** 31;
export const GO_MODE_SYMLINK = 2 ** 27;
const GO_MODE_SETUID = 2 ** 23;
const GO_MODE_SETGID = 2 ** 22;
const GO_MODE_STICKY = 2 ** 20;

export function hasBit(mode: number, bit: number): boolean {
  return Math.floor(mode / bit) % 2 === 1;
}

function permissionBits(mode: number): number {
  let bits = mode & 0o777;
  if (hasBit(mode, GO_MODE_SETUID)) bits |= 0o4000;
  if (hasBit(mode, GO_MODE_SETGID)) bits |= 0o2000;
  if (hasBit(mode, GO_MODE_STICKY)) bits |= 0o1000;
  return bits;
}

export function toFileStat(stat: PathStat, type: FileType): FileStat {
  const mtime = Date.parse(stat.mtime);
  // The archive API reports no status-change time; the modification time stands in.
  return { type, size: stat.size, mtime, ctime: mtime, mode: permissionBits(stat.mode) };
}
