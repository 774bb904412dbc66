import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OperatorError } from '../../../server/errors';
import { Store } from '../../../server/store/store';

describe('the store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'operator-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts fresh with an owner id and the pro plan, and persists commits', async () => {
    const store = await Store.open(dir);
    assert.match(store.data.ownerId, /^[0-9a-f]{12}$/);
    assert.equal(store.data.plan, 'pro');
    store.data.plan = 'max';
    await store.commit();
    const again = await Store.open(dir);
    assert.equal(again.data.plan, 'max');
    assert.equal(again.data.ownerId, store.data.ownerId);
  });

  it('refuses a store it cannot parse and leaves it untouched', async () => {
    const file = path.join(dir, 'store.json');
    fs.writeFileSync(file, '{ not json');
    await assert.rejects(
      Store.open(dir),
      (error: unknown) => error instanceof OperatorError && /not valid JSON/.test(error.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), '{ not json');
  });

  it('refuses a store of an unknown layout', async () => {
    fs.writeFileSync(path.join(dir, 'store.json'), JSON.stringify({ version: 9 }));
    await assert.rejects(Store.open(dir), /unknown layout/);
  });
});
