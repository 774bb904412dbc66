// The `operator` command: a thin client of the server's protocol. It parses the command
// line, reaches (or starts) the server of the data folder, runs one command and exits.
import * as path from 'node:path';
import { version } from '../../package.json';
import { connectToServer, type ServerConnection } from '../client/connect';
import { logPath } from '../dataDir';
import { OperatorError, toOperatorError } from '../errors';
import { parseArgs, type ParsedArgs } from './args';
import { runCommand, type ServerCommand } from './commands';
import { USAGE } from './help';
import { Output } from './output';
import { UsageError } from './tokens';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
/** How long to wait for stdout to drain once the work is done before exiting anyway. */
const EXIT_GRACE_MS = 2_000;

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const output = new Output(argv.includes('--json'));
    output.error('Usage', error.message, "Run 'operator help' for usage.");
    return EXIT_USAGE;
  }

  const { global, command } = parsed;
  const output = new Output(global.json);
  if (command.kind === 'help') {
    output.raw('stdout', USAGE);
    return 0;
  }
  if (command.kind === 'version') {
    output.result({ version }, () => `operator ${version}\n`);
    return 0;
  }

  let server: ServerConnection | undefined;
  try {
    server = await connectToServer({
      dataDir: global.dataDir,
      // dist/cli.js is bundled next to dist/server.js.
      serverScript: path.resolve(global.server ?? path.join(__dirname, 'server.js')),
      clientName: `operator-cli ${version}`,
    });
    return await runOnServer(server, command, output);
  } catch (error) {
    const failure = toOperatorError(error);
    output.error(failure.kind, failure.message);
    return EXIT_FAILURE;
  } finally {
    server?.dispose();
  }
}

async function runOnServer(
  server: ServerConnection,
  command: ServerCommand,
  output: Output,
): Promise<number> {
  let lost = false;
  server.connection.onClose(() => (lost = true));
  try {
    return await runCommand(server.connection, command, output);
  } catch (error) {
    // Requests pending when the server went away fail with a message about disposal,
    // which tells the user nothing; where to look does.
    if (!lost) throw error;
    const log = logPath(server.dataDir);
    const message = `The Operator server closed the connection. See its log at ${log}.`;
    throw new OperatorError('Internal', message);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Exiting by an empty event loop lets piped output drain; the timer, which does not
    // itself keep the process alive, ends it if some handle was left open.
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (error: unknown) => {
    process.stderr.write(`operator: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(EXIT_FAILURE);
  },
);
