// How the CLI shows instances and plans to a person. Pure functions of the protocol's
// shapes (and of the current time, passed in), so that tests can pin their output.
import type { Instance, Plan } from '../protocol';
import { formatTable } from './table';

const LIST_HEADERS = ['NAME', 'TYPE', 'STATUS', 'IMAGE', 'NETWORK', 'CREATED'];

export function formatInstanceList(instances: readonly Instance[], now: Date): string {
  if (instances.length === 0) return 'No instances. Create one with: operator create NAME\n';
  const rows = instances.map((instance) => [
    instance.name,
    instance.type,
    describeStatus(instance),
    instance.image,
    instance.network,
    formatAge(instance.createdAt, now),
  ]);
  return formatTable(LIST_HEADERS, rows);
}

/** The status with why the instance is in it, as in `inactive (container exited)`. */
export function describeStatus(instance: Instance): string {
  const reason = instance.statusReason ?? (instance.deletedAt ? 'deleted' : undefined);
  return reason ? `${instance.status} (${reason})` : instance.status;
}

export function formatInstance(instance: Instance): string {
  const fields: [string, string | undefined][] = [
    ['Name', instance.name],
    ['Type', instance.type],
    ['Status', describeStatus(instance)],
    ['Image', instance.image],
    ['Network', instance.network],
    ['CPUs', String(instance.resources.cpus)],
    ['Memory', `${instance.resources.memoryMb} MiB`],
    ['Created', instance.createdAt],
    ['Updated', instance.updatedAt],
    ['Deleted', instance.deletedAt],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length)) + 1;
  return shown.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}\n`).join('');
}

export function formatPlan(plan: Plan): string {
  const noun = plan.limit === 1 ? 'instance' : 'instances';
  return `Plan: ${plan.name} (${plan.used} of ${plan.limit} ${noun} active or provisioning)\n`;
}

const UNITS: [string, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** How long ago `iso` was, in the largest whole unit, as in `3 hours ago`. */
export function formatAge(iso: string, now: Date): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.max(0, Math.floor((now.getTime() - time) / 1000));
  for (const [unit, size] of UNITS) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}
