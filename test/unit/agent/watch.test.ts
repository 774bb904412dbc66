import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AgentWatchStartRequest, AgentWatchStopRequest } from '../../../server/agent/protocol';
import type { FileChange } from '../../../server/protocol';
import type { AgentProcess } from './agentProcess';
import { delay, expectKind, startAgent, tempFolder } from './agentProcess';

describe('agent watches', function () {
  this.timeout(20_000);
  let agent: AgentProcess;
  let root: string;

  before(async () => {
    agent = await startAgent();
  });
  after(async () => {
    await agent.stop();
  });
  beforeEach(async () => {
    root = await tempFolder();
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function watch(target: string, recursive: boolean, excludes: string[] = []) {
    const { watchId } = await agent.connection.sendRequest(AgentWatchStartRequest.type, {
      path: target,
      recursive,
      excludes,
    });
    return watchId;
  }

  function received(watchId: string): FileChange[] {
    return (agent.changes.get(watchId) ?? []).flat();
  }

  /** Waits until the watch has reported every expected change, in any order. */
  async function waitFor(watchId: string, expected: FileChange[]): Promise<FileChange[]> {
    const has = (c: FileChange) =>
      received(watchId).some((r) => r.type === c.type && r.path === c.path);
    for (let waited = 0; waited < 3000 && !expected.every(has); waited += 20) await delay(20);
    const all = received(watchId);
    for (const change of expected) {
      assert.ok(has(change), `missing ${change.type} ${change.path} in ${JSON.stringify(all)}`);
    }
    return all;
  }

  it('reports created, changed and deleted files of a folder', async () => {
    const file = path.join(root, 'a.txt');
    const id = await watch(root, false);
    await fs.writeFile(file, 'one');
    await waitFor(id, [{ type: 'created', path: file }]);
    await delay(80);
    await fs.appendFile(file, 'two');
    await waitFor(id, [{ type: 'changed', path: file }]);
    await fs.rm(file);
    const all = await waitFor(id, [{ type: 'deleted', path: file }]);
    assert.deepEqual(
      all.map((c) => c.type),
      ['created', 'changed', 'deleted'],
    );
  });

  it('coalesces a burst of writes to one file into one batch', async () => {
    const file = path.join(root, 'burst.txt');
    await fs.writeFile(file, '');
    const id = await watch(root, false);
    for (let i = 0; i < 20; i++) await fs.appendFile(file, `${i}\n`);
    await waitFor(id, [{ type: 'changed', path: file }]);
    await delay(150);
    assert.ok(received(id).length <= 2, JSON.stringify(agent.changes.get(id)));
  });

  it('does not descend into subfolders unless recursive', async () => {
    await fs.mkdir(path.join(root, 'sub'));
    const id = await watch(root, false);
    await fs.writeFile(path.join(root, 'sub', 'deep.txt'), '');
    await fs.writeFile(path.join(root, 'top.txt'), '');
    await waitFor(id, [{ type: 'created', path: path.join(root, 'top.txt') }]);
    await delay(100);
    assert.ok(!received(id).some((c) => c.path.endsWith('deep.txt')));
  });

  it('watches new folders of a recursive watch, and what appeared in them at once', async () => {
    const id = await watch(root, true);
    const deep = path.join(root, 'a', 'b', 'c');
    await fs.mkdir(deep, { recursive: true });
    await fs.writeFile(path.join(deep, 'early.txt'), '');
    await waitFor(id, [
      { type: 'created', path: path.join(root, 'a') },
      { type: 'created', path: path.join(deep, 'early.txt') },
    ]);
    await fs.writeFile(path.join(deep, 'late.txt'), '');
    await waitFor(id, [{ type: 'created', path: path.join(deep, 'late.txt') }]);
    await fs.rm(path.join(root, 'a'), { recursive: true });
    await waitFor(id, [{ type: 'deleted', path: path.join(root, 'a') }]);
  });

  it('reports a rename within the tree as deleted and created', async () => {
    const from = path.join(root, 'from.txt');
    const to = path.join(root, 'to.txt');
    await fs.writeFile(from, '');
    const id = await watch(root, true);
    await fs.rename(from, to);
    await waitFor(id, [
      { type: 'deleted', path: from },
      { type: 'created', path: to },
    ]);
  });

  it('honours exclude globs for files and folders', async () => {
    await fs.mkdir(path.join(root, 'node_modules', 'pkg'), { recursive: true });
    const id = await watch(root, true, ['**/node_modules/**', '*.log']);
    await fs.writeFile(path.join(root, 'node_modules', 'pkg', 'index.js'), '');
    await fs.writeFile(path.join(root, 'debug.log'), '');
    await fs.mkdir(path.join(root, 'src'));
    await fs.writeFile(path.join(root, 'src', 'debug.log'), '');
    await fs.writeFile(path.join(root, 'kept.txt'), '');
    await waitFor(id, [{ type: 'created', path: path.join(root, 'kept.txt') }]);
    await delay(150);
    const paths = received(id).map((c) => path.relative(root, c.path));
    assert.deepEqual(paths.sort(), ['kept.txt', 'src', 'src/debug.log']);
  });

  it('watches one file across saves that replace it', async () => {
    const file = path.join(root, 'doc.md');
    await fs.writeFile(file, 'v1');
    await fs.writeFile(path.join(root, 'other.md'), '');
    const id = await watch(file, false);
    await fs.writeFile(`${file}.tmp`, 'v2');
    await fs.rename(`${file}.tmp`, file);
    await waitFor(id, [{ type: 'changed', path: file }]);
    await fs.appendFile(path.join(root, 'other.md'), 'x');
    await fs.rm(file);
    await waitFor(id, [{ type: 'deleted', path: file }]);
    assert.ok(received(id).every((c) => c.path === file));
  });

  it('reports the watched folder itself when it is deleted', async () => {
    const folder = path.join(root, 'gone');
    await fs.mkdir(folder);
    const id = await watch(folder, true);
    await fs.rm(folder, { recursive: true });
    await waitFor(id, [{ type: 'deleted', path: folder }]);
  });

  it('stops reporting after watch/stop, and fails for unknown paths and ids', async () => {
    const id = await watch(root, false);
    await agent.connection.sendRequest(AgentWatchStopRequest.type, { watchId: id });
    await fs.writeFile(path.join(root, 'after.txt'), '');
    await delay(150);
    assert.deepEqual(received(id), []);
    await expectKind(watch(path.join(root, 'none'), false), 'FileNotFound');
    await expectKind(
      agent.connection.sendRequest(AgentWatchStopRequest.type, { watchId: id }),
      'NotFound',
    );
  });
});
