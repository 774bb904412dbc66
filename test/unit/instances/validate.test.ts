import * as assert from 'node:assert/strict';
import { OperatorError } from '../../../server/errors';
import {
  checkCreateParams,
  checkPlanName,
  instanceNameProblem,
} from '../../../server/instances/validate';

function invalidField(body: () => unknown): string | undefined {
  try {
    body();
  } catch (error) {
    assert.ok(error instanceof OperatorError);
    assert.equal(error.kind, 'InvalidParams');
    return error.details.field;
  }
  assert.fail('expected InvalidParams');
}

describe('instance names', () => {
  for (const name of ['a', 'lead-scoring', 'lead-scoring-gen2-v3', 'x1', 'a'.repeat(63)]) {
    it(`accepts ${name.length > 20 ? `${name.length} characters` : name}`, () => {
      assert.equal(instanceNameProblem(name), undefined);
    });
  }
  const bad: Array<[unknown, RegExp]> = [
    ['', /required/],
    [undefined, /required/],
    [42, /required/],
    ['a'.repeat(64), /64 characters long; at most 63/],
    ['1abc', /start with a lowercase letter/],
    ['-abc', /start with a lowercase letter/],
    ['abc-', /end with a hyphen/],
    ['a--b', /single hyphens/],
    ['Abc', /start with a lowercase letter/],
    ['ab_c', /single hyphens/],
    ['ab c', /single hyphens/],
  ];
  for (const [name, problem] of bad) {
    it(`refuses ${JSON.stringify(name)}`, () => {
      assert.match(instanceNameProblem(name) ?? '', problem);
    });
  }
});

describe('instance/create params', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(checkCreateParams({ name: 'a' }), {
      name: 'a',
      type: 'prebuilt',
      image: undefined,
      network: 'bridge',
      resources: { cpus: 1, memoryMb: 1024 },
    });
  });

  it('keeps given values and fills the rest of resources', () => {
    const request = checkCreateParams({
      name: 'a',
      type: 'blank',
      network: 'none',
      resources: { cpus: 2 },
    });
    assert.deepEqual(request.resources, { cpus: 2, memoryMb: 1024 });
    assert.equal(request.type, 'blank');
    assert.equal(request.network, 'none');
  });

  it('names the field that was wrong', () => {
    assert.equal(
      invalidField(() => checkCreateParams(undefined)),
      'params',
    );
    assert.equal(
      invalidField(() => checkCreateParams({ name: 'A' })),
      'name',
    );
    assert.equal(
      invalidField(() => checkCreateParams({ name: 'a', type: 'x' as 'blank' })),
      'type',
    );
    assert.equal(
      invalidField(() => checkCreateParams({ name: 'a', network: 'host' as 'none' })),
      'network',
    );
    assert.equal(
      invalidField(() => checkCreateParams({ name: 'a', image: ' ' })),
      'image',
    );
    assert.equal(
      invalidField(() => checkCreateParams({ name: 'a', resources: { cpus: 0 } })),
      'resources.cpus',
    );
    assert.equal(
      invalidField(() => checkCreateParams({ name: 'a', resources: { memoryMb: 10.5 } })),
      'resources.memoryMb',
    );
  });
});

describe('plans', () => {
  it('knows basic, pro and max only', () => {
    assert.equal(checkPlanName('max'), 'max');
    assert.equal(
      invalidField(() => checkPlanName('toString')),
      'name',
    );
    assert.equal(
      invalidField(() => checkPlanName(undefined)),
      'name',
    );
  });
});
