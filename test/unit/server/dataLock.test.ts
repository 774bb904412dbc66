import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lockPath } from '../../../server/dataDir';
import { acquireDataLock, DataFolderLocked } from '../../../server/dataLock';

describe('the data-folder lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'operator-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is held once and released', () => {
    const release = acquireDataLock(dir);
    assert.equal(fs.readFileSync(lockPath(dir), 'utf8').trim(), String(process.pid));
    release();
    assert.ok(!fs.existsSync(lockPath(dir)));
  });

  it('names the live process that holds it', () => {
    // The parent of this process is alive for as long as the test runs.
    fs.writeFileSync(lockPath(dir), `${process.ppid}\n`);
    assert.throws(
      () => acquireDataLock(dir),
      (error: unknown) => error instanceof DataFolderLocked && error.pid === process.ppid,
    );
  });

  it('takes over the lock of a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    fs.writeFileSync(lockPath(dir), `${gone.stdout.toString()}\n`);
    const release = acquireDataLock(dir);
    assert.equal(fs.readFileSync(lockPath(dir), 'utf8').trim(), String(process.pid));
    release();
  });
});
