// Runs the extension-host suite inside code-server: the web workbench takes the same
// extensionDevelopmentPath and extensionTestsPath options as desktop VS Code, through its
// `payload` URL parameter, and reports the suite's exit code to the page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { SuiteReport } from './suite/index';
import { launchChromium, ROOT, startCodeServer } from './codeServer';
import { createTestWorkspace } from './workspace';
import { stopServerOf } from '../support/serverProcess';

const SUITE_TIMEOUT_MS = 20 * 60_000;
const RESULTS = path.join(ROOT, 'test-results');

async function main(): Promise<number> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const workspace = createTestWorkspace('operator-vscode-');
  const reportFile = path.join(RESULTS, 'extension-host.json');
  fs.rmSync(reportFile, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPERATOR_DATA_DIR: workspace.dataDir,
    OPERATOR_TEST_REPORT: reportFile,
  };
  const server = await startCodeServer(
    { stateDir: workspace.stateDir, logFile: path.join(RESULTS, 'code-server.log'), env },
    workspace.folder,
  );
  const browser = await launchChromium();
  let code = 1;
  try {
    const page = await browser.newPage();
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      console.log(util.format(...args));
    });
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (exitCode: number) => resolve(exitCode));
    });
    const remote = (file: string): string => `vscode-remote://${server.authority}${file}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(path.join(ROOT, 'dist', 'test', 'vscode', 'index.js'))],
      ['skipWelcome', 'true'],
    ]);
    const query = `workspace=${encodeURIComponent(workspace.workspaceFile)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(`${server.url}/?${query}`);
    code = await Promise.race([
      exit,
      new Promise<number>((_resolve, reject) =>
        setTimeout(() => reject(new Error('the suite did not finish in time')), SUITE_TIMEOUT_MS),
      ),
    ]);
  } finally {
    await browser.close();
    await server.stop();
    await stopServerOf(workspace.dataDir);
  }
  const result = summarize(reportFile, code);
  // A failed run keeps its folders (server log, code-server logs) for a look.
  if (result === 0) fs.rmSync(workspace.root, { recursive: true, force: true });
  else console.log(`The run's folders are kept in ${workspace.root}`);
  return result;
}

function summarize(reportFile: string, exitCode: number): number {
  if (!fs.existsSync(reportFile)) {
    console.log(`The suite wrote no report (exit code ${exitCode}).`);
    console.log('extension: 0 passed, 1 failed');
    return 1;
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as SuiteReport;
  for (const failure of report.failures) console.log(`FAILED ${failure.title}\n${failure.error}\n`);
  const skipped = report.pending > 0 ? `, ${report.pending} skipped` : '';
  console.log(`extension: ${report.passed} passed, ${report.failed} failed${skipped}`);
  return exitCode === 0 && report.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('extension: 0 passed, 1 failed');
    process.exit(1);
  },
);
