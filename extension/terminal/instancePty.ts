// A terminal in an instance: VS Code's pseudoterminal on one side, a TTY process in the
// container on the other, joined by the server's terminal/* methods.
import * as vscode from 'vscode';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import type { ServerClient } from '../connection/serverClient';
import { messageOf, type Log } from '../log';
import {
  TerminalCloseRequest,
  TerminalInputRequest,
  TerminalOpenRequest,
  TerminalResizeRequest,
} from '../../server/protocol';

export class InstancePty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  private terminalId: string | undefined;
  private subscriptions: vscode.Disposable[] = [];
  /** Typed before the process started; sent once it has. */
  private pendingInput = '';

  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly client: ServerClient,
    private readonly instance: string,
    private readonly log: Log,
  ) {}

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    const { notifications } = this.client;
    this.subscriptions = [
      notifications.onTerminalOutput(({ terminalId, data }) => {
        if (terminalId === this.terminalId) this.writeEmitter.fire(data);
      }),
      notifications.onTerminalDidExit(({ terminalId, exitCode }) => {
        if (terminalId === this.terminalId) this.exited(exitCode);
      }),
      // A terminal lives in the server that opened it; a new server knows nothing of it.
      this.client.onDidConnect(() => {
        if (!this.terminalId) return;
        this.log.warn(`[Terminal] ${this.terminalId} in ${this.instance} ended with its server`);
        void vscode.window.showWarningMessage(
          `The terminal in ${this.instance} ended: the Operator server was restarted.`,
        );
        this.exited(1);
      }),
    ];
    void this.start(dimensions);
  }

  handleInput(data: string): void {
    if (!this.terminalId) {
      this.pendingInput += data;
      return;
    }
    this.client
      .send(TerminalInputRequest.type, { terminalId: this.terminalId, data })
      .catch((error: unknown) => this.log.warn(`[Terminal] input lost: ${messageOf(error)}`));
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    if (!this.terminalId) return;
    this.client
      .send(TerminalResizeRequest.type, {
        terminalId: this.terminalId,
        cols: dimensions.columns,
        rows: dimensions.rows,
      })
      .catch(() => undefined);
  }

  close(): void {
    const terminalId = this.terminalId;
    this.terminalId = undefined;
    this.release();
    if (terminalId)
      this.client.send(TerminalCloseRequest.type, { terminalId }).catch(() => undefined);
  }

  private async start(dimensions: vscode.TerminalDimensions | undefined): Promise<void> {
    try {
      const { terminalId } = await this.client.send(TerminalOpenRequest.type, {
        name: this.instance,
        cols: dimensions?.columns ?? 80,
        rows: dimensions?.rows ?? 24,
      });
      this.terminalId = terminalId;
      this.log.info(`[Terminal] opened ${terminalId} in ${this.instance}`);
      if (this.pendingInput) {
        const input = this.pendingInput;
        this.pendingInput = '';
        this.handleInput(input);
      }
    } catch (error) {
      const missing = error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound;
      const reason = missing ? 'this Operator server has no terminals yet' : messageOf(error);
      this.log.error(`[Terminal] cannot open a terminal in ${this.instance}: ${reason}`);
      // The terminal stays open so that the message can be read.
      this.writeEmitter.fire(
        `\x1b[31mCannot open a terminal in ${this.instance}: ${reason}\x1b[0m\r\n`,
      );
      this.release();
    }
  }

  private exited(exitCode: number): void {
    this.terminalId = undefined;
    this.release();
    this.closeEmitter.fire(exitCode);
  }

  private release(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
  }
}
