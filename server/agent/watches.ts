// The agent's live watches, by id. Each reports its batches of changes through one sink,
// which the agent turns into watch/didChange notifications.
import { OperatorError } from '../errors';
import type { FileChange } from '../protocol';
import type { AgentWatchParams } from './protocol';
import { Watch } from './watch';

export type WatchSink = (watchId: string, changes: FileChange[]) => void;

export class Watches {
  private readonly byId = new Map<string, Watch>();
  private nextId = 1;

  constructor(
    private readonly sink: WatchSink,
    private readonly log: (message: string) => void,
  ) {}

  async start(root: string, params: AgentWatchParams): Promise<string> {
    const excludes = Array.isArray(params.excludes) ? params.excludes : [];
    if (excludes.some((pattern) => typeof pattern !== 'string')) {
      throw new OperatorError('InvalidParams', 'excludes must be glob strings', {
        field: 'excludes',
      });
    }
    const watchId = `w${this.nextId++}`;
    const watch = new Watch(
      { root, recursive: params.recursive === true, excludes },
      (changes) => this.sink(watchId, changes),
      this.log,
    );
    try {
      await watch.start();
    } catch (error) {
      watch.stop();
      throw error;
    }
    this.byId.set(watchId, watch);
    return watchId;
  }

  stop(watchId: string): void {
    const watch = this.byId.get(watchId);
    if (!watch) throw new OperatorError('NotFound', `No watch with id ${watchId}`);
    watch.stop();
    this.byId.delete(watchId);
  }

  stopAll(): void {
    for (const watch of this.byId.values()) watch.stop();
    this.byId.clear();
  }
}
