// Terminals: a shell (or a given command) on a TTY inside an instance, through a Docker
// exec with a pseudo-terminal. A TTY exec is not multiplexed, so the stream carries the
// terminal's bytes as they are. Each terminal belongs to the client that opened it.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import type { DockerRuntime } from '../docker/runtime';
import { HOME } from '../docker/runtime';
import { OperatorError } from '../errors';
import type { InstanceService } from '../instances/service';
import { logger } from '../log';
import type { TerminalOpenParams } from '../protocol';

const log = logger('terminals');

/** A login shell: bash where the image has it, else sh. */
const LOGIN_SHELL = [
  '/bin/sh',
  '-c',
  'if command -v bash >/dev/null; then exec bash -l; else exec sh -l; fi',
];
/**
 * Docker leaves an exec's process running when its stream is closed, so every terminal
 * command starts by printing its pid (which, on a TTY, is also its process group) on a
 * line of its own; the server keeps that line from the client and hangs the group up
 * when the terminal is closed.
 */
const PID_PREFIX = ['/bin/sh', '-c', 'echo "$$"; exec "$@"', 'sh'];
const PID_LINE = /^(\d+)\r?\n/;
const KILL_GRACE_MS = 1000;
const MAX_COLS = 1000;
const MAX_ROWS = 500;

export interface TerminalSink {
  output(terminalId: string, data: string): void;
  exit(terminalId: string, exitCode: number): void;
}

interface Terminal {
  id: string;
  instance: string;
  exec: Docker.Exec;
  stream: Duplex;
  owner: object;
  container: string;
  /** The pid (and process group) of the command inside the container, once known. */
  pid?: number;
}

export class TerminalService {
  private readonly terminals = new Map<string, Terminal>();

  constructor(
    private readonly instances: InstanceService,
    private readonly runtime: DockerRuntime,
  ) {}

  async open(
    params: TerminalOpenParams,
    owner: object,
    sink: TerminalSink,
  ): Promise<{ terminalId: string }> {
    const size = checkSize(params);
    const command = params?.command ?? LOGIN_SHELL;
    if (
      !Array.isArray(command) ||
      command.length === 0 ||
      command.some((a) => typeof a !== 'string')
    ) {
      throw new OperatorError('InvalidParams', 'command must be a non-empty list of strings.', {
        field: 'command',
      });
    }
    if (
      params.cwd !== undefined &&
      (typeof params.cwd !== 'string' || !params.cwd.startsWith('/'))
    ) {
      throw new OperatorError('InvalidParams', 'cwd must be an absolute path in the container.', {
        field: 'cwd',
      });
    }
    const container = this.instances.containerOf(params.name);
    const exec = await this.runtime.call(`open a terminal in ${params.name}`, () =>
      this.runtime.container(container).exec({
        Cmd: [...PID_PREFIX, ...command],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        WorkingDir: params.cwd ?? HOME,
        Env: ['TERM=xterm-256color', 'COLORTERM=truecolor'],
      }),
    );
    const stream = (await this.runtime.call(`open a terminal in ${params.name}`, () =>
      exec.start({ hijack: true, stdin: true, Tty: true }),
    )) as Duplex;
    const id = `t${randomBytes(6).toString('hex')}`;
    const terminal: Terminal = { id, instance: params.name, exec, stream, owner, container };
    this.terminals.set(id, terminal);
    // Resizing before the first output keeps the shell's first prompt at the right width.
    await exec.resize({ h: size.rows, w: size.cols }).catch(() => undefined);

    const decoder = new StringDecoder('utf8');
    // Output is held back until the pid line is complete (it is the first thing printed).
    let head: string | undefined = '';
    stream.on('data', (chunk: Buffer) => {
      let text = decoder.write(chunk);
      if (head !== undefined) {
        head += text;
        const match = PID_LINE.exec(head);
        if (!match && head.length < 32 && !head.includes('\n')) return;
        if (match) terminal.pid = Number(match[1]);
        text = match ? head.slice(match[0].length) : head;
        head = undefined;
      }
      if (text) sink.output(id, text);
    });
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      const rest = decoder.end();
      if (rest) sink.output(id, rest);
      this.terminals.delete(id);
      exec
        .inspect()
        .then((info) => sink.exit(id, info.ExitCode ?? 0))
        .catch(() => sink.exit(id, 1));
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (error) => {
      log.warn(`terminal ${id} stream failed: ${error.message}`, params.name);
      finish();
    });
    log.info(`terminal ${id} opened`, params.name);
    return { terminalId: id };
  }

  input(terminalId: unknown, data: unknown, owner: object): null {
    const terminal = this.owned(terminalId, owner);
    if (typeof data !== 'string') {
      throw new OperatorError('InvalidParams', 'data must be the text typed into the terminal.', {
        field: 'data',
      });
    }
    terminal.stream.write(data);
    return null;
  }

  async resize(
    params: { terminalId: string; cols: number; rows: number },
    owner: object,
  ): Promise<null> {
    const terminal = this.owned(params?.terminalId, owner);
    const size = checkSize(params);
    await this.runtime.call('resize the terminal', () =>
      terminal.exec.resize({ h: size.rows, w: size.cols }),
    );
    return null;
  }

  close(terminalId: unknown, owner: object): null {
    const terminal = this.owned(terminalId, owner);
    this.end(terminal);
    return null;
  }

  /** Ends every terminal of a client that went away. */
  releaseOwner(owner: object): void {
    for (const terminal of [...this.terminals.values()]) {
      if (terminal.owner === owner) this.end(terminal);
    }
  }

  private end(terminal: Terminal): void {
    this.terminals.delete(terminal.id);
    if (terminal.pid !== undefined) {
      // As a closed terminal window would: SIGHUP to the group, SIGKILL if it lingers.
      const group = `-${terminal.pid}`;
      void this.signal(terminal, ['kill', '-HUP', '--', group]).then(() =>
        setTimeout(() => void this.signal(terminal, ['kill', '-KILL', '--', group]), KILL_GRACE_MS),
      );
    }
    terminal.stream.end();
    terminal.stream.destroy();
  }

  private async signal(terminal: Terminal, command: string[]): Promise<void> {
    try {
      const exec = await this.runtime.container(terminal.container).exec({ Cmd: command });
      await exec.start({ Detach: true });
    } catch {
      // The container or the process may be gone already, which is what was wanted.
    }
  }

  private owned(terminalId: unknown, owner: object): Terminal {
    const terminal = typeof terminalId === 'string' ? this.terminals.get(terminalId) : undefined;
    if (!terminal || terminal.owner !== owner) {
      throw new OperatorError(
        'NotFound',
        `There is no open terminal "${String(terminalId)}" of this client.`,
      );
    }
    return terminal;
  }
}

function checkSize(params: { cols?: unknown; rows?: unknown } | undefined): {
  cols: number;
  rows: number;
} {
  const cols = params?.cols;
  const rows = params?.rows;
  if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1 || cols > MAX_COLS) {
    throw new OperatorError('InvalidParams', `cols must be a whole number from 1 to ${MAX_COLS}.`, {
      field: 'cols',
    });
  }
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) {
    throw new OperatorError('InvalidParams', `rows must be a whole number from 1 to ${MAX_ROWS}.`, {
      field: 'rows',
    });
  }
  return { cols, rows };
}
