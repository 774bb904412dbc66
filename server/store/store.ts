// The server's persistent state: one JSON document in the data folder, written
// atomically (lowdb writes a temporary file and renames it over the old one). Callers
// change `data` synchronously and then `commit()`; nothing is announced to clients
// before the commit that records it has resolved.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { OperatorError } from '../errors';
import type { Instance, PlanName } from '../protocol';

export interface InstanceRecord extends Instance {
  /** Unique for the life of the record; names may be reused after a delete. */
  id: string;
  /** Docker names of the instance's container and home volume. */
  container: string;
  volume: string;
  /** Set while a start or resume provisions, so that an interrupted one keeps the home. */
  bringingUp?: boolean;
}

export interface StoreData {
  version: 1;
  /** Labels this data folder's containers, so that servers of other folders leave them be. */
  ownerId: string;
  plan: PlanName;
  instances: InstanceRecord[];
}

export class Store {
  private constructor(
    private readonly db: Low<StoreData>,
    readonly file: string,
  ) {}

  static async open(dataDir: string): Promise<Store> {
    const file = path.join(dataDir, 'store.json');
    const fresh: StoreData = {
      version: 1,
      ownerId: randomBytes(6).toString('hex'),
      plan: 'pro',
      instances: [],
    };
    const db = new Low<StoreData>(new JSONFile<StoreData>(file), fresh);
    try {
      await db.read();
    } catch (error) {
      // A store we cannot parse is never overwritten: the user's records are in it.
      throw new OperatorError(
        'Internal',
        `The store ${file} is not valid JSON (${(error as Error).message}); ` +
          'move it aside or repair it, then start the server again.',
      );
    }
    if (db.data.version !== 1 || !Array.isArray(db.data.instances)) {
      throw new OperatorError(
        'Internal',
        `The store ${file} has an unknown layout; it was left as it is.`,
      );
    }
    if (!fs.existsSync(file)) await db.write();
    return new Store(db, file);
  }

  get data(): StoreData {
    return this.db.data;
  }

  async commit(): Promise<void> {
    await this.db.write();
  }
}
