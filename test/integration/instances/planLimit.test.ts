import * as assert from 'node:assert/strict';
import * as p from '../../../server/protocol';
import { rejectsWith, TestServer } from '../harness';

describe('plan limits', function () {
  this.timeout(120000);
  let server: TestServer;

  before(async () => {
    server = await TestServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it('defaults to pro and rejects unknown plans', async () => {
    assert.deepEqual(await server.request(p.PlanGetRequest.type), {
      name: 'pro',
      limit: 5,
      used: 0,
    });
    await rejectsWith(
      server.request(p.PlanSetRequest.type, { name: 'gold' as p.PlanName }),
      'InvalidParams',
      /gold/,
    );
  });

  it('never lets concurrent creates push used past the limit', async () => {
    await server.request(p.PlanSetRequest.type, { name: 'pro' });
    const names = Array.from({ length: 8 }, (_, i) => `burst-${i}`);
    const results = await Promise.allSettled(
      names.map((name) => server.create(name, { type: 'blank' })),
    );
    const created = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(created.length, 5);
    assert.equal(refused.length, 3);
    for (const r of refused) {
      assert.equal((r as PromiseRejectedResult).reason.data.kind, 'PlanLimitReached');
      assert.match((r as PromiseRejectedResult).reason.message, /pro plan allows 5/);
    }
    assert.deepEqual(await server.request(p.PlanGetRequest.type), {
      name: 'pro',
      limit: 5,
      used: 5,
    });
    const listed = await server.request(p.InstanceListRequest.type, {});
    assert.equal(listed.length, 5);
  });

  it('counts only active and provisioning instances, for start and resume too', async () => {
    await server.request(p.InstanceStopRequest.type, { name: 'burst-0' });
    await server.request(p.InstanceSuspendRequest.type, { name: 'burst-1' });
    assert.equal((await server.request(p.PlanGetRequest.type)).used, 3);
    await server.request(p.PlanSetRequest.type, { name: 'basic' });
    await rejectsWith(
      server.request(p.InstanceStartRequest.type, { name: 'burst-0' }),
      'PlanLimitReached',
      /basic plan allows 1 active instance/,
    );
    await rejectsWith(
      server.request(p.InstanceResumeRequest.type, { name: 'burst-1' }),
      'PlanLimitReached',
    );
    const stillStopped = await server.request(p.InstanceGetRequest.type, { name: 'burst-0' });
    assert.equal(stillStopped.status, 'inactive');
    await server.request(p.PlanSetRequest.type, { name: 'max' });
    assert.equal(
      (await server.request(p.InstanceResumeRequest.type, { name: 'burst-1' })).status,
      'active',
    );
  });
});
