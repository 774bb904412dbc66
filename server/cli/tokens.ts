// Splits the command line into positionals, flags and what follows `--`. It knows which
// flags take a value, so that `--image x` and `--image=x` read alike; which command
// accepts which flag is for args.ts to say.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flags that take a value; every other known flag is a switch. */
const VALUE_FLAGS = new Set([
  'data-dir',
  'server',
  'type',
  'image',
  'network',
  'cpus',
  'memory',
  'cwd',
  'env',
  'timeout',
  'tail',
]);
const SWITCH_FLAGS = new Set(['json', 'help', 'version', 'all']);
export const GLOBAL_FLAGS = new Set(['data-dir', 'server', 'json', 'help', 'version']);

export interface Tokens {
  positionals: string[];
  /** Every value of every flag, in order; a switch has the value 'true'. */
  flags: Map<string, string[]>;
  /** What came after `--`, when there was one. */
  rest?: string[];
}

export function tokenize(argv: readonly string[]): Tokens {
  const tokens: Tokens = { positionals: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      tokens.rest = argv.slice(i + 1);
      break;
    }
    if (arg === '-h') {
      addFlag(tokens, 'help', 'true');
    } else if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const flag = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
      const inline = equals < 0 ? undefined : arg.slice(equals + 1);
      if (SWITCH_FLAGS.has(flag)) {
        if (inline !== undefined) throw new UsageError(`--${flag} takes no value`);
        addFlag(tokens, flag, 'true');
      } else if (VALUE_FLAGS.has(flag)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`--${flag} needs a value`);
        addFlag(tokens, flag, value);
      } else {
        throw new UsageError(`unknown flag --${flag}`);
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      throw new UsageError(`unknown flag ${arg}`);
    } else {
      tokens.positionals.push(arg);
    }
  }
  return tokens;
}

function addFlag(tokens: Tokens, flag: string, value: string): void {
  const values = tokens.flags.get(flag);
  if (values) values.push(value);
  else tokens.flags.set(flag, [value]);
}

/** The last value wins when a flag is given twice, as in most command-line tools. */
export function last(flags: Map<string, string[]>, flag: string): string | undefined {
  return flags.get(flag)?.at(-1);
}
