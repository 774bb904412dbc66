// Open Files and the terminal, which change the window around the suite, run last.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createInstance, exec, removeInstance, uniqueName, waitFor } from './helpers';

describe('the window around an instance', () => {
  const name = uniqueName('vt-window');

  before(() => createInstance(name));

  after(async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const index = folders.findIndex((folder) => folder.uri.authority === name);
    if (index >= 0) vscode.workspace.updateWorkspaceFolders(index, 1);
    await removeInstance(name);
  });

  it('appends the instance home as a workspace folder', async () => {
    const first = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
    // The event comes from the workbench: the change was accepted, not just asked for.
    const changed = new Promise<vscode.WorkspaceFoldersChangeEvent>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        listener.dispose();
        resolve(event);
      });
    });
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'operator.instance.openFiles',
      name,
    );
    assert.equal(uri?.toString(), `operator://${name}/home/operator`);
    const event = await changed;
    assert.deepEqual(
      event.added.map((folder) => folder.uri.toString()),
      [uri.toString()],
    );
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders[0]?.uri.toString(), first, 'the first folder stays in place');
    // The folder is served by the operator: file system like any other.
    const entries = await vscode.workspace.fs.readDirectory(folders[folders.length - 1].uri);
    assert.ok(entries.some(([entry]) => entry === 'AGENTS.md'));
  });

  it('opens a terminal in the instance that runs what is typed', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal | undefined>(
      'operator.instance.openTerminal',
      name,
    );
    assert.ok(terminal);
    terminal.sendText(
      'stty size > /home/operator/terminal.txt; tty >> /home/operator/terminal.txt',
    );
    const written = await waitFor('the terminal to run the command', async () => {
      const result = await exec(name, 'cat /home/operator/terminal.txt');
      return result.exitCode === 0 && result.stdout.includes('/dev/pts')
        ? result.stdout
        : undefined;
    });
    assert.match(written, /^\d+ \d+\n/, 'the TTY has the size of the terminal');
    const closed = new Promise<vscode.Terminal>((resolve) => {
      const listener = vscode.window.onDidCloseTerminal((which) => {
        if (which !== terminal) return;
        listener.dispose();
        resolve(which);
      });
    });
    terminal.sendText('exit 3');
    assert.equal((await closed).exitStatus?.code, 3);
  });

  it('drops the folder of the instance from the workspace when it is deleted', async () => {
    const home = `operator://${name}/home/operator`;
    const listed = () =>
      (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.toString() === home);
    assert.ok(listed(), 'the folder added by Open Files is there');
    await removeInstance(name);
    await waitFor('the folder to leave the workspace', () => (listed() ? undefined : true));
  });
});
