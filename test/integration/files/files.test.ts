import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as p from '../../../server/protocol';
import { rejectsWith, sleep, TestServer } from '../harness';

const HOME = '/home/operator';

describe('instance files through the server', function () {
  this.timeout(60000);
  let server: TestServer;
  const name = 'files';

  const write = (path: string, content: Buffer | string, create = true, overwrite = true) =>
    server.request(p.FsWriteFileRequest.type, {
      name,
      path,
      content: Buffer.from(content).toString('base64'),
      create,
      overwrite,
    });
  const read = async (path: string) =>
    Buffer.from((await server.request(p.FsReadFileRequest.type, { name, path })).content, 'base64');

  before(async () => {
    server = await TestServer.start();
    await server.create(name, { type: 'blank' });
  });
  after(async () => {
    await server.stop();
  });

  it('round-trips a 5 MB binary file byte for byte', async () => {
    const content = randomBytes(5 * 1024 * 1024);
    await write(`${HOME}/blob.bin`, content);
    assert.ok((await read(`${HOME}/blob.bin`)).equals(content));
    const sum = await server.exec(name, ['sha256sum', `${HOME}/blob.bin`]);
    const { createHash } = await import('node:crypto');
    assert.equal(sum.stdout.split(' ')[0], createHash('sha256').update(content).digest('hex'));
    const stat = await server.request(p.FsStatRequest.type, { name, path: `${HOME}/blob.bin` });
    assert.equal(stat.type, 'file');
    assert.equal(stat.size, content.length);
  });

  it('stats, lists, creates, renames and deletes', async () => {
    await server.request(p.FsCreateDirectoryRequest.type, { name, path: `${HOME}/dir` });
    await write(`${HOME}/dir/a.txt`, 'a');
    const entries = await server.request(p.FsReadDirectoryRequest.type, {
      name,
      path: `${HOME}/dir`,
    });
    assert.deepEqual(entries, [['a.txt', 'file']]);
    const stat = await server.request(p.FsStatRequest.type, { name, path: `${HOME}/dir` });
    assert.equal(stat.type, 'directory');
    assert.ok(stat.mtime > Date.now() - 60000 && stat.mtime < Date.now() + 60000, 'mtime in ms');
    await server.request(p.FsRenameRequest.type, {
      name,
      from: `${HOME}/dir/a.txt`,
      to: `${HOME}/dir/b.txt`,
      overwrite: false,
    });
    assert.equal((await read(`${HOME}/dir/b.txt`)).toString(), 'a');
    await server.request(p.FsDeleteRequest.type, { name, path: `${HOME}/dir`, recursive: true });
    await rejectsWith(
      server.request(p.FsStatRequest.type, { name, path: `${HOME}/dir` }),
      'FileNotFound',
    );
  });

  it('keeps the mode and owner of a file it overwrites', async () => {
    await server.exec(name, [
      'sh',
      '-c',
      `echo '#!/bin/sh' > ${HOME}/run.sh && chmod 750 ${HOME}/run.sh`,
    ]);
    await write(`${HOME}/run.sh`, '#!/bin/sh\necho changed\n');
    const ls = await server.exec(name, ['stat', '-c', '%a %U', `${HOME}/run.sh`]);
    assert.equal(ls.stdout.trim(), '750 operator');
    assert.equal((await server.exec(name, [`${HOME}/run.sh`])).stdout, 'changed\n');
  });

  it('answers every file error with its kind', async () => {
    await write(`${HOME}/exists.txt`, 'x');
    await server.request(p.FsCreateDirectoryRequest.type, { name, path: `${HOME}/full` });
    await write(`${HOME}/full/inner.txt`, 'x');
    await rejectsWith(read(`${HOME}/missing.txt`), 'FileNotFound', /missing\.txt/);
    await rejectsWith(write(`${HOME}/exists.txt`, 'y', true, false), 'FileExists', /exists\.txt/);
    await rejectsWith(write(`${HOME}/new.txt`, 'y', false, true), 'FileNotFound');
    await rejectsWith(write(`${HOME}/no/such/dir.txt`, 'y'), 'FileNotFound');
    await rejectsWith(
      server.request(p.FsReadDirectoryRequest.type, { name, path: `${HOME}/exists.txt` }),
      'FileNotADirectory',
    );
    await rejectsWith(read(`${HOME}/full`), 'FileIsADirectory');
    await rejectsWith(
      server.request(p.FsCreateDirectoryRequest.type, { name, path: `${HOME}/full` }),
      'FileExists',
    );
    await rejectsWith(write('/etc/passwd', 'nope'), 'NoPermissions', /passwd/);
    await rejectsWith(
      server.request(p.FsRenameRequest.type, {
        name,
        from: `${HOME}/exists.txt`,
        to: `${HOME}/full/inner.txt`,
        overwrite: false,
      }),
      'FileExists',
    );
    await rejectsWith(
      server.request(p.FsDeleteRequest.type, { name, path: `${HOME}/full`, recursive: false }),
      'InvalidState',
      /not empty/,
    );
    const kept = await server.request(p.FsStatRequest.type, {
      name,
      path: `${HOME}/full/inner.txt`,
    });
    assert.equal(kept.type, 'file', 'a refused delete removes nothing');
    await rejectsWith(
      server.request(p.FsStatRequest.type, { name, path: 'relative/path' }),
      'InvalidParams',
      /absolute/,
    );
    await rejectsWith(
      server.request(p.FsReadFileRequest.type, { name: 'nobody', path: '/' }),
      'NotFound',
      /nobody/,
    );
  });

  it('announces changes inside the container to the watching client', async () => {
    await server.request(p.FsCreateDirectoryRequest.type, { name, path: `${HOME}/watched` });
    const { watchId } = await server.request(p.FsWatchRequest.type, {
      name,
      path: `${HOME}/watched`,
      recursive: true,
      excludes: ['**/ignored/**'],
    });
    await server.exec(name, [
      'sh',
      '-c',
      `cd ${HOME}/watched && mkdir -p sub ignored && echo 1 > sub/new.txt && echo 2 > ignored/x.txt`,
    ]);
    const deadline = Date.now() + 5000;
    const seen = () =>
      server.fileChanges.filter((c) => c.watchId === watchId).flatMap((c) => c.changes);
    while (!seen().some((c) => c.path === `${HOME}/watched/sub/new.txt`) && Date.now() < deadline) {
      await sleep(25);
    }
    assert.ok(
      seen().some((c) => c.path === `${HOME}/watched/sub/new.txt` && c.type === 'created'),
      JSON.stringify(seen()),
    );
    assert.ok(!seen().some((c) => c.path.includes('/ignored/')), 'excluded paths are not reported');
    await server.request(p.FsUnwatchRequest.type, { watchId });
    await rejectsWith(server.request(p.FsUnwatchRequest.type, { watchId }), 'NotFound');
  });
});
