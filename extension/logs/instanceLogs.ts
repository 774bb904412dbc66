// Instance logs as read-only documents (operator-logs://<instance>), fetched from the
// server each time one is opened or refreshed.
import * as vscode from 'vscode';
import { InstanceLogsRequest } from '../../server/protocol';
import type { ServerClient } from '../connection/serverClient';
import { messageOf } from '../log';

export const LOGS_SCHEME = 'operator-logs';
const TAIL_LINES = 2000;

export function logsUri(instance: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LOGS_SCHEME, authority: instance, path: '/logs' });
}

export class InstanceLogs implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: ServerClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      const { text } = await this.client.send(InstanceLogsRequest.type, {
        name: uri.authority,
        tail: TAIL_LINES,
      });
      return text;
    } catch (error) {
      return `The logs of ${uri.authority} cannot be shown: ${messageOf(error)}\n`;
    }
  }
}
