// The operator: file system through the real vscode.workspace.fs and real text documents,
// checked inside the container with instance/exec.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OperatorApi } from '../../../extension/main';
import { InstanceStartRequest, InstanceStopRequest } from '../../../server/protocol';
import {
  createInstance,
  execOutput,
  operatorApi,
  removeInstance,
  serverConnection,
  sleep,
  uniqueName,
  waitFor,
} from './helpers';

const HOME = '/home/operator';

describe('instance files', () => {
  const name = uniqueName('vt-files');
  let api: OperatorApi;
  const uri = (path: string): vscode.Uri =>
    vscode.Uri.from({ scheme: 'operator', authority: name, path });
  const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

  before(async () => {
    api = await operatorApi();
    await createInstance(name);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeInstance(name);
  });

  it('writes, reads and stats a file', async () => {
    const file = uri(`${HOME}/hello.txt`);
    const before = Date.now();
    await vscode.workspace.fs.writeFile(file, text('hello from the editor\n'));
    assert.equal(await execOutput(name, `cat ${HOME}/hello.txt`), 'hello from the editor\n');
    assert.equal(
      Buffer.from(await vscode.workspace.fs.readFile(file)).toString(),
      'hello from the editor\n',
    );
    const stat = await vscode.workspace.fs.stat(file);
    assert.equal(stat.type, vscode.FileType.File);
    assert.equal(stat.size, 22);
    // The container's clock is the machine's: the time is that of this write.
    assert.ok(
      stat.mtime >= before - 1000 && stat.mtime <= Date.now() + 1000,
      `mtime ${stat.mtime}`,
    );
  });

  it('creates, lists, renames and deletes folders and files', async () => {
    const folder = uri(`${HOME}/project`);
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(uri(`${HOME}/project/a.md`), text('# a\n'));
    await vscode.workspace.fs.createDirectory(uri(`${HOME}/project/sub`));
    const entries = await vscode.workspace.fs.readDirectory(folder);
    assert.deepEqual(
      entries.sort(([a], [b]) => a.localeCompare(b)),
      [
        ['a.md', vscode.FileType.File],
        ['sub', vscode.FileType.Directory],
      ],
    );
    await vscode.workspace.fs.rename(uri(`${HOME}/project/a.md`), uri(`${HOME}/project/b.md`));
    assert.equal(await execOutput(name, `ls ${HOME}/project`), 'b.md\nsub\n');
    await vscode.workspace.fs.delete(folder, { recursive: true });
    assert.equal(await execOutput(name, `test -e ${HOME}/project || echo gone`), 'gone\n');
  });

  it('maps the server errors to FileSystemErrors', async () => {
    const missing = uri(`${HOME}/no-such-file`);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(missing)),
      hasCode('FileNotFound'),
    );
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readFile(missing)),
      hasCode('FileNotFound'),
    );
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readFile(uri(HOME))),
      hasCode('FileIsADirectory'),
    );
    const file = uri(`${HOME}/flags.txt`);
    await vscode.workspace.fs.writeFile(file, text('one'));
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readDirectory(file)),
      hasCode('FileNotADirectory'),
    );
    // The provider itself honours the flags that VS Code passes for "create" and "save".
    const provider = api.fileSystem;
    await assert.rejects(
      provider.writeFile(file, text('two'), { create: true, overwrite: false }),
      hasCode('FileExists'),
    );
    await assert.rejects(
      provider.writeFile(missing, text('two'), { create: false, overwrite: true }),
      hasCode('FileNotFound'),
    );
    assert.equal(await execOutput(name, `cat ${HOME}/flags.txt`), 'one');
  });

  it('saves an edited document into the container', async () => {
    const file = uri(`${HOME}/notes.md`);
    await vscode.workspace.fs.writeFile(file, text('first line\n'));
    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'second line\n'));
    assert.equal(document.isDirty, true);
    assert.equal(await document.save(), true);
    assert.equal(await execOutput(name, `cat ${HOME}/notes.md`), 'first line\nsecond line\n');
  });

  it('reports changes made inside the container', async () => {
    const folder = uri(`${HOME}/watched`);
    await vscode.workspace.fs.createDirectory(folder);
    const seen: vscode.FileChangeEvent[] = [];
    const listener = api.fileSystem.onDidChangeFile((events) => seen.push(...events));
    const watch = api.fileSystem.watch(folder, { recursive: true, excludes: [] });
    try {
      // The watch is set up by the server asynchronously; keep writing until one is seen.
      await waitFor('a change event from the container', async () => {
        await execOutput(name, `date +%s%N > ${HOME}/watched/made-inside.txt`);
        await sleep(200);
        return seen.find((event) => event.uri.path === `${HOME}/watched/made-inside.txt`);
      });
    } finally {
      watch.dispose();
      listener.dispose();
    }
  });

  it('keeps reporting changes after the instance is stopped and started', async () => {
    const folder = uri(`${HOME}/restarted`);
    await vscode.workspace.fs.createDirectory(folder);
    const seen: vscode.FileChangeEvent[] = [];
    const listener = api.fileSystem.onDidChangeFile((events) => seen.push(...events));
    const watch = api.fileSystem.watch(folder, { recursive: true, excludes: [] });
    const file = `${HOME}/restarted/after-start.txt`;
    try {
      await waitFor('a first change event', async () => {
        await execOutput(name, `date +%s%N > ${HOME}/restarted/before.txt`);
        await sleep(200);
        return seen.length > 0;
      });
      const { connection } = await serverConnection();
      await connection.sendRequest(InstanceStopRequest.type, { name });
      await connection.sendRequest(InstanceStartRequest.type, { name });
      await waitFor('a change event after the restart', async () => {
        await execOutput(name, `date +%s%N > ${file}`);
        await sleep(200);
        return seen.find((event) => event.uri.path === file);
      });
    } finally {
      watch.dispose();
      listener.dispose();
    }
  });

  it('shows in an open editor what changed underneath it', async () => {
    const file = uri(`${HOME}/live.txt`);
    await vscode.workspace.fs.writeFile(file, text('before\n'));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    // The editor's watch is set up asynchronously; a change made before it is in place
    // is not seen, so the container writes again until the editor shows it.
    await waitFor('the editor to show the new content', async () => {
      await execOutput(name, `printf 'changed inside\\n' > ${HOME}/live.txt`);
      await sleep(200);
      return document.getText() === 'changed inside\n' ? true : undefined;
    });
  });

  it('does not save over a file that changed underneath', async () => {
    const file = uri(`${HOME}/conflict.txt`);
    await vscode.workspace.fs.writeFile(file, text('original\n'));
    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'edited in the editor\n'));
    // Make sure the container's write gets a later modification time than the one VS Code read.
    await sleep(20);
    await execOutput(name, `printf 'written inside\\n' > ${HOME}/conflict.txt`);
    await sleep(300);
    assert.equal(await document.save(), false, 'the save is refused as a conflict');
    assert.equal(await execOutput(name, `cat ${HOME}/conflict.txt`), 'written inside\n');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

function hasCode(code: string): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof vscode.FileSystemError, `a FileSystemError, not ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  };
}
