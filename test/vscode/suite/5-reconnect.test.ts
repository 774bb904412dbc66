// One server for all windows, and one that may die: the extension starts it anew, with
// backoff, and restores its watches and its tree on the new connection.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OperatorApi } from '../../../extension/main';
import {
  createInstance,
  dataDir,
  execOutput,
  operatorApi,
  removeInstance,
  sleep,
  uniqueName,
  waitFor,
} from './helpers';

describe('when the server dies', () => {
  const name = uniqueName('vt-reconnect');
  let api: OperatorApi;

  before(async () => {
    api = await operatorApi();
    await createInstance(name);
  });

  after(() => removeInstance(name));

  function serverPid(): number {
    return Number.parseInt(fs.readFileSync(path.join(dataDir(), 'server.pid'), 'utf8'), 10);
  }

  it('reconnects to a new server and keeps its watches', async () => {
    const folder = vscode.Uri.from({ scheme: 'operator', authority: name, path: '/home/operator' });
    const seen: vscode.FileChangeEvent[] = [];
    const listener = api.fileSystem.onDidChangeFile((events) => seen.push(...events));
    const watch = api.fileSystem.watch(folder, { recursive: true, excludes: [] });
    try {
      await sleep(300);
      const oldPid = serverPid();
      process.kill(oldPid, 'SIGKILL');
      await waitFor('the client to notice', () =>
        api.client.state.kind === 'connected' ? undefined : true,
      );
      await waitFor(
        'a new connection',
        () => (api.client.state.kind === 'connected' ? true : undefined),
        60_000,
      );
      assert.notEqual(serverPid(), oldPid);
      const node = await waitFor('the tree to list the instance again', async () => {
        await api.tree.getChildren();
        return api.tree.node(name);
      });
      assert.equal(node.instance.status, 'active');
      // Writes inside the container reach the watch made before the server died.
      await waitFor('a change event after reconnecting', async () => {
        await execOutput(name, 'date +%s%N > /home/operator/after-restart.txt');
        await sleep(200);
        return seen.find((event) => event.uri.path === '/home/operator/after-restart.txt');
      });
    } finally {
      watch.dispose();
      listener.dispose();
    }
  });

  it('ends its terminals, which the new server does not know', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal | undefined>(
      'operator.instance.openTerminal',
      name,
    );
    assert.ok(terminal);
    terminal.sendText('echo ready > /home/operator/terminal-ready.txt');
    await waitFor('the terminal to run', async () =>
      (await execOutput(name, 'cat /home/operator/terminal-ready.txt || true')).includes('ready')
        ? true
        : undefined,
    );
    const closed = new Promise<vscode.Terminal>((resolve) => {
      const listener = vscode.window.onDidCloseTerminal((which) => {
        if (which !== terminal) return;
        listener.dispose();
        resolve(which);
      });
    });
    process.kill(serverPid(), 'SIGKILL');
    assert.equal((await closed).exitStatus?.code, 1);
  });
});
