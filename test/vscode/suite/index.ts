// The extension-host test suite's entry point: VS Code loads this module inside its
// extension host (desktop or code-server alike) and awaits run(). Results also go to the
// file named by OPERATOR_TEST_REPORT, for runners that cannot read the host's console.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteReport {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  const grep = process.env.OPERATOR_TEST_GREP;
  // A string given to mocha.grep is matched literally; a RegExp allows alternatives.
  if (grep) mocha.grep(new RegExp(grep));
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  const report: SuiteReport = { passed: 0, failed: 0, pending: 0, failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => {
      writeReport(report);
      if (report.failed > 0) reject(new Error(`${report.failed} extension-host tests failed`));
      else resolve();
    });
    runner.on('pass', () => report.passed++);
    runner.on('pending', () => report.pending++);
    runner.on('fail', (test, error: unknown) => {
      report.failed++;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      report.failures.push({ title: test.fullTitle(), error: message });
    });
  });
}

function writeReport(report: SuiteReport): void {
  const file = process.env.OPERATOR_TEST_REPORT;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
}
