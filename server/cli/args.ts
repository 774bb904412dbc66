// Turns the command line into one typed command, or a UsageError that names what was
// wrong. Pure: nothing here touches the server, the environment or the terminal.
import type {
  InstanceCreateParams,
  InstanceExecParams,
  InstanceLogsParams,
  PlanName,
} from '../protocol';
import { GLOBAL_FLAGS, last, tokenize, UsageError, type Tokens } from './tokens';
import { envEntry, integer, oneOf, positiveNumber } from './values';

export interface GlobalOptions {
  dataDir?: string;
  json: boolean;
  /** Path of dist/server.js. */
  server?: string;
}

export type LifecycleVerb = 'start' | 'stop' | 'suspend' | 'resume' | 'delete';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'list'; includeDeleted: boolean }
  | { kind: 'create'; params: InstanceCreateParams }
  | { kind: 'get'; name: string }
  | { kind: 'lifecycle'; verb: LifecycleVerb; name: string }
  | { kind: 'exec'; params: InstanceExecParams }
  | { kind: 'logs'; params: InstanceLogsParams }
  | { kind: 'plan' }
  | { kind: 'planSet'; plan: PlanName };

export interface ParsedArgs {
  global: GlobalOptions;
  command: Command;
}

/** The flags each command accepts besides the global ones. */
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  help: [],
  list: ['all'],
  create: ['type', 'image', 'network', 'cpus', 'memory'],
  get: [],
  start: [],
  stop: [],
  suspend: [],
  resume: [],
  delete: [],
  exec: ['cwd', 'env', 'timeout'],
  logs: ['tail'],
  plan: [],
};

const LIFECYCLE_VERBS: readonly string[] = ['start', 'stop', 'suspend', 'resume', 'delete'];
const PLANS: readonly PlanName[] = ['basic', 'pro', 'max'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const tokens = tokenize(argv);
  const global: GlobalOptions = {
    dataDir: last(tokens.flags, 'data-dir'),
    json: tokens.flags.has('json'),
    server: last(tokens.flags, 'server'),
  };
  if (tokens.flags.has('help')) return { global, command: { kind: 'help' } };
  if (tokens.flags.has('version')) return { global, command: { kind: 'version' } };

  const [name, ...positionals] = tokens.positionals;
  if (name === undefined) throw new UsageError('missing command');
  const allowed = COMMAND_FLAGS[name];
  if (allowed === undefined) throw new UsageError(`unknown command '${name}'`);
  for (const flag of tokens.flags.keys()) {
    if (!GLOBAL_FLAGS.has(flag) && !allowed.includes(flag)) {
      throw new UsageError(`'${name}' does not take --${flag}`);
    }
  }
  if (tokens.rest !== undefined && name !== 'exec') {
    throw new UsageError(`'${name}' takes no arguments after --`);
  }
  return { global, command: buildCommand(name, positionals, tokens) };
}

function buildCommand(name: string, positionals: string[], tokens: Tokens): Command {
  const { flags } = tokens;
  switch (name) {
    case 'help':
      return { kind: 'help' };
    case 'list':
      noMore(name, positionals, 0);
      return { kind: 'list', includeDeleted: flags.has('all') };
    case 'create':
      return { kind: 'create', params: createParams(instanceName(name, positionals), flags) };
    case 'get':
      return { kind: 'get', name: instanceName(name, positionals) };
    case 'exec':
      return { kind: 'exec', params: execParams(instanceName(name, positionals), tokens) };
    case 'logs': {
      const tail = last(flags, 'tail');
      const params: InstanceLogsParams = { name: instanceName(name, positionals) };
      if (tail !== undefined) params.tail = integer('--tail', tail, 0);
      return { kind: 'logs', params };
    }
    case 'plan':
      return planCommand(positionals);
    default:
      if (LIFECYCLE_VERBS.includes(name)) {
        const verb = name as LifecycleVerb;
        return { kind: 'lifecycle', verb, name: instanceName(name, positionals) };
      }
      throw new UsageError(`unknown command '${name}'`);
  }
}

function createParams(name: string, flags: Map<string, string[]>): InstanceCreateParams {
  const params: InstanceCreateParams = { name };
  const type = last(flags, 'type');
  if (type !== undefined) params.type = oneOf('--type', type, ['prebuilt', 'blank'] as const);
  const image = last(flags, 'image');
  if (image !== undefined) params.image = image;
  const network = last(flags, 'network');
  if (network !== undefined) {
    params.network = oneOf('--network', network, ['bridge', 'none'] as const);
  }
  const cpus = last(flags, 'cpus');
  const memory = last(flags, 'memory');
  if (cpus !== undefined || memory !== undefined) {
    params.resources = {};
    if (cpus !== undefined) params.resources.cpus = positiveNumber('--cpus', cpus);
    if (memory !== undefined) params.resources.memoryMb = integer('--memory', memory, 1);
  }
  return params;
}

function execParams(name: string, tokens: Tokens): InstanceExecParams {
  if (tokens.rest === undefined || tokens.rest.length === 0) {
    throw new UsageError(
      `'exec' needs the command after --, as in: operator exec ${name} -- ls -la`,
    );
  }
  const params: InstanceExecParams = { name, command: tokens.rest };
  const cwd = last(tokens.flags, 'cwd');
  if (cwd !== undefined) params.cwd = cwd;
  const timeout = last(tokens.flags, 'timeout');
  if (timeout !== undefined) params.timeoutMs = integer('--timeout', timeout, 1);
  const env = tokens.flags.get('env');
  if (env !== undefined) params.env = Object.fromEntries(env.map(envEntry));
  return params;
}

function planCommand(positionals: string[]): Command {
  if (positionals.length === 0) return { kind: 'plan' };
  if (positionals[0] !== 'set') throw new UsageError(`unknown plan command '${positionals[0]}'`);
  const plan = positionals[1];
  if (plan === undefined) throw new UsageError(`'plan set' needs a plan: ${PLANS.join(', ')}`);
  noMore('plan set', positionals.slice(1), 1);
  return { kind: 'planSet', plan: oneOf('plan', plan, PLANS) };
}

function instanceName(command: string, positionals: string[]): string {
  const name = positionals[0];
  if (name === undefined) throw new UsageError(`'${command}' needs an instance NAME`);
  noMore(command, positionals, 1);
  return name;
}

function noMore(command: string, positionals: string[], expected: number): void {
  const extra = positionals[expected];
  if (extra !== undefined) {
    throw new UsageError(`'${command}' got an unexpected argument '${extra}'`);
  }
}
