// Runs the end-to-end suite with mocha and closes with the plain count line CI reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const mocha = new Mocha({ ui: 'bdd', timeout: 300_000, reporter: 'spec' });
for (const file of fs.readdirSync(__dirname).sort()) {
  if (file.endsWith('.test.ts')) mocha.addFile(path.join(__dirname, file));
}
let passed = 0;
let failed = 0;
const runner = mocha.run(() => {
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
