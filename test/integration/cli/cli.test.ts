// The built `operator` CLI against the real server and the real Docker engine: the
// first command starts the server of a fresh data folder, the rest reuse it.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Instance, Plan } from '../../../server/protocol';
import { stopServerOf } from '../../support/serverProcess';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const IMAGE = 'operator-instance:latest';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('operator CLI', function () {
  this.timeout(120_000);
  let dataDir: string | undefined;
  // Unique per run, in case a failed run left an instance behind in the engine.
  const name = `cli-test-${process.pid}`;
  let created = false;

  function operator(...args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      assert.ok(dataDir, 'the data folder is made in the before hook');
      const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  function ok(run: Run): Run {
    assert.equal(run.code, 0, `exit code ${run.code}, stderr: ${run.stderr}`);
    return run;
  }

  before(function () {
    this.timeout(600_000);
    // Like the other integration tests, this one runs the bundles `npm run build` made.
    for (const bundle of [CLI, SERVER]) {
      assert.ok(fs.existsSync(bundle), `${bundle} is missing; run \`npm run build\` first`);
    }
    const image = spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' });
    if (image.status !== 0) {
      const built = spawnSync('npm', ['run', 'image'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(built.status, 0, `npm run image failed: ${built.stderr}`);
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'operator-cli-'));
  });

  after(async function () {
    this.timeout(120_000);
    if (!dataDir) return;
    if (created) await operator('delete', name);
    await stopServerOf(dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits with 2 and names the problem on a usage error', async () => {
    const unknown = await operator('launch', name);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^operator: unknown command 'launch'/);
    const missing = await operator('create', '--network', 'none');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /'create' needs an instance NAME/);
  });

  it('sets and shows the plan', async () => {
    assert.match(ok(await operator('plan', 'set', 'max')).stdout, /^Plan: max \(0 of 20 /);
    const plan = JSON.parse(ok(await operator('--json', 'plan')).stdout) as Plan;
    assert.deepEqual(plan, { name: 'max', limit: 20, used: 0 });
  });

  it('creates an instance', async () => {
    // Set first, so that the after hook also cleans up a create that failed halfway.
    created = true;
    const run = ok(await operator('create', name, '--network', 'none'));
    assert.equal(run.stdout, `${name}: active\n`);
    assert.match(run.stderr, new RegExp(`^${name}: provisioning`, 'm'));
  });

  it('lists instances as a table and as JSON', async () => {
    const [header, ...rows] = ok(await operator('list'))
      .stdout.trimEnd()
      .split('\n');
    assert.match(header, /^NAME\s+TYPE\s+STATUS\s+IMAGE\s+NETWORK\s+CREATED$/);
    const row = rows.find((line) => line.startsWith(`${name} `));
    assert.ok(row, `no row for ${name} in:\n${rows.join('\n')}`);
    assert.match(row, /\sprebuilt\s+active\s+\S+\s+none\s+(just now|\d+ \w+ ago)$/);

    const list = JSON.parse(ok(await operator('list', '--json')).stdout) as Instance[];
    const instance = list.find((entry) => entry.name === name);
    assert.equal(instance?.status, 'active');
    assert.equal(instance?.network, 'none');
  });

  it('passes a command’s output and exit code through exec', async () => {
    const script = 'echo "out $GREETING"; echo err >&2; exit 3';
    const run = await operator('exec', name, '--env', 'GREETING=hi', '--', 'sh', '-c', script);
    assert.deepEqual(run, { code: 3, stdout: 'out hi\n', stderr: 'err\n' });
    assert.equal(ok(await operator('exec', name, '--cwd', '/tmp', '--', 'pwd')).stdout, '/tmp\n');
  });

  it('exits with 1 and names an unknown instance', async () => {
    const run = await operator('get', 'no-such-instance');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^operator: .*no-such-instance/);
    const json = await operator('--json', 'stop', 'no-such-instance');
    assert.equal(json.code, 1);
    const { error } = JSON.parse(json.stderr) as { error: { kind: string; message: string } };
    assert.equal(error.kind, 'NotFound');
    assert.match(error.message, /no-such-instance/);
  });

  it('stops the instance', async () => {
    assert.match(ok(await operator('stop', name)).stdout, new RegExp(`^${name}: inactive`));
    const instance = JSON.parse(ok(await operator('--json', 'get', name)).stdout) as Instance;
    assert.equal(instance.status, 'inactive');
  });

  it('deletes the instance, which only list --all still shows', async () => {
    ok(await operator('delete', name));
    created = false;
    const list = JSON.parse(ok(await operator('--json', 'list')).stdout) as Instance[];
    assert.equal(
      list.find((entry) => entry.name === name),
      undefined,
    );
    const all = JSON.parse(ok(await operator('--json', 'list', '--all')).stdout) as Instance[];
    assert.ok(all.find((entry) => entry.name === name)?.deletedAt);
  });
});
