import * as assert from 'node:assert/strict';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import * as p from '../../../server/protocol';
import { rejectsWith, sleep, TestServer } from '../harness';

describe('instance/exec', function () {
  this.timeout(60000);
  let server: TestServer;

  before(async () => {
    server = await TestServer.start();
    await server.create('runner', { type: 'blank' });
  });
  after(async () => {
    await server.stop();
  });

  it('returns exit code, stdout, stderr and duration', async () => {
    const result = await server.exec('runner', ['sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(result.exitCode, 3);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
    assert.ok(result.durationMs >= 0);
  });

  it('passes stdin, env and cwd', async () => {
    const result = await server.exec('runner', ['sh', '-c', 'cat; echo "$GREETING"; pwd'], {
      stdin: 'from stdin\n',
      env: { GREETING: 'hello' },
      cwd: '/tmp',
    });
    assert.equal(result.stdout, 'from stdin\nhello\n/tmp\n');
  });

  it('reports a missing program as exit code 127', async () => {
    const result = await server.exec('runner', ['no-such-program-here']);
    assert.equal(result.exitCode, 127);
    assert.match(result.stderr, /no-such-program-here/);
  });

  it('times out with a typed error and kills the process', async () => {
    await rejectsWith(server.exec('runner', ['sleep', '30'], { timeoutMs: 300 }), 'Timeout', /300/);
    const ps = await server.exec('runner', [
      'sh',
      '-c',
      'ps -eo args | grep -c "^sleep 30" || true',
    ]);
    assert.equal(ps.stdout.trim(), '0');
  });

  it('kills the process when its client cancels the request', async () => {
    const source = new CancellationTokenSource();
    const running = server.connection.sendRequest(
      p.InstanceExecRequest.type,
      { name: 'runner', command: ['sh', '-c', 'echo started > /tmp/cancel-me; sleep 120'] },
      source.token,
    );
    for (let i = 0; i < 100; i++) {
      if ((await server.exec('runner', ['cat', '/tmp/cancel-me'])).exitCode === 0) break;
      await sleep(20);
    }
    source.cancel();
    const error = await running.then(
      () => assert.fail('a cancelled exec must not resolve'),
      (failure: ResponseError<p.ErrorData>) => failure,
    );
    assert.equal(error.code, -32800);
    assert.equal(error.data?.kind, 'InvalidState');
    const ps = await server.exec('runner', [
      'sh',
      '-c',
      'ps -eo args | grep -c "^sleep 120" || true',
    ]);
    assert.equal(ps.stdout.trim(), '0', 'the cancelled process is gone');
  });

  it('refuses malformed commands', async () => {
    await rejectsWith(server.exec('runner', []), 'InvalidParams', /command/);
    await rejectsWith(
      server.exec('runner', ['true'], { timeoutMs: -1 }),
      'InvalidParams',
      /timeoutMs/,
    );
    await rejectsWith(server.exec('runner', ['true'], { cwd: 'relative' }), 'InvalidParams', /cwd/);
  });
});
