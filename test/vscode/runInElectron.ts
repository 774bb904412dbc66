// Runs the extension-host suite in desktop VS Code through @vscode/test-electron, on
// machines that can download VS Code; CI uses runInCodeServer.ts instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { SuiteReport } from './suite/index';
import { ROOT } from './codeServer';
import { createTestWorkspace } from './workspace';
import { stopServerOf } from '../support/serverProcess';

async function main(): Promise<number> {
  const workspace = createTestWorkspace('operator-electron-');
  const reportFile = path.join(ROOT, 'test-results', 'extension-host-electron.json');
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.rmSync(reportFile, { force: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'dist', 'test', 'vscode', 'index.js'),
      launchArgs: [
        workspace.workspaceFile,
        '--disable-extensions',
        '--disable-workspace-trust',
        `--user-data-dir=${path.join(workspace.stateDir, 'user')}`,
      ],
      extensionTestsEnv: {
        OPERATOR_DATA_DIR: workspace.dataDir,
        OPERATOR_TEST_REPORT: reportFile,
      },
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await stopServerOf(workspace.dataDir);
  }
  if (!fs.existsSync(reportFile)) {
    console.log('extension: 0 passed, 1 failed');
    return 1;
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as SuiteReport;
  for (const failure of report.failures) console.log(`FAILED ${failure.title}\n${failure.error}\n`);
  console.log(`extension: ${report.passed} passed, ${report.failed} failed`);
  return report.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
