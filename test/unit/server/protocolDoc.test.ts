import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CODES } from '../../../server/errors';
import { NOTIFICATION_METHODS, REQUEST_METHODS } from '../../../server/protocol';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../server/PROTOCOL.md'), 'utf8');

describe('PROTOCOL.md and protocol.ts', () => {
  it('document exactly the same methods', () => {
    const documented = [...doc.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]).sort();
    const declared = [...REQUEST_METHODS, ...NOTIFICATION_METHODS].sort();
    assert.deepEqual(documented, declared);
  });

  it('document every error kind with its code', () => {
    for (const [kind, code] of Object.entries(ERROR_CODES)) {
      assert.match(doc, new RegExp(`\\| \`${kind}\` \\| ${code} \\|`), `${kind} (${code})`);
    }
  });
});
