import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { OperatorError } from '../../../server/errors';
import { ArchiveBackend } from '../../../server/files/archive';
import type { ErrorKind } from '../../../server/protocol';
import { BASE_IMAGE, removeContainer, requireImage, shell, startContainer } from './containers';

async function expectKind(call: Promise<unknown>, kind: ErrorKind): Promise<OperatorError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OperatorError, `not an OperatorError: ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  return assert.fail(`expected ${kind}`);
}

describe('ArchiveBackend against a container without the agent', function () {
  this.timeout(60_000);
  let container: Docker.Container | undefined;
  let backend: ArchiveBackend;
  const root = '/srv/work';

  before(async () => {
    await requireImage(BASE_IMAGE, "build it with 'bash scripts/base-image.sh'");
    container = await startContainer(BASE_IMAGE, 'agent');
    backend = new ArchiveBackend(container, 'archive-test');
    await shell(
      container,
      [
        `mkdir -p ${root}/sub ${root}/owned`,
        `printf hello > ${root}/a.txt`,
        `chmod 640 ${root}/a.txt`,
        `ln -s ${root}/a.txt ${root}/link`,
        `ln -s ${root}/missing ${root}/dangling`,
        `ln -s sub ${root}/sublink`,
        `chown 1234:1234 ${root}/owned ${root}/a.txt`,
      ].join(' && '),
    );
  });
  after(async () => {
    await removeContainer(container);
  });

  it('stats files, folders and links', async () => {
    assert.equal(backend.kind, 'archive');
    const file = await backend.stat(`${root}/a.txt`);
    assert.deepEqual([file.type, file.size, file.mode], ['file', 5, 0o640]);
    assert.ok(file.mtime > Date.now() - 60_000);
    assert.equal((await backend.stat(root)).type, 'directory');
    assert.equal((await backend.stat(`${root}/link`)).type, 'file');
    assert.equal((await backend.stat(`${root}/sublink`)).type, 'directory');
    assert.equal((await backend.stat(`${root}/dangling`)).type, 'symlink');
    const error = await expectKind(backend.stat(`${root}/none`), 'FileNotFound');
    assert.equal(error.message, `No such file or directory: ${root}/none`);
    assert.equal(error.details.instance, 'archive-test');
  });

  it('lists a folder with its links', async () => {
    assert.deepEqual(await backend.readDirectory(root), [
      ['a.txt', 'file'],
      ['dangling', 'symlink'],
      ['link', 'symlink'],
      ['owned', 'directory'],
      ['sub', 'directory'],
      ['sublink', 'symlink'],
    ]);
    await expectKind(backend.readDirectory(`${root}/a.txt`), 'FileNotADirectory');
  });

  it('reads files, also through links, and refuses folders', async () => {
    assert.equal((await backend.readFile(`${root}/a.txt`)).toString(), 'hello');
    assert.equal((await backend.readFile(`${root}/link`)).toString(), 'hello');
    await expectKind(backend.readFile(root), 'FileIsADirectory');
    await expectKind(backend.readFile(`${root}/none`), 'FileNotFound');
  });

  it('writes 5 MB round trip, keeping mode and owner of what it replaces', async () => {
    const content = randomBytes(5 * 1024 * 1024);
    await backend.writeFile(`${root}/a.txt`, content, { create: false, overwrite: true });
    assert.ok((await backend.readFile(`${root}/a.txt`)).equals(content));
    const replaced = await shell(container!, `stat -c '%u:%g %a' ${root}/a.txt`);
    assert.equal(replaced.trim(), '1234:1234 640');

    await backend.writeFile(`${root}/owned/new.txt`, Buffer.from('n'), {
      create: true,
      overwrite: false,
    });
    const owner = await shell(container!, `stat -c '%u:%g %a' ${root}/owned/new.txt`);
    assert.equal(owner.trim(), '1234:1234 644');
  });

  it('follows the flags of writeFile', async () => {
    const file = `${root}/flags.txt`;
    await expectKind(
      backend.writeFile(file, Buffer.from('x'), { create: false, overwrite: true }),
      'FileNotFound',
    );
    await backend.writeFile(file, Buffer.from('x'), { create: true, overwrite: false });
    await expectKind(
      backend.writeFile(file, Buffer.from('y'), { create: true, overwrite: false }),
      'FileExists',
    );
    await expectKind(
      backend.writeFile(root, Buffer.from('y'), { create: true, overwrite: true }),
      'FileIsADirectory',
    );
    await expectKind(
      backend.writeFile(`${root}/no/f`, Buffer.from('y'), { create: true, overwrite: true }),
      'FileNotFound',
    );
  });

  it('creates folders, renames and deletes with mapped errors', async () => {
    await backend.createDirectory(`${root}/made`);
    await expectKind(backend.createDirectory(`${root}/made`), 'FileExists');
    await expectKind(backend.createDirectory(`${root}/x/y`), 'FileNotFound');
    await backend.writeFile(`${root}/made/f`, Buffer.from('f'), { create: true, overwrite: false });
    await expectKind(backend.delete(`${root}/made`, false), 'InvalidState');
    await backend.rename(`${root}/made`, `${root}/moved`, false);
    await expectKind(backend.rename(`${root}/moved`, `${root}/sub`, false), 'FileExists');
    await backend.rename(`${root}/moved`, `${root}/sub`, true);
    assert.deepEqual(await backend.readDirectory(`${root}/sub`), [['f', 'file']]);
    await backend.delete(`${root}/sub`, true);
    await expectKind(backend.stat(`${root}/sub`), 'FileNotFound');
    await backend.delete(`${root}/dangling`, false);
    await expectKind(backend.delete(`${root}/dangling`, false), 'FileNotFound');
  });

  it('runs processes with stdin, env, cwd, exit codes and a timeout', async () => {
    const result = await backend.run({
      command: ['sh', '-c', 'cat; echo "$GREETING"; pwd; echo err >&2; exit 4'],
      stdin: 'in\n',
      env: { GREETING: 'hi' },
      cwd: '/tmp',
    });
    assert.deepEqual(
      [result.exitCode, result.stdout, result.stderr],
      [4, 'in\nhi\n/tmp\n', 'err\n'],
    );
    const started = Date.now();
    await expectKind(backend.run({ command: ['sleep', '10'], timeoutMs: 300 }), 'Timeout');
    assert.ok(Date.now() - started < 3000);
    const missing = await backend.run({ command: ['no-such-program'] });
    assert.ok(missing.exitCode === 126 || missing.exitCode === 127, String(missing.exitCode));
  });

  it('refuses to watch, explaining that watching needs the agent', async () => {
    const error = await expectKind(backend.watch(), 'InvalidState');
    assert.match(error.message, /needs the agent/);
  });
});
