import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as p from '../../../server/protocol';
import { BASE_IMAGE } from '../agent/containers';
import { docker, rejectsWith, TestServer } from '../harness';

describe('the instance image, built by the server when the engine lacks it', function () {
  this.timeout(120000);
  const tag = `operator-instance:built-${randomBytes(3).toString('hex')}`;
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  after(async () => {
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('builds it during the first provision, after announcing it', async () => {
    server = await TestServer.start({
      env: { OPERATOR_IMAGE: tag, OPERATOR_IMAGE_BASE: BASE_IMAGE },
    });
    const created = await server.create('self-built', { type: 'prebuilt' });
    assert.equal(created.status, 'active');
    assert.equal(created.image, tag);
    const image = await docker.getImage(tag).inspect();
    assert.ok(image.Config.Labels?.['dev.operator.agent'], 'the built image carries the agent');
    const agents = await server.exec('self-built', ['cat', '/home/operator/AGENTS.md']);
    assert.match(agents.stdout, /Operator instance/);
    const { text } = await server.request(p.InstanceLogsRequest.type, { name: 'self-built' });
    assert.match(text, /building the instance image/);
  });

  it('fails the provision cleanly when the build fails, naming the base', async () => {
    // The instance image as a base: its user exists already, so the build's RUN fails.
    // A base that is on the engine keeps the build from reaching for a registry.
    const failing = `operator-instance:failing-${randomBytes(3).toString('hex')}`;
    server = await TestServer.start({
      env: { OPERATOR_IMAGE: failing, OPERATOR_IMAGE_BASE: 'operator-instance:latest' },
    });
    await rejectsWith(
      server.create('not-built', { type: 'blank' }),
      'Internal',
      /operator-instance:latest/,
    );
    const all = await server.request(p.InstanceListRequest.type, { includeDeleted: true });
    assert.match(all[0]?.statusReason ?? '', /Provisioning failed: Building the instance image/);
    await assert.rejects(docker.getImage(failing).inspect(), /no such image/i);
    // A build step's container is named after no image tag, only the base's id.
    const baseId = (await docker.getImage('operator-instance:latest').inspect()).Id;
    const leftovers = await docker.listContainers({ all: true, filters: { status: ['exited'] } });
    assert.ok(
      !leftovers.some((c) => baseId.includes(c.Image) && /useradd/.test(c.Command)),
      'the failed build step leaves no container',
    );
  });
});
