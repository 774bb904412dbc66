// Figures for the benchmark: a 4 KB read through vscode.workspace.fs on an operator: URI,
// beside the same read straight from the server, on one instance.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { measure, Summary, summarize } from '../../../bench/stats';
import { FsReadFileRequest } from '../../../server/protocol';
import { recordFigure } from './figures';
import { createInstance, removeInstance, serverConnection, uniqueName } from './helpers';

const ROUNDS = 200;
const WARMUP = 20;

describe('read latency', () => {
  const name = uniqueName('vt-bench');
  const path = '/home/operator/4k.bin';

  before(async () => {
    await createInstance(name);
    const content = Buffer.alloc(4096, 'x');
    await vscode.workspace.fs.writeFile(
      vscode.Uri.from({ scheme: 'operator', authority: name, path }),
      content,
    );
  });

  after(() => removeInstance(name));

  it('measures a 4 KB read through vscode.workspace.fs and through the server', async () => {
    const uri = vscode.Uri.from({ scheme: 'operator', authority: name, path });
    const { connection } = await serverConnection();
    const viaEditor = await timeReads(async () => {
      const bytes = await vscode.workspace.fs.readFile(uri);
      assert.equal(bytes.byteLength, 4096);
    });
    const viaServer = await timeReads(async () => {
      const { content } = await connection.sendRequest(FsReadFileRequest.type, { name, path });
      assert.equal(Buffer.from(content, 'base64').byteLength, 4096);
    });
    recordFigure('read4kWorkspaceFsMs', viaEditor);
    recordFigure('read4kServerMs', viaServer);
  });
});

async function timeReads(read: () => Promise<void>): Promise<Summary> {
  await measure(WARMUP, read);
  return summarize(await measure(ROUNDS, read));
}
