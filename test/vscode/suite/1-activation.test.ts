// Activation is lazy and cheap: nothing activates the extension at startup, activating it
// makes no server round trip, and every contributed command is registered.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dataDir, operatorExtension } from './helpers';
import { recordFigure } from './figures';

describe('activation', () => {
  it('waits until the extension is needed', () => {
    assert.equal(operatorExtension().isActive, false);
  });

  it('activates without reaching the server', async () => {
    const started = performance.now();
    const api = await operatorExtension().activate();
    const elapsed = performance.now() - started;
    recordFigure('activationMs', Math.round(elapsed * 10) / 10);
    recordFigure('activateFunctionMs', Math.round(api.activationMs * 10) / 10);
    assert.equal(api.client.state.kind, 'idle');
    assert.equal(fs.existsSync(path.join(dataDir(), 'server.pid')), false, 'no server started');
  });

  it('registers every command it contributes', async () => {
    const contributed = (
      operatorExtension().packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((entry) => entry.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((command) => !registered.has(command)),
      [],
    );
    for (const command of contributed) assert.match(command, /^operator\.[a-z]+\.[a-zA-Z]+$/);
  });
});
