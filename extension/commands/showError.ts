// Failures of commands as notifications that say what went wrong and offer the log.
import * as vscode from 'vscode';
import { messageOf, type Log } from '../log';

export async function showError(log: Log, what: string, error: unknown): Promise<void> {
  if (error instanceof vscode.CancellationError) {
    log.info(`${what}: cancelled`);
    return;
  }
  const message = messageOf(error);
  log.error(`${what}: ${message}`);
  const choice = await vscode.window.showErrorMessage(`${what}: ${message}`, 'Show Log');
  if (choice === 'Show Log') log.show(true);
}
