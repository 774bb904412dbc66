// Binds each agent request to the module that serves it, turning every failure into a
// response error whose data carries the kind and path.
import type { MessageConnection } from 'vscode-jsonrpc';
import { toOperatorError } from '../errors';
import * as files from './files';
import { requireAbsolute } from './files';
import { run } from './proc';
import {
  AGENT_PROTOCOL_VERSION,
  AgentCreateDirectoryRequest,
  AgentDeleteRequest,
  AgentReadDirectoryRequest,
  AgentReadFileRequest,
  AgentRenameRequest,
  AgentRunRequest,
  AgentStatRequest,
  AgentWatchStartRequest,
  AgentWatchStopRequest,
  AgentWriteFileRequest,
  HelloRequest,
} from './protocol';
import type { Watches } from './watches';

async function answer<R>(work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (error) {
    throw toOperatorError(error).toResponseError();
  }
}

export function registerHandlers(connection: MessageConnection, watches: Watches): void {
  connection.onRequest(HelloRequest.type, () => ({
    version: AGENT_PROTOCOL_VERSION,
    pid: process.pid,
    node: process.version,
  }));
  connection.onRequest(AgentStatRequest.type, (p) =>
    answer(() => files.stat(requireAbsolute(p.path))),
  );
  connection.onRequest(AgentReadDirectoryRequest.type, (p) =>
    answer(() => files.readDirectory(requireAbsolute(p.path))),
  );
  connection.onRequest(AgentReadFileRequest.type, (p) =>
    answer(async () => {
      const content = await files.readFile(requireAbsolute(p.path));
      return { content: content.toString('base64') };
    }),
  );
  connection.onRequest(AgentWriteFileRequest.type, (p) =>
    answer(async () => {
      const content = Buffer.from(typeof p.content === 'string' ? p.content : '', 'base64');
      const flags = { create: p.create === true, overwrite: p.overwrite === true };
      await files.writeFile(requireAbsolute(p.path), content, flags);
      return null;
    }),
  );
  connection.onRequest(AgentCreateDirectoryRequest.type, (p) =>
    answer(async () => {
      await files.createDirectory(requireAbsolute(p.path));
      return null;
    }),
  );
  connection.onRequest(AgentDeleteRequest.type, (p) =>
    answer(async () => {
      await files.remove(requireAbsolute(p.path), p.recursive === true);
      return null;
    }),
  );
  connection.onRequest(AgentRenameRequest.type, (p) =>
    answer(async () => {
      const from = requireAbsolute(p.from, 'from');
      await files.rename(from, requireAbsolute(p.to, 'to'), p.overwrite === true);
      return null;
    }),
  );
  connection.onRequest(AgentRunRequest.type, (p, token) => answer(() => run(p, token)));
  connection.onRequest(AgentWatchStartRequest.type, (p) =>
    answer(async () => ({ watchId: await watches.start(requireAbsolute(p.path), p) })),
  );
  connection.onRequest(AgentWatchStopRequest.type, (p) =>
    answer(async () => {
      watches.stop(String(p.watchId));
      return null;
    }),
  );
}
