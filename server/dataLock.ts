// One server per data folder. The lock is a pid file created exclusively; a pid file
// whose process is gone is stale (the server was killed) and is taken over.
import * as fs from 'node:fs';
import { lockPath } from './dataDir';

export class DataFolderLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`Another Operator server (pid ${pid}) already serves the data folder ${dataDir}.`);
  }
}

export function acquireDataLock(dataDir: string): () => void {
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (readPid(file) === process.pid) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(file);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
      throw new DataFolderLocked(dataDir, holder);
    }
    removeStale(file, holder);
  }
  throw new Error(`Could not take the lock ${file}; other servers keep starting there.`);
}

/**
 * Removes a pid file whose process is gone. Servers starting at the same moment (two
 * windows restored after a crash) must not remove each other's fresh lock, so only the
 * one that holds the takeover file may remove it, and only if it still names `stale`.
 */
function removeStale(file: string, stale: number | undefined): void {
  const takeover = `${file}.takeover`;
  try {
    fs.writeFileSync(takeover, `${process.pid}\n`, { flag: 'wx' });
  } catch {
    // Another starter is taking over; a takeover file left by a crash in that moment
    // is cleared after a while.
    const age = Date.now() - (statTime(takeover) ?? Date.now());
    if (age > TAKEOVER_STALE_MS) fs.rmSync(takeover, { force: true });
    else pause(20);
    return;
  }
  try {
    if (readPid(file) === stale) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

const TAKEOVER_STALE_MS = 10_000;

function statTime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid of the live server that holds the data folder, if one does. */
export function lockHolder(dataDir: string): number | undefined {
  const pid = readPid(lockPath(dataDir));
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
