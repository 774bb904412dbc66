import * as assert from 'node:assert/strict';
import {
  describeStatus,
  formatAge,
  formatInstance,
  formatInstanceList,
  formatPlan,
} from '../../../server/cli/format';
import { formatTable } from '../../../server/cli/table';
import type { Instance } from '../../../server/protocol';

const NOW = new Date('2025-03-01T12:00:00Z');

function instance(overrides: Partial<Instance> = {}): Instance {
  return {
    name: 'box',
    type: 'prebuilt',
    status: 'active',
    image: 'operator-instance:latest',
    network: 'none',
    resources: { cpus: 1, memoryMb: 1024 },
    createdAt: '2025-03-01T11:57:00Z',
    updatedAt: '2025-03-01T11:58:00Z',
    ...overrides,
  };
}

describe('cli table', () => {
  it('pads columns to their widest cell and trims line ends', () => {
    const text = formatTable(
      ['A', 'LONGER'],
      [
        ['wide cell', 'x'],
        ['b', ''],
      ],
    );
    assert.equal(text, 'A           LONGER\nwide cell   x\nb\n');
  });

  it('prints only the header of an empty table', () => {
    assert.equal(formatTable(['NAME', 'STATUS'], []), 'NAME   STATUS\n');
  });
});

describe('cli format', () => {
  it('lists instances under aligned headers', () => {
    const rows = [
      instance(),
      instance({
        name: 'research-v2',
        type: 'blank',
        status: 'inactive',
        statusReason: 'container exited',
        network: 'bridge',
        createdAt: '2025-02-27T12:00:00Z',
      }),
    ];
    assert.equal(
      formatInstanceList(rows, NOW),
      [
        'NAME          TYPE       STATUS                        IMAGE                      NETWORK   CREATED',
        'box           prebuilt   active                        operator-instance:latest   none      3 minutes ago',
        'research-v2   blank      inactive (container exited)   operator-instance:latest   bridge    2 days ago',
        '',
      ].join('\n'),
    );
  });

  it('says how to create an instance when there is none', () => {
    assert.match(formatInstanceList([], NOW), /No instances\. Create one with: operator create/);
  });

  it('gives the status a reason, or marks it deleted', () => {
    assert.equal(describeStatus(instance()), 'active');
    assert.equal(
      describeStatus(instance({ status: 'inactive', deletedAt: NOW.toISOString() })),
      'inactive (deleted)',
    );
    assert.equal(
      describeStatus(instance({ status: 'provisioning', statusReason: 'pulling image' })),
      'provisioning (pulling image)',
    );
  });

  it('shows one instance as labelled lines, leaving out what is unset', () => {
    const text = formatInstance(instance());
    assert.match(text, /^Name:    box\n/);
    assert.match(text, /\nMemory:  1024 MiB\n/);
    assert.doesNotMatch(text, /Deleted/);
  });

  it('says how much of the plan is used', () => {
    assert.equal(
      formatPlan({ name: 'basic', limit: 1, used: 0 }),
      'Plan: basic (0 of 1 instance active or provisioning)\n',
    );
    assert.equal(
      formatPlan({ name: 'pro', limit: 5, used: 2 }),
      'Plan: pro (2 of 5 instances active or provisioning)\n',
    );
  });

  it('tells ages in the largest whole unit', () => {
    assert.equal(formatAge('2025-03-01T11:59:30Z', NOW), 'just now');
    assert.equal(formatAge('2025-03-01T11:59:00Z', NOW), '1 minute ago');
    assert.equal(formatAge('2025-03-01T09:00:00Z', NOW), '3 hours ago');
    assert.equal(formatAge('2025-02-28T12:00:00Z', NOW), '1 day ago');
    assert.equal(formatAge('2025-03-02T00:00:00Z', NOW), 'just now');
    assert.equal(formatAge('not a time', NOW), 'not a time');
  });
});
