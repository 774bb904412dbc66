// The fs/watch subscriptions behind FileSystemProvider.watch. VS Code asks synchronously
// and the server answers later with a watch id; a watch is made again on every
// reconnection, since a new server knows nothing of the old one's ids, and whenever its
// instance becomes active again, since the server ends watches of instances that stop.
import * as vscode from 'vscode';
import { FsUnwatchRequest, FsWatchRequest, type FsDidChangeParams } from '../../server/protocol';
import type { ServerClient } from '../connection/serverClient';
import { messageOf, type Log } from '../log';
import { instanceUri, parseInstanceUri } from './uri';

interface Watch {
  uri: vscode.Uri;
  recursive: boolean;
  excludes: string[];
  watchId?: string;
  starting: boolean;
  disposed: boolean;
}

const CHANGE_TYPES = {
  created: vscode.FileChangeType.Created,
  changed: vscode.FileChangeType.Changed,
  deleted: vscode.FileChangeType.Deleted,
} as const;

export class Watches implements vscode.Disposable {
  private readonly watches = new Set<Watch>();
  private readonly byId = new Map<string, Watch>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly client: ServerClient,
    private readonly log: Log,
    private readonly fire: (events: vscode.FileChangeEvent[]) => void,
  ) {
    this.subscriptions = [
      client.notifications.onFsDidChange((params) => this.changed(params)),
      client.onDidConnect(() => this.rewatch(() => true)),
      client.notifications.onInstanceDidChange(({ instance }) => {
        if (instance.status === 'active') {
          this.rewatch((watch) => parseInstanceUri(watch.uri).instance === instance.name);
        }
      }),
    ];
  }

  add(
    uri: vscode.Uri,
    options: { recursive: boolean; excludes: readonly string[] },
  ): vscode.Disposable {
    const watch: Watch = {
      uri,
      recursive: options.recursive,
      excludes: [...options.excludes],
      starting: false,
      disposed: false,
    };
    this.watches.add(watch);
    void this.start(watch);
    return new vscode.Disposable(() => this.remove(watch));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const watch of this.watches) this.remove(watch);
  }

  private async start(watch: Watch): Promise<void> {
    const { instance, path } = parseInstanceUri(watch.uri);
    watch.starting = true;
    try {
      const { watchId } = await this.client.send(FsWatchRequest.type, {
        name: instance,
        path,
        recursive: watch.recursive,
        excludes: watch.excludes,
      });
      watch.watchId = watchId;
      this.byId.set(watchId, watch);
      // Disposed while the server was answering: undo what it just did.
      if (watch.disposed) this.remove(watch);
    } catch (error) {
      // Retried when the instance becomes active again, or on the next connection.
      this.log.warn(`[Files] cannot watch ${watch.uri.toString()}: ${messageOf(error)}`);
    } finally {
      watch.starting = false;
    }
  }

  private remove(watch: Watch): void {
    watch.disposed = true;
    this.watches.delete(watch);
    const watchId = watch.watchId;
    if (!watchId) return;
    watch.watchId = undefined;
    this.byId.delete(watchId);
    this.client.send(FsUnwatchRequest.type, { watchId }).catch(() => undefined);
  }

  private rewatch(which: (watch: Watch) => boolean): void {
    for (const watch of this.watches) {
      // A watch still waiting for its answer gets it from the server that now serves.
      if (watch.starting || !which(watch)) continue;
      const stale = watch.watchId;
      if (stale) {
        this.byId.delete(stale);
        // Usually gone already on the server; this only makes sure it is.
        this.client.send(FsUnwatchRequest.type, { watchId: stale }).catch(() => undefined);
      }
      watch.watchId = undefined;
      void this.start(watch);
    }
  }

  private changed(params: FsDidChangeParams): void {
    if (!this.byId.has(params.watchId)) return;
    this.fire(
      params.changes.map((change) => ({
        type: CHANGE_TYPES[change.type],
        uri: instanceUri(params.name, change.path),
      })),
    );
  }
}
