import * as assert from 'node:assert/strict';
import * as p from '../../../server/protocol';
import { docker, ownedContainers, rejectsWith, sleep, TestServer } from '../harness';

describe('reconciling with the engine', function () {
  this.timeout(90000);

  /**
   * Starts `begin` and kills the server with SIGKILL while the instance's container
   * exists but before the instance is announced active: the window in which the agent
   * is starting. Returns false when the provision was too quick to catch.
   */
  async function killMidProvision(server: TestServer, name: string, begin: () => Promise<unknown>) {
    const announcedBefore = server.changes.length;
    const running = begin().catch(() => undefined);
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      const containers = (await ownedContainers(server.dataDir)).filter(
        (c) => c.Labels['dev.operator.instance'] === name && c.State === 'running',
      );
      const active = server.changes
        .slice(announcedBefore)
        .some((i) => i.name === name && i.status === 'active');
      if (active) break;
      if (containers.length > 0) {
        await server.kill('SIGKILL');
        return true;
      }
      await sleep(5);
    }
    await running;
    return false;
  }

  it('rolls back a first provision interrupted by kill -9 of the server', async () => {
    let server = await TestServer.start();
    const dataDir = server.dataDir;
    let name = '';
    for (let attempt = 0; attempt < 5 && !name; attempt++) {
      const candidate = `interrupted-${attempt}`;
      if (await killMidProvision(server, candidate, () => server.create(candidate)))
        name = candidate;
    }
    assert.ok(name, 'the server was killed while a container was being provisioned');
    server = await TestServer.start({ dataDir });
    try {
      await rejectsWith(server.request(p.InstanceGetRequest.type, { name }), 'NotFound');
      const all = await server.request(p.InstanceListRequest.type, { includeDeleted: true });
      const record = all.find((i) => i.name === name);
      assert.ok(record, 'the record is kept');
      assert.equal(record.status, 'inactive');
      assert.ok(record.deletedAt);
      assert.match(record.statusReason ?? '', /interrupted/);
      const left = (await ownedContainers(dataDir)).filter(
        (c) => c.Labels['dev.operator.instance'] === name,
      );
      assert.equal(left.length, 0, 'no orphan container');
      assert.equal((await server.create(name)).status, 'active');
    } finally {
      await server.stop();
    }
  });

  it('keeps the home of a resume interrupted by kill -9 of the server', async () => {
    let server = await TestServer.start();
    const dataDir = server.dataDir;
    let caught = false;
    for (let attempt = 0; attempt < 5 && !caught; attempt++) {
      const name = `resumed-${attempt}`;
      await server.create(name, { type: 'blank' });
      await server.exec(name, ['sh', '-c', 'echo precious > keep.txt']);
      await server.request(p.InstanceSuspendRequest.type, { name });
      const resume = () => server.request(p.InstanceResumeRequest.type, { name });
      caught = await killMidProvision(server, name, resume);
      if (!caught) continue;
      server = await TestServer.start({ dataDir });
      const instance = await server.request(p.InstanceGetRequest.type, { name });
      assert.equal(instance.status, 'suspended');
      assert.match(instance.statusReason ?? '', /interrupted/);
      assert.equal(
        (await ownedContainers(dataDir)).filter((c) => c.Labels['dev.operator.instance'] === name)
          .length,
        0,
      );
      await server.request(p.InstanceResumeRequest.type, { name });
      assert.equal((await server.exec(name, ['cat', 'keep.txt'])).stdout, 'precious\n');
    }
    assert.ok(caught, 'the server was killed while a resume was provisioning');
    await server.stop();
  });

  it('records a container killed behind the server back', async () => {
    const server = await TestServer.start();
    try {
      await server.create('victim', { type: 'blank' });
      const [info] = await ownedContainers(server.dataDir);
      await docker.getContainer(info.Id).kill();
      const seen = await server.waitForStatus('victim', 'inactive');
      assert.match(seen.statusReason ?? '', /exited with code 137/);
      const got = await server.request(p.InstanceGetRequest.type, { name: 'victim' });
      assert.equal(got.status, 'inactive');
      assert.equal(
        (await server.request(p.InstanceStartRequest.type, { name: 'victim' })).status,
        'active',
      );
    } finally {
      await server.stop();
    }
  });

  it('records a container removed behind the server back as suspended, volume kept', async () => {
    const server = await TestServer.start();
    try {
      await server.create('vanished', { type: 'blank' });
      await server.exec('vanished', ['sh', '-c', 'echo still-here > keep.txt']);
      const [info] = await ownedContainers(server.dataDir);
      await docker.getContainer(info.Id).remove({ force: true });
      const seen = await server.waitForStatus('vanished', 'suspended');
      assert.match(seen.statusReason ?? '', /removed outside Operator/);
      await server.request(p.InstanceResumeRequest.type, { name: 'vanished' });
      const read = await server.exec('vanished', ['cat', 'keep.txt']);
      assert.equal(read.stdout, 'still-here\n');
    } finally {
      await server.stop();
    }
  });

  it('notices at start what changed while the server was down, and removes orphans', async () => {
    let server = await TestServer.start();
    const dataDir = server.dataDir;
    await server.create('while-down', { type: 'blank' });
    const [info] = await ownedContainers(dataDir);
    await server.kill('SIGKILL');
    await docker.getContainer(info.Id).stop({ t: 0 });
    const orphan = await docker.createContainer({
      Image: 'operator-instance:latest',
      name: `operator-orphan-${Date.now()}`,
      Labels: {
        'dev.operator.owner': info.Labels['dev.operator.owner'],
        'dev.operator.instance': 'orphan',
      },
      HostConfig: { NetworkMode: 'none' },
    });
    server = await TestServer.start({ dataDir });
    try {
      const got = await server.request(p.InstanceGetRequest.type, { name: 'while-down' });
      assert.equal(got.status, 'inactive');
      await assert.rejects(orphan.inspect(), /no such container/i);
    } finally {
      await server.stop();
    }
  });
});
