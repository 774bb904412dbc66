import * as assert from 'node:assert/strict';
import { KeyedLock } from '../../../server/instances/keyedLock';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedLock', () => {
  it('runs work on one key strictly one after another', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (id: string, ms: number) =>
      lock.run('k', async () => {
        log.push(`start ${id}`);
        await tick(ms);
        log.push(`end ${id}`);
        return id;
      });
    const results = await Promise.all([job('a', 20), job('b', 1), job('c', 5)]);
    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different keys run at the same time', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    await Promise.all(
      ['x', 'y'].map((key) =>
        lock.run(key, async () => {
          log.push(`start ${key}`);
          await tick(10);
          log.push(`end ${key}`);
        }),
      ),
    );
    assert.deepEqual(log.slice(0, 2).sort(), ['start x', 'start y']);
  });

  it('goes on after a failure and passes the failure to its caller', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'after');
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 'after');
  });
});
