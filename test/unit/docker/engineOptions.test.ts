import * as assert from 'node:assert/strict';
import { engineOptions } from '../../../server/docker/runtime';
import { OperatorError } from '../../../server/errors';

describe('DOCKER_HOST', () => {
  it('takes the forms the docker CLI takes', () => {
    assert.deepEqual(engineOptions('unix:///run/user/1000/docker.sock'), {
      socketPath: '/run/user/1000/docker.sock',
    });
    assert.deepEqual(engineOptions('tcp://127.0.0.1:2376'), {
      host: '127.0.0.1',
      port: 2376,
      protocol: 'http',
    });
    assert.deepEqual(engineOptions('ssh://ops@build-box:2222'), {
      protocol: 'ssh',
      host: 'build-box',
      port: 2222,
      username: 'ops',
    });
    assert.equal(engineOptions('tcp://engine').port, 2375);
  });

  it('refuses what it does not understand instead of falling back to the local engine', () => {
    for (const host of ['npipe:////./pipe/docker_engine', 'docker.sock', 'http//x']) {
      assert.throws(
        () => engineOptions(host),
        (error: unknown) =>
          error instanceof OperatorError &&
          error.kind === 'InvalidParams' &&
          error.message.includes(host),
      );
    }
  });
});
