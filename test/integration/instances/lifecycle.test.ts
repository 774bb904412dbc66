import * as assert from 'node:assert/strict';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import * as p from '../../../server/protocol';
import { docker, ownedContainers, rejectsWith, TestServer } from '../harness';

describe('instance lifecycle on the real engine', function () {
  this.timeout(60000);
  let server: TestServer;

  before(async () => {
    server = await TestServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it('announces provisioning before active and resolves with the active instance', async () => {
    const created = await server.create('life-one');
    assert.equal(created.status, 'active');
    assert.equal(created.type, 'prebuilt');
    assert.equal(created.network, 'none');
    const statuses = server.changes.filter((i) => i.name === 'life-one').map((i) => i.status);
    assert.deepEqual(statuses, ['provisioning', 'active']);
    assert.deepEqual(
      await server.request(p.InstanceGetRequest.type, { name: 'life-one' }),
      created,
    );
  });

  it('gives a prebuilt instance the managed AGENTS.md and a blank one an empty home', async () => {
    const agents = await server.exec('life-one', ['cat', '/home/operator/AGENTS.md']);
    assert.equal(agents.exitCode, 0);
    assert.match(agents.stdout, /Operator instance/);
    await server.create('life-blank', { type: 'blank' });
    const listing = await server.exec('life-blank', ['ls', '-A', '/home/operator']);
    assert.equal(listing.exitCode, 0);
    assert.equal(listing.stdout, '');
  });

  it('runs the container unprivileged, limited and labelled', async () => {
    const [info] = (await ownedContainers(server.dataDir)).filter(
      (c) => c.Labels['dev.operator.instance'] === 'life-one',
    );
    const inspect = await docker.getContainer(info.Id).inspect();
    assert.deepEqual(inspect.HostConfig.CapDrop, ['ALL']);
    assert.ok(inspect.HostConfig.SecurityOpt?.includes('no-new-privileges'));
    assert.ok((inspect.HostConfig.PidsLimit ?? 0) > 0);
    assert.equal(inspect.HostConfig.Memory, 1024 * 1024 * 1024);
    assert.equal(inspect.HostConfig.NanoCpus, 1e9);
    assert.equal(inspect.HostConfig.NetworkMode, 'none');
    assert.equal(inspect.HostConfig.Privileged, false);
    const whoami = await server.exec('life-one', ['id', '-u']);
    assert.notEqual(whoami.stdout.trim(), '0');
  });

  it('applies the requested resources', async () => {
    await server.create('life-small', { type: 'blank', resources: { cpus: 0.5, memoryMb: 256 } });
    const [info] = (await ownedContainers(server.dataDir)).filter(
      (c) => c.Labels['dev.operator.instance'] === 'life-small',
    );
    const inspect = await docker.getContainer(info.Id).inspect();
    assert.equal(inspect.HostConfig.Memory, 256 * 1024 * 1024);
    assert.equal(inspect.HostConfig.NanoCpus, 0.5e9);
    await server.request(p.InstanceDeleteRequest.type, { name: 'life-small' });
  });

  it('stops and starts, each resolving with the new state', async () => {
    const stopped = await server.request(p.InstanceStopRequest.type, { name: 'life-one' });
    assert.equal(stopped.status, 'inactive');
    await rejectsWith(server.exec('life-one', ['true']), 'InvalidState', /life-one.*inactive/);
    await rejectsWith(
      server.request(p.InstanceStopRequest.type, { name: 'life-one' }),
      'InvalidState',
    );
    const started = await server.request(p.InstanceStartRequest.type, { name: 'life-one' });
    assert.equal(started.status, 'active');
    assert.equal((await server.exec('life-one', ['true'])).exitCode, 0);
  });

  it('keeps every file of the home across suspend and resume', async () => {
    await server.exec('life-one', ['sh', '-c', 'mkdir -p notes && echo kept > notes/a.txt']);
    const suspended = await server.request(p.InstanceSuspendRequest.type, { name: 'life-one' });
    assert.equal(suspended.status, 'suspended');
    const containers = (await ownedContainers(server.dataDir)).filter(
      (c) => c.Labels['dev.operator.instance'] === 'life-one',
    );
    assert.equal(containers.length, 0, 'suspend removes the container');
    await rejectsWith(
      server.request(p.InstanceStartRequest.type, { name: 'life-one' }),
      'InvalidState',
      /resume/,
    );
    const resumed = await server.request(p.InstanceResumeRequest.type, { name: 'life-one' });
    assert.equal(resumed.status, 'active');
    const read = await server.exec('life-one', ['cat', '/home/operator/notes/a.txt']);
    assert.equal(read.stdout, 'kept\n');
    assert.match((await server.exec('life-one', ['cat', 'AGENTS.md'])).stdout, /Operator instance/);
  });

  it('deletes container and volume, keeps the record hidden, and frees the name', async () => {
    const deleted = await server.request(p.InstanceDeleteRequest.type, { name: 'life-blank' });
    assert.equal(deleted.status, 'inactive');
    assert.ok(deleted.deletedAt);
    const names = (await server.request(p.InstanceListRequest.type, {})).map((i) => i.name);
    assert.ok(!names.includes('life-blank'));
    const all = await server.request(p.InstanceListRequest.type, { includeDeleted: true });
    assert.ok(all.some((i) => i.name === 'life-blank' && i.deletedAt));
    await rejectsWith(
      server.request(p.InstanceGetRequest.type, { name: 'life-blank' }),
      'NotFound',
    );
    const volumes = await docker.listVolumes({
      filters: { label: ['dev.operator.instance=life-blank'] },
    });
    const store = JSON.parse(
      require('node:fs').readFileSync(`${server.dataDir}/store.json`, 'utf8'),
    ) as { ownerId: string };
    assert.equal(
      (volumes.Volumes ?? []).filter((v) => v.Labels?.['dev.operator.owner'] === store.ownerId)
        .length,
      0,
    );
    const again = await server.create('life-blank', { type: 'blank' });
    assert.equal(again.status, 'active');
  });

  it('refuses bad input with typed errors that name what was wrong', async () => {
    await rejectsWith(server.create('Bad_Name'), 'InvalidParams', /Bad_Name/);
    await rejectsWith(server.create('a--b'), 'InvalidParams', /single hyphens/);
    await rejectsWith(server.create('x'.repeat(64)), 'InvalidParams', /63/);
    await rejectsWith(
      server.create('ok-name', { type: 'fancy' as p.InstanceType }),
      'InvalidParams',
      /type/,
    );
    await rejectsWith(
      server.create('ok-name', { resources: { memoryMb: 1 } }),
      'InvalidParams',
      /memoryMb/,
    );
    await rejectsWith(server.create('life-one'), 'AlreadyExists', /life-one/);
    await rejectsWith(
      server.request(p.InstanceStopRequest.type, { name: 'nobody' }),
      'NotFound',
      /nobody/,
    );
    const error = await rejectsWith(
      server.create('ok-name', { image: 'operator-no-such-image:1' }),
      'InvalidParams',
      /operator-no-such-image/,
    );
    assert.equal(error.data?.field, 'image');
    const names = (await server.request(p.InstanceListRequest.type, { includeDeleted: true })).map(
      (i) => i.name,
    );
    assert.ok(!names.includes('ok-name'), 'a refused create records nothing');
    const containers = (await ownedContainers(server.dataDir)).filter(
      (c) => c.Labels['dev.operator.instance'] === 'ok-name',
    );
    assert.equal(containers.length, 0);
  });

  it('rolls a create back when its client cancels the request', async () => {
    const source = new CancellationTokenSource();
    const creating = server.connection.sendRequest(
      p.InstanceCreateRequest.type,
      { name: 'life-cancelled', network: 'none' },
      source.token,
    );
    await server.waitForStatus('life-cancelled', 'provisioning');
    source.cancel();
    const error = await creating.then(
      () => assert.fail('a cancelled create must not resolve'),
      (failure: ResponseError<p.ErrorData>) => failure,
    );
    assert.equal(error.code, -32800);
    assert.equal(error.data?.kind, 'InvalidState');
    assert.match(error.message, /cancelled/);
    await rejectsWith(
      server.request(p.InstanceGetRequest.type, { name: 'life-cancelled' }),
      'NotFound',
    );
    const all = await server.request(p.InstanceListRequest.type, { includeDeleted: true });
    const record = all.find((i) => i.name === 'life-cancelled');
    assert.equal(record?.status, 'inactive');
    assert.match(record?.statusReason ?? '', /cancelled/);
    const left = (await ownedContainers(server.dataDir)).filter(
      (c) => c.Labels['dev.operator.instance'] === 'life-cancelled',
    );
    assert.equal(left.length, 0);
  });

  it('serves the logs of an instance', async () => {
    const { text } = await server.request(p.InstanceLogsRequest.type, {
      name: 'life-one',
      tail: 50,
    });
    assert.match(text, /\[operator\] status active/);
  });
});
