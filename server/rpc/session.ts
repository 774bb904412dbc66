// One client's session: binds every request of the protocol to the services, turns
// failures into typed JSON-RPC errors and forwards the notifications the client is due.
import type { MessageConnection } from 'vscode-jsonrpc';
import { ResponseError } from 'vscode-jsonrpc';
import type { CancellationToken } from 'vscode-jsonrpc';
import { toOperatorError } from '../errors';
import type { FileService } from '../files/service';
import { checkExecParams } from '../instances/execParams';
import type { InstanceService } from '../instances/service';
import type { TerminalService } from '../terminals/service';
import { logger } from '../log';
import * as p from '../protocol';

const log = logger('rpc');

export interface ServerInfo {
  name: string;
  version: string;
  dockerVersion(): Promise<string>;
}

export interface SessionContext {
  instances: InstanceService;
  files: FileService;
  terminals: TerminalService;
  info: ServerInfo;
}

export class Session {
  private clientName = 'client';
  private readonly disposers: Array<() => void> = [];

  constructor(
    private readonly connection: MessageConnection,
    private readonly context: SessionContext,
    private readonly onExit: () => void,
  ) {
    this.bind();
    this.disposers.push(
      context.instances.onDidChange((instance) => {
        void connection
          .sendNotification(p.InstanceDidChangeNotification.type, { instance })
          .catch(() => undefined);
      }),
    );
    connection.onClose(() => this.dispose());
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.context.files.releaseOwner(this);
    this.context.terminals.releaseOwner(this);
  }

  private bind(): void {
    const { instances, files, terminals, info } = this.context;
    const c = this.connection;
    const handle = <P, R>(
      type: { method: string },
      body: (params: P, token: CancellationToken) => R | Promise<R>,
    ): void => {
      c.onRequest(type.method, async (params: P, token: CancellationToken) => {
        try {
          return await body(params, token);
        } catch (error) {
          const failure = toOperatorError(error);
          if (failure.kind === 'Internal') log.error(`${type.method} failed: ${failure.message}`);
          return failure.toResponseError();
        }
      });
    };

    handle<p.InitializeParams, p.InitializeResult>(p.InitializeRequest, async (params) => {
      this.clientName = typeof params?.clientName === 'string' ? params.clientName : 'client';
      log.info(`client "${this.clientName}" initialized`);
      let docker: p.InitializeResult['docker'];
      try {
        docker = { version: await info.dockerVersion() };
      } catch (error) {
        docker = { version: null, error: toOperatorError(error).message };
      }
      return { server: { name: info.name, version: info.version }, plan: instances.plan(), docker };
    });
    handle(p.ShutdownRequest, () => null);
    c.onNotification(p.ExitNotification.method, () => this.onExit());

    handle(p.PlanGetRequest, () => instances.plan());
    handle<p.PlanSetParams, p.Plan>(p.PlanSetRequest, (params) => instances.setPlan(params?.name));

    handle<p.InstanceCreateParams, p.Instance>(p.InstanceCreateRequest, (params, token) =>
      instances.create(params, token),
    );
    handle<p.InstanceListParams | undefined, p.Instance[]>(p.InstanceListRequest, (params) =>
      instances.list(params?.includeDeleted === true),
    );
    handle<p.InstanceParams, p.Instance>(p.InstanceGetRequest, (params) =>
      instances.get(params?.name),
    );
    handle<p.InstanceParams, p.Instance>(p.InstanceStopRequest, (params) =>
      instances.stop(params?.name),
    );
    handle<p.InstanceParams, p.Instance>(p.InstanceStartRequest, (params) =>
      instances.start(params?.name),
    );
    handle<p.InstanceParams, p.Instance>(p.InstanceSuspendRequest, (params) =>
      instances.suspend(params?.name),
    );
    handle<p.InstanceParams, p.Instance>(p.InstanceResumeRequest, (params) =>
      instances.resume(params?.name),
    );
    handle<p.InstanceParams, p.Instance>(p.InstanceDeleteRequest, (params) =>
      instances.delete(params?.name),
    );
    handle<p.InstanceExecParams, p.ExecResult>(p.InstanceExecRequest, async (params, token) => {
      const run = checkExecParams(params);
      const backend = await instances.backendOf(params?.name);
      return backend.run(run, token);
    });
    handle<p.InstanceLogsParams, { text: string }>(p.InstanceLogsRequest, async (params) => ({
      text: await instances.logs(params?.name, params?.tail),
    }));

    handle<p.PathParams, p.FileStat>(p.FsStatRequest, (params) => files.stat(params));
    handle<p.PathParams, [string, p.FileType][]>(p.FsReadDirectoryRequest, (params) =>
      files.readDirectory(params),
    );
    handle<p.PathParams, { content: string }>(p.FsReadFileRequest, (params) =>
      files.readFile(params),
    );
    handle<p.FsWriteFileParams, null>(p.FsWriteFileRequest, (params) => files.writeFile(params));
    handle<p.PathParams, null>(p.FsCreateDirectoryRequest, (params) =>
      files.createDirectory(params),
    );
    handle<p.FsDeleteParams, null>(p.FsDeleteRequest, (params) => files.delete(params));
    handle<p.FsRenameParams, null>(p.FsRenameRequest, (params) => files.rename(params));
    handle<p.FsWatchParams, { watchId: string }>(p.FsWatchRequest, (params) =>
      files.watch(params, this, (name, watchId, changes) => {
        void c
          .sendNotification(p.FsDidChangeNotification.type, { name, watchId, changes })
          .catch(() => undefined);
      }),
    );
    handle<{ watchId: string }, null>(p.FsUnwatchRequest, (params) =>
      files.unwatch(params?.watchId, this),
    );

    handle<p.TerminalOpenParams, { terminalId: string }>(p.TerminalOpenRequest, (params) =>
      terminals.open(params, this, {
        output: (terminalId, data) =>
          void c
            .sendNotification(p.TerminalOutputNotification.type, { terminalId, data })
            .catch(() => undefined),
        exit: (terminalId, exitCode) =>
          void c
            .sendNotification(p.TerminalDidExitNotification.type, { terminalId, exitCode })
            .catch(() => undefined),
      }),
    );
    handle<p.TerminalInputParams, null>(p.TerminalInputRequest, (params) =>
      terminals.input(params?.terminalId, params?.data, this),
    );
    handle<p.TerminalResizeParams, null>(p.TerminalResizeRequest, (params) =>
      terminals.resize(params, this),
    );
    handle<{ terminalId: string }, null>(p.TerminalCloseRequest, (params) =>
      terminals.close(params?.terminalId, this),
    );

    c.onRequest((method) => {
      return new ResponseError(
        -32601,
        `Unknown method "${method}"; see PROTOCOL.md for the methods.`,
      );
    });
  }
}
