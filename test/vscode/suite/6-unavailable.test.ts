// A window whose settings point at an engine that does not answer: the extension starts a
// server for the new data folder, says that Docker is unavailable, and recovers once the
// settings are put back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OperatorApi } from '../../../extension/main';
import type { Instance } from '../../../server/protocol';
import { dataDir, operatorApi, uniqueName, waitFor } from './helpers';

describe('when the Docker engine does not answer', () => {
  let api: OperatorApi;
  let original: string;
  let otherDataDir: string;
  const settings = (): vscode.WorkspaceConfiguration =>
    vscode.workspace.getConfiguration('operator');

  before(async () => {
    api = await operatorApi();
    await api.client.connection();
    original = dataDir();
    otherDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'operator-nodocker-'));
  });

  after(async () => {
    await settings().update('dockerHost', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('dataDir', original, vscode.ConfigurationTarget.Workspace);
    const pidFile = path.join(otherDataDir, 'server.pid');
    if (fs.existsSync(pidFile)) {
      try {
        process.kill(Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10), 'SIGTERM');
      } catch {
        // Gone already.
      }
    }
    fs.rmSync(otherDataDir, { recursive: true, force: true });
  });

  it('says so, and recovers when the settings change back', async () => {
    await settings().update(
      'dockerHost',
      'unix:///nonexistent/docker.sock',
      vscode.ConfigurationTarget.Workspace,
    );
    await settings().update('dataDir', otherDataDir, vscode.ConfigurationTarget.Workspace);
    const state = await waitFor('a server without Docker', () => {
      const now = api.client.state;
      return now.kind === 'connected' && now.dataDir === otherDataDir ? now : undefined;
    });
    assert.equal(state.dockerAvailable, false);
    assert.match(state.dockerError ?? '', /does not answer/);

    const created = await vscode.commands.executeCommand<Instance | undefined>(
      'operator.instance.create',
      { name: uniqueName('vt-nodocker'), type: 'blank', network: 'none' },
    );
    assert.equal(created, undefined, 'nothing is created without an engine');

    await settings().update('dockerHost', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('dataDir', original, vscode.ConfigurationTarget.Workspace);
    await waitFor('the suite server again', () => {
      const now = api.client.state;
      return now.kind === 'connected' && now.dataDir === original && now.dockerAvailable
        ? true
        : undefined;
    });
  });
});
