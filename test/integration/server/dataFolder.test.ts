import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
} from 'vscode-jsonrpc/node';
import * as p from '../../../server/protocol';
import { rejectsWith, SERVER, sleep, TestServer } from '../harness';

function connectSocket(socketPath: string) {
  const socket = net.connect(socketPath);
  const connection = createMessageConnection(
    new SocketMessageReader(socket),
    new SocketMessageWriter(socket),
  );
  connection.listen();
  return connection;
}

async function waitForFile(file: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} never appeared`);
    await sleep(20);
  }
}

describe('the server and its data folder', function () {
  this.timeout(60000);
  const made: string[] = [];
  const tempDataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'operator-test-'));
    made.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second server on the same data folder, naming the first one', async () => {
    const first = await TestServer.start();
    try {
      const second = spawn(process.execPath, [SERVER, '--stdio', '--data-dir', first.dataDir]);
      let stderr = '';
      second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
      assert.notEqual(code, 0);
      assert.match(stderr, new RegExp(`pid ${first.child.pid}`));
    } finally {
      await first.stop();
    }
  });

  it('takes over the data folder of a server that was killed', async () => {
    const first = await TestServer.start();
    await first.kill('SIGKILL');
    const second = await TestServer.start({ dataDir: first.dataDir });
    assert.deepEqual((await second.request(p.PlanGetRequest.type)).name, 'pro');
    await second.stop();
  });

  it('lets exactly one of many servers racing for a stale lock take the folder', async () => {
    const dataDir = tempDataDir();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    fs.writeFileSync(path.join(dataDir, 'server.pid'), `${gone.pid}\n`);
    const racers = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, [SERVER, '--stdio', '--data-dir', dataDir], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { child, exited, stderr: () => stderr };
    });
    try {
      // Losers exit at once; the winner keeps serving its stdin.
      const deadline = Date.now() + 15000;
      while (racers.filter((r) => r.child.exitCode !== null).length < 5 && Date.now() < deadline) {
        await sleep(50);
      }
      // A moment more, in which a second winner would have had time to fail or not.
      await sleep(500);
      const running = racers.filter((r) => r.child.exitCode === null);
      assert.equal(running.length, 1, 'one server holds the folder');
      const winner = running[0].child.pid;
      for (const loser of racers.filter((r) => r.child.exitCode !== null)) {
        assert.equal(loser.child.exitCode, 3);
        assert.match(loser.stderr(), new RegExp(`pid ${winner}`));
      }
      assert.equal(
        fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8').trim(),
        String(winner),
      );
    } finally {
      for (const racer of racers) racer.child.kill('SIGTERM');
      await Promise.all(racers.map((r) => r.exited));
    }
  });

  it('serves many clients on a socket and announces changes to all of them', async () => {
    const dataDir = tempDataDir();
    const socketPath = path.join(dataDir, 'server.sock');
    const child = spawn(process.execPath, [SERVER, '--listen', socketPath, '--data-dir', dataDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await waitForFile(socketPath);
      const a = connectSocket(socketPath);
      const b = connectSocket(socketPath);
      const seenByB: p.Instance[] = [];
      b.onNotification(p.InstanceDidChangeNotification.type, ({ instance }) =>
        seenByB.push(instance),
      );
      const init = await a.sendRequest(p.InitializeRequest.type, { clientName: 'a' });
      assert.equal(init.server.name, 'operator');
      assert.match(init.docker.version ?? '', /^\d+\./);
      await b.sendRequest(p.InitializeRequest.type, { clientName: 'b' });
      const created = await a.sendRequest(p.InstanceCreateRequest.type, {
        name: 'shared',
        type: 'blank',
        network: 'none',
      });
      assert.equal(created.status, 'active');
      for (let waited = 0; seenByB.length < 2 && waited < 5000; waited += 20) await sleep(20);
      assert.deepEqual(
        seenByB.map((i) => i.status),
        ['provisioning', 'active'],
      );
      // One client leaving does not end the server for the other.
      a.dispose();
      await sleep(100);
      const listed = await b.sendRequest(p.InstanceListRequest.type, {});
      assert.deepEqual(
        listed.map((i) => i.name),
        ['shared'],
      );
      await b.sendRequest(p.InstanceDeleteRequest.type, { name: 'shared' });
      b.dispose();
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    assert.ok(!fs.existsSync(socketPath), 'the socket is removed on SIGTERM');
    assert.ok(!fs.existsSync(path.join(dataDir, 'server.pid')), 'the lock is released');
  });

  it('never overwrites a store it cannot read', async () => {
    const dataDir = tempDataDir();
    fs.writeFileSync(path.join(dataDir, 'store.json'), '{"version": 1, "instances": [');
    const child = spawn(process.execPath, [SERVER, '--stdio', '--data-dir', dataDir]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /not valid JSON/);
    assert.equal(
      fs.readFileSync(path.join(dataDir, 'store.json'), 'utf8'),
      '{"version": 1, "instances": [',
    );
  });

  it('keeps serving when the engine does not answer, and says so', async () => {
    const dataDir = tempDataDir();
    const server = await TestServer.start({
      dataDir,
      env: { DOCKER_HOST: `unix://${path.join(dataDir, 'no-engine.sock')}` },
    });
    try {
      const init = await server.request(p.InitializeRequest.type, { clientName: 'test' });
      assert.equal(init.docker.version, null);
      assert.match(init.docker.error ?? '', /does not answer/);
      await rejectsWith(
        server.create('no-engine', { type: 'blank' }),
        'DockerUnavailable',
        /no-engine\.sock/,
      );
      assert.deepEqual(
        await server.request(p.InstanceListRequest.type, { includeDeleted: true }),
        [],
      );
      assert.equal((await server.request(p.PlanGetRequest.type)).used, 0);
    } finally {
      await server.stop();
    }
  });

  it('serves every request method that protocol.ts declares', async () => {
    const server = await TestServer.start();
    try {
      for (const method of p.REQUEST_METHODS) {
        if (method === p.ShutdownRequest.method) continue;
        // Empty params are wrong for most methods: what matters is that the server knows
        // the method, so the answer is anything but "unknown method".
        const outcome = await server.connection.sendRequest(method, {}).then(
          () => 'ok',
          (error: { code?: number }) => error.code,
        );
        assert.notEqual(outcome, -32601, method);
      }
    } finally {
      await server.stop();
    }
  });

  it('answers unknown methods and malformed params with errors, not silence', async () => {
    const server = await TestServer.start();
    try {
      await assert.rejects(server.connection.sendRequest('instance/explode', {}), /Unknown method/);
      await assert.rejects(
        server.connection.sendRequest(p.InstanceGetRequest.method, { name: 42 }),
        (error: { data?: p.ErrorData }) => error.data?.kind === 'InvalidParams',
      );
    } finally {
      await server.stop();
    }
  });
});
