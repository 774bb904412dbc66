import * as assert from 'node:assert/strict';
import * as p from '../../../server/protocol';
import { BASE_IMAGE } from '../agent/containers';
import { rejectsWith, TestServer } from '../harness';

describe('an instance of an image without the agent', function () {
  this.timeout(60000);
  let server: TestServer;
  const name = 'plain-image';

  before(async () => {
    server = await TestServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it('becomes active and serves files and processes through the Docker API', async () => {
    const created = await server.create(name, { image: BASE_IMAGE });
    assert.equal(created.status, 'active');
    assert.equal(created.image, BASE_IMAGE);
    const agents = await server.request(p.FsReadFileRequest.type, {
      name,
      path: '/home/operator/AGENTS.md',
    });
    assert.match(Buffer.from(agents.content, 'base64').toString(), /Operator instance/);
    await server.request(p.FsWriteFileRequest.type, {
      name,
      path: '/home/operator/note.txt',
      content: Buffer.from('via archive').toString('base64'),
      create: true,
      overwrite: false,
    });
    const cat = await server.exec(name, ['cat', '/home/operator/note.txt']);
    assert.equal(cat.stdout, 'via archive');
    const entries = await server.request(p.FsReadDirectoryRequest.type, {
      name,
      path: '/home/operator',
    });
    assert.deepEqual(entries.map(([entry]) => entry).sort(), ['AGENTS.md', 'note.txt']);
    await rejectsWith(
      server.request(p.FsReadFileRequest.type, { name, path: '/home/operator/missing' }),
      'FileNotFound',
    );
  });

  it('keeps its home across suspend and resume', async () => {
    await server.request(p.InstanceSuspendRequest.type, { name });
    await server.request(p.InstanceResumeRequest.type, { name });
    assert.equal(
      (await server.exec(name, ['cat', '/home/operator/note.txt'])).stdout,
      'via archive',
    );
  });

  it('explains that watching needs the agent', async () => {
    await rejectsWith(
      server.request(p.FsWatchRequest.type, { name, path: '/home/operator', recursive: true }),
      'InvalidState',
      /agent/,
    );
  });
});
