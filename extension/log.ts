// The extension's one log: a LogOutputChannel named Operator, so that users find it under
// that name in the Output view and can choose its level there.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Operator', { log: true });
}

/** The message of anything thrown, for logs and notifications. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
