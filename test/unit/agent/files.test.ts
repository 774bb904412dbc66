import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import {
  AgentCreateDirectoryRequest,
  AgentDeleteRequest,
  AgentReadDirectoryRequest,
  AgentReadFileRequest,
  AgentRenameRequest,
  AgentStatRequest,
  AgentWriteFileRequest,
  HelloRequest,
  AGENT_PROTOCOL_VERSION,
} from '../../../server/agent/protocol';
import type { AgentProcess } from './agentProcess';
import { expectKind, startAgent, tempFolder } from './agentProcess';

describe('agent file operations', function () {
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

  const stat = (p: string) => agent.connection.sendRequest(AgentStatRequest.type, { path: p });
  const write = (p: string, content: Buffer, create = true, overwrite = true) =>
    agent.connection.sendRequest(AgentWriteFileRequest.type, {
      path: p,
      content: content.toString('base64'),
      create,
      overwrite,
    });
  const read = async (p: string) => {
    const { content } = await agent.connection.sendRequest(AgentReadFileRequest.type, { path: p });
    return Buffer.from(content, 'base64');
  };
  const remove = (p: string, recursive: boolean) =>
    agent.connection.sendRequest(AgentDeleteRequest.type, { path: p, recursive });
  const rename = (from: string, to: string, overwrite: boolean) =>
    agent.connection.sendRequest(AgentRenameRequest.type, { from, to, overwrite });

  it('answers hello with its version, pid and Node release', async () => {
    const hello = await agent.connection.sendRequest(HelloRequest.type);
    assert.equal(hello.version, AGENT_PROTOCOL_VERSION);
    assert.equal(hello.pid, agent.child.pid);
    assert.match(hello.node, /^v\d+\./);
  });

  it('stats files and folders, following links, with permission bits', async () => {
    const file = path.join(root, 'a.txt');
    await fs.writeFile(file, 'hello', { mode: 0o640 });
    await fs.chmod(file, 0o640);
    await fs.symlink(file, path.join(root, 'link'));
    await fs.symlink(path.join(root, 'missing'), path.join(root, 'dangling'));

    const fileStat = await stat(file);
    assert.equal(fileStat.type, 'file');
    assert.equal(fileStat.size, 5);
    assert.equal(fileStat.mode, 0o640);
    assert.ok(Math.abs(fileStat.mtime - (await fs.stat(file)).mtimeMs) < 2);
    assert.equal((await stat(root)).type, 'directory');
    assert.equal((await stat(path.join(root, 'link'))).type, 'file');
    assert.equal((await stat(path.join(root, 'dangling'))).type, 'symlink');
  });

  it('fails stat of a missing path with FileNotFound naming it', async () => {
    const missing = path.join(root, 'x.txt');
    const error = await expectKind(stat(missing), 'FileNotFound');
    assert.equal(error.message, `No such file or directory: ${missing}`);
    assert.equal(error.details.path, missing);
  });

  it('fails a path through a file with FileNotADirectory', async () => {
    await fs.writeFile(path.join(root, 'f'), '');
    await expectKind(stat(path.join(root, 'f', 'x')), 'FileNotADirectory', /Not a directory/);
    await expectKind(
      agent.connection.sendRequest(AgentReadDirectoryRequest.type, { path: path.join(root, 'f') }),
      'FileNotADirectory',
    );
  });

  it('rejects a relative path with InvalidParams', async () => {
    const error = await expectKind(stat('relative/x'), 'InvalidParams');
    assert.equal(error.details.field, 'path');
  });

  it('lists a folder sorted, with links reported as symlink', async () => {
    await fs.mkdir(path.join(root, 'sub'));
    await fs.writeFile(path.join(root, 'b.txt'), '');
    await fs.symlink(path.join(root, 'sub'), path.join(root, 'a-link'));
    const entries = await agent.connection.sendRequest(AgentReadDirectoryRequest.type, {
      path: root,
    });
    assert.deepEqual(entries, [
      ['a-link', 'symlink'],
      ['b.txt', 'file'],
      ['sub', 'directory'],
    ]);
  });

  it('round-trips 5 MB of binary content', async () => {
    const content = randomBytes(5 * 1024 * 1024);
    const file = path.join(root, 'blob.bin');
    await write(file, content);
    assert.ok((await read(file)).equals(content));
    assert.ok((await fs.readFile(file)).equals(content));
  });

  it('reads a folder as FileIsADirectory and a missing file as FileNotFound', async () => {
    await expectKind(read(root), 'FileIsADirectory', /^Is a directory: /);
    await expectKind(read(path.join(root, 'none')), 'FileNotFound');
  });

  it('keeps the mode of a file it overwrites, and shortens it to the new content', async () => {
    const file = path.join(root, 'script.sh');
    await fs.writeFile(file, 'a long original content');
    await fs.chmod(file, 0o751);
    const before = await fs.stat(file);
    await write(file, Buffer.from('short'));
    const after = await fs.stat(file);
    assert.equal(after.mode & 0o7777, 0o751);
    assert.equal(after.uid, before.uid);
    assert.equal(after.gid, before.gid);
    assert.equal(after.ino, before.ino);
    assert.equal(await fs.readFile(file, 'utf8'), 'short');
  });

  it('follows the flags of writeFile like a FileSystemProvider', async () => {
    const file = path.join(root, 'f.txt');
    await expectKind(write(file, Buffer.from('x'), false, true), 'FileNotFound');
    await write(file, Buffer.from('one'), true, false);
    await expectKind(write(file, Buffer.from('two'), true, false), 'FileExists', /^File exists: /);
    await write(file, Buffer.from('three'), false, true);
    assert.equal(await fs.readFile(file, 'utf8'), 'three');
  });

  it('fails a write under a missing folder, onto a folder, or into a read-only folder', async () => {
    const missingParent = path.join(root, 'no', 'f.txt');
    const error = await expectKind(write(missingParent, Buffer.from('x')), 'FileNotFound');
    assert.equal(error.details.path, path.join(root, 'no'));
    await expectKind(write(root, Buffer.from('x')), 'FileIsADirectory');
    if (process.getuid?.() === 0) return; // root ignores permission bits
    const locked = path.join(root, 'locked');
    await fs.mkdir(locked, { mode: 0o500 });
    await expectKind(write(path.join(locked, 'f'), Buffer.from('x')), 'NoPermissions');
  });

  it('creates folders, failing when one exists or its parent is missing', async () => {
    const folder = path.join(root, 'new');
    await agent.connection.sendRequest(AgentCreateDirectoryRequest.type, { path: folder });
    assert.ok((await fs.stat(folder)).isDirectory());
    await expectKind(
      agent.connection.sendRequest(AgentCreateDirectoryRequest.type, { path: folder }),
      'FileExists',
    );
    await expectKind(
      agent.connection.sendRequest(AgentCreateDirectoryRequest.type, {
        path: path.join(root, 'a', 'b'),
      }),
      'FileNotFound',
    );
  });

  it('deletes files, links and folders, recursively only when asked', async () => {
    const folder = path.join(root, 'full');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'x'), '');
    await fs.symlink(folder, path.join(root, 'link'));

    const error = await expectKind(remove(folder, false), 'InvalidState');
    assert.equal(error.message, `Directory not empty: ${folder}`);
    await remove(path.join(root, 'link'), false);
    assert.ok((await fs.stat(folder)).isDirectory(), 'deleting a link keeps its target');
    await remove(folder, true);
    await expectKind(remove(folder, true), 'FileNotFound');

    await fs.mkdir(path.join(root, 'empty'));
    await remove(path.join(root, 'empty'), false);
    await fs.writeFile(path.join(root, 'f'), '');
    await remove(path.join(root, 'f'), false);
    assert.deepEqual(await fs.readdir(root), []);
  });

  it('renames, refusing to replace a target unless overwrite is set', async () => {
    const from = path.join(root, 'from.txt');
    const to = path.join(root, 'to.txt');
    await fs.writeFile(from, 'from');
    await fs.writeFile(to, 'to');
    await expectKind(rename(from, to, false), 'FileExists', /^File exists: .*to\.txt$/);
    await rename(from, to, true);
    assert.equal(await fs.readFile(to, 'utf8'), 'from');
    await expectKind(rename(from, to, true), 'FileNotFound');
    await expectKind(rename(to, path.join(root, 'no', 'x'), false), 'FileNotFound');
  });

  it('replaces a folder when renaming onto it with overwrite', async () => {
    const from = path.join(root, 'a');
    const to = path.join(root, 'b');
    await fs.mkdir(from);
    await fs.writeFile(path.join(from, 'kept'), '');
    await fs.mkdir(to);
    await fs.writeFile(path.join(to, 'replaced'), '');
    await rename(from, to, true);
    assert.deepEqual(await fs.readdir(to), ['kept']);
  });
});
