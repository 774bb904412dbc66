// Measured figures (activation time, read latencies), written beside the test report for
// the benchmark to pick up. Each test file is its own bundle, so figures merge on disk.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function recordFigure(name: string, value: unknown): void {
  const report = process.env.OPERATOR_TEST_REPORT;
  console.log(`figure ${name}: ${JSON.stringify(value)}`);
  if (!report) return;
  const file = path.join(path.dirname(report), 'vscode-figures.json');
  let figures: Record<string, unknown> = {};
  try {
    figures = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // The first figure of the run.
  }
  figures[name] = value;
  fs.writeFileSync(file, JSON.stringify(figures, null, 2));
}
