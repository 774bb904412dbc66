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
  for (let attempt = 0; attempt < 3; attempt++) {
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
    // Stale: remove it and try again; another starter racing us may win, which the
    // next attempt notices.
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}; another server keeps starting there.`);
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
