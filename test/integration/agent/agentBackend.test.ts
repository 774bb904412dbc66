import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { AgentBackend } from '../../../server/agent/client';
import { OperatorError } from '../../../server/errors';
import type { ErrorKind, FileChange } from '../../../server/protocol';
import {
  BASE_IMAGE,
  INSTANCE_IMAGE,
  removeContainer,
  requireImage,
  shell,
  startContainer,
} from './containers';

const HOME = '/home/operator';

async function expectKind(call: Promise<unknown>, kind: ErrorKind): Promise<OperatorError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OperatorError, `not an OperatorError: ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  return assert.fail(`expected ${kind}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('AgentBackend against a real container', function () {
  this.timeout(60_000);
  let container: Docker.Container | undefined;
  let backend: AgentBackend;
  const changes: [string, FileChange[]][] = [];
  const closes: string[] = [];

  before(async () => {
    await requireImage(INSTANCE_IMAGE, "build it with 'npm run image'");
    container = await startContainer(INSTANCE_IMAGE, 'agent');
    backend = await AgentBackend.connect(container, {
      instance: 'agent-test',
      onWatchChange: (watchId, batch) => changes.push([watchId, batch]),
      onClose: (reason) => closes.push(reason),
    });
  });
  after(async () => {
    backend?.dispose();
    await removeContainer(container);
  });

  it('is the agent kind and runs as the operator user in its home', async () => {
    assert.equal(backend.kind, 'agent');
    const result = await backend.run({ command: ['sh', '-c', 'id -un; node --version; pwd'] });
    const [user, node, cwd] = result.stdout.trim().split('\n');
    assert.equal(user, 'operator');
    assert.match(node, /^v\d+\./);
    assert.equal(cwd, HOME);
  });

  it('round-trips 5 MB of binary content and keeps the mode on overwrite', async () => {
    const content = randomBytes(5 * 1024 * 1024);
    const file = `${HOME}/blob.bin`;
    await backend.writeFile(file, content, { create: true, overwrite: false });
    assert.ok((await backend.readFile(file)).equals(content));
    await backend.run({ command: ['chmod', '750', file] });
    await backend.writeFile(file, Buffer.from('small'), { create: false, overwrite: true });
    const stat = await backend.stat(file);
    assert.equal(stat.mode, 0o750);
    assert.equal(stat.size, 5);
  });

  it('answers errors as OperatorErrors carrying the instance and path', async () => {
    const error = await expectKind(backend.stat(`${HOME}/x.txt`), 'FileNotFound');
    assert.equal(error.message, `No such file or directory: ${HOME}/x.txt`);
    assert.equal(error.details.instance, 'agent-test');
    assert.equal(error.details.path, `${HOME}/x.txt`);
    await expectKind(backend.readFile(HOME), 'FileIsADirectory');
    await expectKind(
      backend.writeFile('/etc/operator.txt', Buffer.from('x'), { create: true, overwrite: false }),
      'NoPermissions',
    );
    await expectKind(backend.delete('/etc/hostname', false), 'NoPermissions');
  });

  it('lists, creates, renames and deletes', async () => {
    await backend.createDirectory(`${HOME}/dir`);
    await backend.writeFile(`${HOME}/dir/a`, Buffer.from('a'), { create: true, overwrite: false });
    await backend.rename(`${HOME}/dir/a`, `${HOME}/dir/b`, false);
    assert.deepEqual(await backend.readDirectory(`${HOME}/dir`), [['b', 'file']]);
    await expectKind(backend.delete(`${HOME}/dir`, false), 'InvalidState');
    await backend.delete(`${HOME}/dir`, true);
    await expectKind(backend.stat(`${HOME}/dir`), 'FileNotFound');
  });

  it('runs with stdin and env, and times out', async () => {
    const result = await backend.run({
      command: ['sh', '-c', 'cat; echo "$GREETING"'],
      stdin: 'in\n',
      env: { GREETING: 'hi' },
    });
    assert.equal(result.stdout, 'in\nhi\n');
    await expectKind(backend.run({ command: ['sleep', '10'], timeoutMs: 200 }), 'Timeout');
  });

  it('reports watch events from inside the container', async () => {
    const watchId = await backend.watch(HOME, { recursive: true, excludes: ['**/skip/**'] });
    await backend.run({
      command: ['sh', '-c', 'mkdir -p w/deep skip && echo x > w/deep/f && echo y > skip/g'],
    });
    const wanted = `${HOME}/w/deep/f`;
    for (let i = 0; i < 100 && !changes.some(([, b]) => b.some((c) => c.path === wanted)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seen = changes.filter(([id]) => id === watchId).flatMap(([, batch]) => batch);
    assert.ok(
      seen.some((c) => c.type === 'created' && c.path === wanted),
      JSON.stringify(seen),
    );
    assert.ok(!seen.some((c) => c.path.includes('/skip/')), JSON.stringify(seen));
    await backend.unwatch(watchId);
  });

  it('answers a 4 KB readFile in well under 3 ms (median of 200)', async () => {
    const file = `${HOME}/4k.bin`;
    await backend.writeFile(file, randomBytes(4096), { create: true, overwrite: true });
    for (let i = 0; i < 20; i++) await backend.readFile(file);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = process.hrtime.bigint();
      await backend.readFile(file);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const middle = median(times);
    console.error(`      4 KB readFile: median ${middle.toFixed(3)} ms over 200 calls`);
    assert.ok(middle < 3, `median ${middle} ms`);
  });

  it('fails pending and later calls with InvalidState once the agent stops', async () => {
    const agentPid = (await backend.run({ command: ['sh', '-c', 'echo $PPID'] })).stdout.trim();
    // Asserted before the kill, so that the rejection has a handler when it arrives.
    const pending = expectKind(backend.run({ command: ['sleep', '30'] }), 'InvalidState');
    await shell(container!, `kill -KILL ${agentPid}`);
    const error = await pending;
    assert.equal(error.message, 'The agent of instance agent-test stopped');
    await expectKind(backend.stat(HOME), 'InvalidState');
    for (let i = 0; i < 50 && closes.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(closes.length, 1);
  });
});

describe('AgentBackend when the image has no agent', function () {
  this.timeout(60_000);
  let container: Docker.Container | undefined;

  after(async () => {
    await removeContainer(container);
  });

  it('fails connect with InvalidState naming what the container said', async () => {
    container = await startContainer(BASE_IMAGE, 'agent');
    const error = await expectKind(
      AgentBackend.connect(container, {
        instance: 'no-agent',
        onWatchChange: () => undefined,
        onClose: () => undefined,
      }),
      'InvalidState',
    );
    assert.match(error.message, /The agent of instance no-agent did not start/);
    assert.match(error.message, /Cannot find module/);
  });
});
