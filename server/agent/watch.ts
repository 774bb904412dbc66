// One watch of a file or folder. The image's Node 18 has no recursive fs.watch on Linux, so
// a recursive watch keeps one inotify watcher per folder and adds one for every folder that
// appears. Events are coalesced for a short while, then each path is stat-ed: what the
// watch did not know is created, what it knew and still exists is changed, what is gone is
// deleted. A watched file is watched through its folder, so that editors that save by
// writing a new file and renaming it over the old one keep being seen.
import type { Dirent, FSWatcher } from 'node:fs';
import { watch as watchPath } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FileChange } from '../protocol';
import { stat } from './files';
import { errnoCode } from './fsErrors';
import { Excludes } from './glob';

/** How long events are gathered before they are reported as one batch. */
export const COALESCE_MS = 50;

export interface WatchSpec {
  root: string;
  recursive: boolean;
  excludes: string[];
}

export type ChangeSink = (changes: FileChange[]) => void;

export class Watch {
  /** Folder → the names of its entries the watch knows about. */
  private readonly known = new Map<string, Set<string>>();
  private readonly watchers = new Map<string, FSWatcher>();
  /** Folder → names with events since the last batch; null asks for a full rescan. */
  private pending = new Map<string, Set<string | null>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly excludes: Excludes;
  /** Set when the watched path is a file: only that name of its folder is reported. */
  private onlyName: string | undefined;
  private folder: string;
  private stopped = false;

  constructor(
    private readonly spec: WatchSpec,
    private readonly sink: ChangeSink,
    private readonly log: (message: string) => void,
  ) {
    this.excludes = new Excludes(spec.root, spec.excludes);
    this.folder = spec.root;
  }

  /** Fails with FileNotFound when the path does not exist. */
  async start(): Promise<void> {
    const stats = await stat(this.spec.root);
    if (stats.type !== 'directory') {
      this.folder = path.posix.dirname(this.spec.root);
      this.onlyName = path.posix.basename(this.spec.root);
    }
    await this.addFolder(this.folder, undefined);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.known.clear();
  }

  /** Starts watching a folder; `created` collects its entries when the folder is new. */
  private async addFolder(folder: string, created: FileChange[] | undefined): Promise<void> {
    if (this.stopped || this.watchers.has(folder)) return;
    try {
      const watcher = watchPath(folder, (_event, name) => this.queue(folder, name));
      watcher.on('error', () => this.queue(folder, null));
      this.watchers.set(folder, watcher);
    } catch (error) {
      // ENOENT: the folder went away before it could be watched; its parent reports that.
      if (errnoCode(error) !== 'ENOENT') {
        // TODO: on ENOSPC the inotify watch limit is reached and this folder goes unseen.
        this.log(`cannot watch ${folder}: ${errnoCode(error) ?? String(error)}`);
      }
      return;
    }
    // Listed after the watcher exists, so that nothing created in between is missed.
    let entries: Dirent[] = [];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      entries = [];
    }
    const names = new Set<string>();
    this.known.set(folder, names);
    for (const entry of entries) {
      if (this.onlyName !== undefined && entry.name !== this.onlyName) continue;
      const child = path.posix.join(folder, entry.name);
      if (this.excludes.matches(child)) continue;
      names.add(entry.name);
      created?.push({ type: 'created', path: child });
      if (this.spec.recursive && entry.isDirectory()) await this.addFolder(child, created);
    }
  }

  private removeFolder(folder: string): void {
    const prefix = `${folder}/`;
    for (const [watched, watcher] of this.watchers) {
      if (watched === folder || watched.startsWith(prefix)) {
        watcher.close();
        this.watchers.delete(watched);
        this.known.delete(watched);
      }
    }
  }

  private queue(folder: string, name: string | null): void {
    if (this.stopped) return;
    let names = this.pending.get(folder);
    if (!names) this.pending.set(folder, (names = new Set()));
    names.add(name);
    // Not restarted by later events, so that a steady stream of writes still gets reported.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing
        .then(() => this.flush())
        .catch((error: unknown) => {
          this.log(`watch of ${this.spec.root} failed to report: ${String(error)}`);
        });
    }, COALESCE_MS);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const changes: FileChange[] = [];
    for (const [folder, names] of batch) {
      if (this.stopped) return;
      const known = this.known.get(folder);
      if (!known) continue;
      if (!(await exists(folder))) {
        if (folder === this.folder) return this.rootGone(changes);
        continue;
      }
      const toCheck = names.has(null) ? await this.rescanNames(folder, known) : names;
      for (const name of toCheck) {
        if (name !== null) await this.check(folder, name, known, changes);
      }
    }
    if (changes.length > 0 && !this.stopped) this.sink(changes);
  }

  private async check(
    folder: string,
    name: string,
    known: Set<string>,
    changes: FileChange[],
  ): Promise<void> {
    if (this.onlyName !== undefined && name !== this.onlyName) return;
    const child = path.posix.join(folder, name);
    if (this.excludes.matches(child)) return;
    const stats = await fs.lstat(child).catch(() => undefined);
    if (!stats) {
      if (!known.delete(name)) return;
      this.removeFolder(child);
      changes.push({ type: 'deleted', path: child });
      return;
    }
    changes.push({ type: known.has(name) ? 'changed' : 'created', path: child });
    known.add(name);
    if (this.spec.recursive && stats.isDirectory()) await this.addFolder(child, changes);
  }

  /** After an event without a name: every name that is there now or was there before. */
  private async rescanNames(folder: string, known: Set<string>): Promise<Set<string>> {
    const now = await fs.readdir(folder).catch(() => []);
    return new Set([...known, ...now]);
  }

  private rootGone(changes: FileChange[]): void {
    const wasKnown = this.onlyName === undefined || this.known.get(this.folder)?.has(this.onlyName);
    if (wasKnown) changes.push({ type: 'deleted', path: this.spec.root });
    if (changes.length > 0) this.sink(changes);
    // TODO: a watch whose root is deleted ends; it does not pick the path up if it returns.
    this.stop();
  }
}

async function exists(target: string): Promise<boolean> {
  return fs.lstat(target).then(
    () => true,
    () => false,
  );
}
