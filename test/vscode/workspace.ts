// A throwaway workspace for a test run: its own data folder, so that the suite's server is
// its own, and settings that keep test instances off the network.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestWorkspace {
  root: string;
  dataDir: string;
  folder: string;
  stateDir: string;
}

export function createTestWorkspace(prefix: string): TestWorkspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(root, 'data');
  const folder = path.join(root, 'workspace');
  const stateDir = path.join(root, 'code-server');
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const settings = {
    'operator.dataDir': dataDir,
    'operator.instanceNetwork': 'none',
    'workbench.startupEditor': 'none',
    // The web workbench saves after a delay by default; tests save when they mean to.
    'files.autoSave': 'off',
    'security.workspace.trust.enabled': false,
  };
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify(settings, null, 2),
  );
  return { root, dataDir, folder, stateDir };
}
