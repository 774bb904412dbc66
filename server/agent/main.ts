// The agent: runs inside an instance container, started by the server with one
// `docker exec`, and serves file operations, processes and watches over that stream.
// stdout carries protocol messages only; everything else goes to stderr, which the server
// forwards to its log.
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { killRunning } from './proc';
import { registerHandlers } from './handlers';
import { Watches } from './watches';
import { AgentWatchDidChangeNotification } from './protocol';

function log(message: string): void {
  process.stderr.write(`[agent] ${message}\n`);
}

// A stray console.log from any module must not corrupt the protocol stream.
console.log = (...args: unknown[]) => console.error(...args);
console.info = console.log;

const connection = createMessageConnection(
  new StreamMessageReader(process.stdin),
  new StreamMessageWriter(process.stdout),
);
const watches = new Watches((watchId, changes) => {
  void connection.sendNotification(AgentWatchDidChangeNotification.type, { watchId, changes });
}, log);
registerHandlers(connection, watches);

// The server closing the exec stream is the agent's signal to stop, and take along what it ran.
function shutdown(reason: string): void {
  log(`stopping: ${reason}`);
  watches.stopAll();
  killRunning();
  process.exit(0);
}
connection.onClose(() => shutdown('the stream closed'));
process.stdin.on('end', () => shutdown('stdin ended'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('uncaughtException', (error) => log(`uncaught: ${error.stack ?? String(error)}`));

connection.listen();
