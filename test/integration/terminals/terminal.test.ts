import * as assert from 'node:assert/strict';
import * as p from '../../../server/protocol';
import { rejectsWith, sleep, TestServer } from '../harness';

describe('terminals in an instance', function () {
  this.timeout(60000);
  let server: TestServer;
  const output = new Map<string, string>();
  const exits = new Map<string, number>();

  async function waitFor(test: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  before(async () => {
    server = await TestServer.start();
    server.connection.onNotification(p.TerminalOutputNotification.type, ({ terminalId, data }) => {
      output.set(terminalId, (output.get(terminalId) ?? '') + data);
    });
    server.connection.onNotification(
      p.TerminalDidExitNotification.type,
      ({ terminalId, exitCode }) => {
        exits.set(terminalId, exitCode);
      },
    );
    await server.create('tty', { type: 'blank' });
  });
  after(async () => {
    await server.stop();
  });

  it('runs a shell on a TTY of the given size, in the home, and reports its exit', async () => {
    const { terminalId } = await server.request(p.TerminalOpenRequest.type, {
      name: 'tty',
      cols: 97,
      rows: 31,
    });
    await server.request(p.TerminalInputRequest.type, {
      terminalId,
      data: 'echo "size=$(stty size) tty=$(tty) pwd=$(pwd)"\n',
    });
    await waitFor(
      () =>
        /size=31 97 tty=\/dev\/pts\/\d+ pwd=\/home\/operator/.test(output.get(terminalId) ?? ''),
      'the echo',
    );
    await server.request(p.TerminalResizeRequest.type, { terminalId, cols: 120, rows: 40 });
    await server.request(p.TerminalInputRequest.type, { terminalId, data: 'stty size; exit 7\n' });
    await waitFor(() => exits.has(terminalId), 'the exit');
    assert.match(output.get(terminalId) ?? '', /40 120/);
    assert.equal(exits.get(terminalId), 7);
    await rejectsWith(
      server.request(p.TerminalInputRequest.type, { terminalId, data: 'x' }),
      'NotFound',
    );
  });

  it('closes a terminal on request', async () => {
    const { terminalId } = await server.request(p.TerminalOpenRequest.type, {
      name: 'tty',
      cols: 80,
      rows: 24,
      command: ['sleep', '600'],
    });
    await server.request(p.TerminalCloseRequest.type, { terminalId });
    await waitFor(() => exits.has(terminalId), 'the exit after close');
    // Docker would leave the process running; the server hangs it up.
    let left = '';
    for (let i = 0; i < 50; i++) {
      left = (await server.exec('tty', ['sh', '-c', 'ps -eo args | grep "^sleep 600" || true']))
        .stdout;
      if (!left) break;
      await sleep(100);
    }
    assert.equal(left, '', 'the closed terminal leaves no process behind');
  });

  it('refuses bad sizes and instances that are not active', async () => {
    await rejectsWith(
      server.request(p.TerminalOpenRequest.type, { name: 'tty', cols: 0, rows: 24 }),
      'InvalidParams',
      /cols/,
    );
    await server.request(p.InstanceStopRequest.type, { name: 'tty' });
    await rejectsWith(
      server.request(p.TerminalOpenRequest.type, { name: 'tty', cols: 80, rows: 24 }),
      'InvalidState',
      /inactive/,
    );
  });
});
