import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { AgentRunRequest } from '../../../server/agent/protocol';
import type { AgentRunParams } from '../../../server/agent/protocol';
import type { AgentProcess } from './agentProcess';
import { expectKind, startAgent, tempFolder } from './agentProcess';

describe('agent processes', function () {
  this.timeout(20_000);
  let agent: AgentProcess;
  let root: string;

  before(async () => {
    root = await tempFolder();
    agent = await startAgent({ HOME: root, OPERATOR_TEST_VALUE: 'from-agent' });
  });
  after(async () => {
    await agent.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  const run = (params: AgentRunParams) =>
    agent.connection.sendRequest(AgentRunRequest.type, params);

  it('answers exit code, stdout and stderr', async () => {
    const result = await run({ command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    assert.equal(result.exitCode, 3);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
    assert.ok(result.durationMs >= 0);
  });

  it('passes arguments without a shell', async () => {
    const result = await run({ command: ['printf', '%s|', 'a b', '$HOME', '*'] });
    assert.equal(result.stdout, 'a b|$HOME|*|');
  });

  it('writes stdin and closes it', async () => {
    const result = await run({ command: ['cat'], stdin: 'line one\nline two\n' });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, 'line one\nline two\n');
  });

  it('survives a process that exits without reading a large stdin', async () => {
    const result = await run({ command: ['true'], stdin: 'x'.repeat(4 * 1024 * 1024) });
    assert.equal(result.exitCode, 0);
  });

  it('merges env over its own and runs in the home by default', async () => {
    const result = await run({
      command: ['sh', '-c', 'echo "$OPERATOR_TEST_VALUE $EXTRA"; pwd'],
      env: { EXTRA: 'given' },
    });
    assert.equal(result.stdout, `from-agent given\n${root}\n`);
  });

  it('runs in the given cwd, and fails a missing cwd with FileNotFound', async () => {
    assert.equal((await run({ command: ['pwd'], cwd: '/' })).stdout, '/\n');
    await expectKind(run({ command: ['pwd'], cwd: `${root}/none` }), 'FileNotFound', /none/);
  });

  it('answers 127 with the reason on stderr for a program that does not exist', async () => {
    const result = await run({ command: ['no-such-program-operator'] });
    assert.equal(result.exitCode, 127);
    assert.equal(result.stderr, 'no-such-program-operator: command not found\n');
  });

  it('reports death by signal as 128 plus the signal number', async () => {
    const result = await run({ command: ['sh', '-c', 'kill -TERM $$'] });
    assert.equal(result.exitCode, 143);
  });

  it('kills the whole process group on timeout and fails with Timeout', async () => {
    const marker = `${root}/survivor`;
    const started = Date.now();
    const error = await expectKind(
      run({ command: ['sh', '-c', `(sleep 1; touch ${marker}) & sleep 30`], timeoutMs: 300 }),
      'Timeout',
    );
    assert.match(error.message, /sh -c .* did not finish within 300 ms/);
    assert.ok(Date.now() - started < 2000);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await assert.rejects(fs.stat(marker), 'the background child was killed with the group');
  });

  it('rejects an empty command with InvalidParams', async () => {
    const error = await expectKind(run({ command: [] }), 'InvalidParams');
    assert.equal(error.details.field, 'command');
  });

  it('bounds captured output', async () => {
    const result = await run({ command: ['head', '-c', `${17 * 1024 * 1024}`, '/dev/zero'] });
    assert.equal(result.exitCode, 0);
    assert.ok(result.stdout.length < 16 * 1024 * 1024 + 200);
    assert.match(result.stdout, /1048576 more bytes of output were dropped/);
  });
});
