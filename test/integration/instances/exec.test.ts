import * as assert from 'node:assert/strict';
import { rejectsWith, TestServer } from '../harness';

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
