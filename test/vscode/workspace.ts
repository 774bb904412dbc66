// A throwaway workspace for a test run: its own data folder, so that the suite's server is
// its own, and settings that keep test instances off the network. The window opens it as
// a workspace file: adding an instance's folder then changes the workspace in place,
// where a single-folder window would be turned into a new untitled workspace and reload.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestWorkspace {
  root: string;
  dataDir: string;
  folder: string;
  /** The .code-workspace file that holds `folder` and the settings. */
  workspaceFile: string;
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
  // Machine-scoped settings such as operator.dataDir count only at the workspace level.
  const workspaceFile = path.join(root, 'operator-tests.code-workspace');
  fs.writeFileSync(
    workspaceFile,
    JSON.stringify({ folders: [{ path: folder }], settings }, null, 2),
  );
  return { root, dataDir, folder, workspaceFile, stateDir };
}
