// The server's notifications as VS Code events. A MessageConnection keeps one handler per
// method, so the client registers once per connection and every listener subscribes here.
import * as vscode from 'vscode';
import type { MessageConnection } from 'vscode-jsonrpc';
import {
  FsDidChangeNotification,
  InstanceDidChangeNotification,
  TerminalDidExitNotification,
  TerminalOutputNotification,
  type FsDidChangeParams,
  type InstanceDidChangeParams,
  type TerminalDidExitParams,
  type TerminalOutputParams,
} from '../../server/protocol';

export class Notifications implements vscode.Disposable {
  private readonly instanceEmitter = new vscode.EventEmitter<InstanceDidChangeParams>();
  private readonly fsEmitter = new vscode.EventEmitter<FsDidChangeParams>();
  private readonly terminalOutputEmitter = new vscode.EventEmitter<TerminalOutputParams>();
  private readonly terminalExitEmitter = new vscode.EventEmitter<TerminalDidExitParams>();

  readonly onInstanceDidChange = this.instanceEmitter.event;
  readonly onFsDidChange = this.fsEmitter.event;
  readonly onTerminalOutput = this.terminalOutputEmitter.event;
  readonly onTerminalDidExit = this.terminalExitEmitter.event;

  attach(connection: MessageConnection): void {
    connection.onNotification(InstanceDidChangeNotification.type, (params) =>
      this.instanceEmitter.fire(params),
    );
    connection.onNotification(FsDidChangeNotification.type, (params) =>
      this.fsEmitter.fire(params),
    );
    connection.onNotification(TerminalOutputNotification.type, (params) =>
      this.terminalOutputEmitter.fire(params),
    );
    connection.onNotification(TerminalDidExitNotification.type, (params) =>
      this.terminalExitEmitter.fire(params),
    );
  }

  dispose(): void {
    this.instanceEmitter.dispose();
    this.fsEmitter.dispose();
    this.terminalOutputEmitter.dispose();
    this.terminalExitEmitter.dispose();
  }
}
