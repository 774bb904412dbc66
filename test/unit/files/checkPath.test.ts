import * as assert from 'node:assert/strict';
import { OperatorError } from '../../../server/errors';
import { checkPath } from '../../../server/files/service';

describe('container paths', () => {
  it('normalises dots and doubled slashes', () => {
    assert.equal(checkPath('/home/operator/./a//b/', 'path'), '/home/operator/a/b');
    assert.equal(checkPath('/home/operator/../x', 'path'), '/home/x');
    assert.equal(checkPath('/..', 'path'), '/');
    assert.equal(checkPath('/', 'path'), '/');
  });

  it('refuses relative, empty and NUL paths, naming the field', () => {
    for (const value of ['relative', '', undefined, 7, '/a\0b']) {
      assert.throws(
        () => checkPath(value, 'from'),
        (error: unknown) =>
          error instanceof OperatorError &&
          error.kind === 'InvalidParams' &&
          error.details.field === 'from',
      );
    }
  });
});
