// Checks of what clients send about instances. Each failure names the field and says
// what a valid value looks like, since the message is shown to the user as it is.
import { OperatorError } from '../errors';
import type {
  InstanceCreateParams,
  InstanceType,
  NetworkMode,
  PlanName,
  Resources,
} from '../protocol';

const NAME = /^[a-z](?:[a-z0-9]|-(?!-))*$/;

export const DEFAULT_RESOURCES: Resources = { cpus: 1, memoryMb: 1024 };
const MAX_CPUS = 64;
const MIN_MEMORY_MB = 64;
const MAX_MEMORY_MB = 262_144;

export function invalid(field: string, message: string): OperatorError {
  return new OperatorError('InvalidParams', message, { field });
}

/** Why `name` is not a valid instance name, or undefined when it is one. */
export function instanceNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'an instance name is required';
  if (name.length > 63)
    return `"${name}" is ${name.length} characters long; at most 63 are allowed`;
  if (!/^[a-z]/.test(name)) return `"${name}" must start with a lowercase letter`;
  if (name.endsWith('-')) return `"${name}" must not end with a hyphen`;
  if (!NAME.test(name)) {
    return `"${name}" may contain only lowercase letters, digits and single hyphens`;
  }
  return undefined;
}

export function checkInstanceName(name: unknown): string {
  const problem = instanceNameProblem(name);
  if (problem) throw invalid('name', `Invalid instance name: ${problem}.`);
  return name as string;
}

export interface CreateRequest {
  name: string;
  type: InstanceType;
  image?: string;
  network: NetworkMode;
  resources: Resources;
}

export function checkCreateParams(params: InstanceCreateParams | undefined): CreateRequest {
  if (typeof params !== 'object' || params === null) {
    throw invalid('params', 'instance/create needs an object with at least a name.');
  }
  const name = checkInstanceName(params.name);
  const type = params.type ?? 'prebuilt';
  if (type !== 'prebuilt' && type !== 'blank') {
    throw invalid('type', `Invalid type "${String(type)}": use "prebuilt" or "blank".`);
  }
  const network = params.network ?? 'bridge';
  if (network !== 'bridge' && network !== 'none') {
    throw invalid('network', `Invalid network "${String(network)}": use "bridge" or "none".`);
  }
  if (params.image !== undefined && (typeof params.image !== 'string' || !params.image.trim())) {
    throw invalid('image', 'image must be a non-empty image reference such as "debian:bookworm".');
  }
  return { name, type, image: params.image, network, resources: checkResources(params.resources) };
}

function checkResources(resources: Partial<Resources> | undefined): Resources {
  if (resources === undefined) return { ...DEFAULT_RESOURCES };
  if (typeof resources !== 'object' || resources === null) {
    throw invalid('resources', 'resources must be an object such as {"cpus": 1, "memoryMb": 512}.');
  }
  const cpus = resources.cpus ?? DEFAULT_RESOURCES.cpus;
  const memoryMb = resources.memoryMb ?? DEFAULT_RESOURCES.memoryMb;
  if (typeof cpus !== 'number' || !Number.isFinite(cpus) || cpus < 0.01 || cpus > MAX_CPUS) {
    throw invalid('resources.cpus', `resources.cpus must be between 0.01 and ${MAX_CPUS}.`);
  }
  if (
    typeof memoryMb !== 'number' ||
    !Number.isInteger(memoryMb) ||
    memoryMb < MIN_MEMORY_MB ||
    memoryMb > MAX_MEMORY_MB
  ) {
    throw invalid(
      'resources.memoryMb',
      `resources.memoryMb must be a whole number of MiB between ${MIN_MEMORY_MB} and ${MAX_MEMORY_MB}.`,
    );
  }
  return { cpus, memoryMb };
}

export const PLAN_LIMITS: Record<PlanName, number> = { basic: 1, pro: 5, max: 20 };

export function checkPlanName(name: unknown): PlanName {
  if (typeof name === 'string' && Object.hasOwn(PLAN_LIMITS, name)) return name as PlanName;
  throw invalid('name', `Unknown plan "${String(name)}": use "basic", "pro" or "max".`);
}
