// The Operator server: `node dist/server.js --stdio | --listen PATH [--data-dir DIR]`.
// One per data folder; it speaks the protocol of protocol.ts on stdio to one client or
// on a Unix socket to many, and writes nothing but protocol messages to stdout.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import packageJson from '../package.json';
import { defaultDataDir, logPath } from './dataDir';
import { acquireDataLock, DataFolderLocked } from './dataLock';
import { InstanceImage } from './docker/instanceImage';
import { DockerRuntime } from './docker/runtime';
import { OperatorError, toOperatorError } from './errors';
import { FileService } from './files/service';
import { Journal } from './instances/journal';
import { DEFAULT_IMAGE, InstanceService } from './instances/service';
import { logger, setLogFile } from './log';
import { Session, SessionContext } from './rpc/session';
import { Store } from './store/store';
import { TerminalService } from './terminals/service';

// Anything printed by a dependency must not corrupt the protocol stream on stdout.
console.log = console.info = console.debug = console.error;

const log = logger('server');
const RECONCILE_RETRY_MS = 5000;

interface Options {
  stdio: boolean;
  listen?: string;
  dataDir: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { stdio: false, dataDir: defaultDataDir() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) fail(`${arg} needs a value`);
      return next;
    };
    if (arg === '--stdio') options.stdio = true;
    else if (arg === '--listen') options.listen = path.resolve(value());
    else if (arg === '--data-dir') options.dataDir = path.resolve(value());
    else if (arg === '--version') {
      process.stderr.write(`${packageJson.version}\n`);
      process.exit(0);
    } else fail(`unknown argument "${arg}"`);
  }
  if (!options.stdio && !options.listen) fail('give --stdio or --listen PATH');
  return options;
}

function fail(message: string): never {
  process.stderr.write(
    `operator server: ${message}\nusage: server.js (--stdio | --listen SOCKET) [--data-dir DIR]\n`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  fs.mkdirSync(options.dataDir, { recursive: true });
  let release: () => void;
  try {
    release = acquireDataLock(options.dataDir);
  } catch (error) {
    if (error instanceof DataFolderLocked) {
      process.stderr.write(`operator server: ${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  setLogFile(logPath(options.dataDir));

  const store = await Store.open(options.dataDir);
  const runtime = DockerRuntime.connect(store.data.ownerId);
  const journal = new Journal(path.join(options.dataDir, 'journal'));
  const image = new InstanceImage(runtime.docker, DEFAULT_IMAGE);
  const instances = new InstanceService(store, runtime, journal, image);
  const files = new FileService(instances);
  const context: SessionContext = {
    instances,
    files,
    terminals: new TerminalService(instances, runtime),
    info: {
      name: 'operator',
      version: packageJson.version,
      dockerVersion: () => runtime.version(),
    },
  };
  log.info(`serving ${options.dataDir} (pid ${process.pid})`);

  let socketServer: net.Server | undefined;
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping');
    instances.dispose();
    socketServer?.close();
    if (options.listen) fs.rmSync(options.listen, { force: true });
    release();
    // Let the last log lines and replies drain before the process ends.
    setTimeout(() => process.exit(code), 50);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  // Reconcile before serving requests, so that the first answer already tells the truth;
  // with the engine down, the server still serves and reconciles once it is back.
  const reconcile = async () => {
    try {
      await instances.reconcile();
      instances.followEngine();
    } catch (error) {
      log.warn(`reconcile deferred: ${toOperatorError(error).message}`);
      setTimeout(() => void reconcile(), RECONCILE_RETRY_MS).unref();
    }
  };
  await reconcile();

  if (options.stdio) {
    const connection = createMessageConnection(
      new StreamMessageReader(process.stdin),
      new StreamMessageWriter(process.stdout),
    );
    new Session(connection, context, () => stop(0));
    // Without a --listen socket, the stdio client is the only one: its end is ours.
    connection.onClose(() => {
      if (!options.listen) stop(0);
    });
    connection.listen();
  }

  if (options.listen) {
    socketServer = await listen(options.listen, (socket) => {
      const connection = createMessageConnection(
        new SocketMessageReader(socket),
        new SocketMessageWriter(socket),
      );
      // A socket client's `exit` ends its own connection; the server lives on for the
      // other clients until it is sent SIGTERM.
      const session = new Session(connection, context, () => socket.end());
      connection.onClose(() => session.dispose());
      connection.listen();
    });
    log.info(`listening on ${options.listen}`);
  }
}

function listen(socketPath: string, onSocket: (socket: net.Socket) => void): Promise<net.Server> {
  // The data-folder lock is held, so a socket file left here belongs to a dead server.
  fs.rmSync(socketPath, { force: true });
  return new Promise((resolve, reject) => {
    const server = net.createServer(onSocket);
    server.once('error', reject);
    server.listen(socketPath, () => {
      fs.chmodSync(socketPath, 0o600);
      resolve(server);
    });
  });
}

main().catch((error) => {
  // An OperatorError says what is wrong in words for the user; anything else is a bug.
  const detail =
    error instanceof OperatorError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  log.error(`cannot serve: ${detail}`);
  process.exit(1);
});
