// The extension's settings, read where they are needed so that a change applies at once.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InstanceType, NetworkMode } from '../server/protocol';

export const SECTION = 'operator';

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** The data folder chosen in the settings, or undefined to use the server's default. */
export function configuredDataDir(): string | undefined {
  const value = settings().get<string>('dataDir', '').trim();
  if (value === '') return undefined;
  if (value === '~' || value.startsWith('~/')) return path.join(os.homedir(), value.slice(1));
  return path.resolve(value);
}

/** The Docker engine a server started by this window talks to, when not the default. */
export function configuredDockerHost(): string | undefined {
  const value = settings().get<string>('dockerHost', '').trim();
  return value === '' ? undefined : value;
}

export function defaultInstanceType(): InstanceType {
  return settings().get<InstanceType>('defaultInstanceType', 'prebuilt');
}

export function instanceNetwork(): NetworkMode {
  return settings().get<NetworkMode>('instanceNetwork', 'bridge');
}

/** Whether a configuration change concerns which server this window talks to. */
export function affectsServer(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration(`${SECTION}.dataDir`) ||
    event.affectsConfiguration(`${SECTION}.dockerHost`)
  );
}
