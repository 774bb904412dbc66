// Instances and their life: create, stop, start, suspend, resume, delete, and the
// reconciling of the store with what Docker really runs. Every transition runs under
// the instance's lock, is committed to the store, and only then announced.
import { randomBytes } from 'node:crypto';
import { AgentBackend } from '../agent/client';
import type { InstanceImage } from '../docker/instanceImage';
import { ContainerEvent, DockerRuntime, HOME } from '../docker/runtime';
import { type Cancellation, CancelledError, OperatorError, toOperatorError } from '../errors';
import { ArchiveBackend } from '../files/archive';
import type { InstanceBackend, WatchListener } from '../files/backend';
import { logger } from '../log';
import type { Instance, InstanceCreateParams, InstanceStatus, Plan } from '../protocol';
import type { InstanceRecord, Store } from '../store/store';
import { MANAGED_FILES } from './defaults';
import { Journal } from './journal';
import { KeyedLock } from './keyedLock';
import { PLAN_LIMITS, checkCreateParams, checkInstanceName, checkPlanName } from './validate';

const log = logger('instances');

export const DEFAULT_IMAGE = process.env.OPERATOR_IMAGE || 'operator-instance:latest';

export type ChangeListener = (instance: Instance) => void;

export class InstanceService {
  private readonly lock = new KeyedLock();
  private readonly backends = new Map<string, Promise<InstanceBackend>>();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly watchListeners = new Set<
    (instance: string, ...rest: Parameters<WatchListener>) => void
  >();
  private stopEvents?: () => void;

  constructor(
    private readonly store: Store,
    private readonly runtime: DockerRuntime,
    private readonly journal: Journal,
    private readonly image: InstanceImage,
  ) {}

  onDidChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onWatchChange(
    listener: (instance: string, ...rest: Parameters<WatchListener>) => void,
  ): () => void {
    this.watchListeners.add(listener);
    return () => this.watchListeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------
  // Reading

  list(includeDeleted = false): Instance[] {
    return this.store.data.instances
      .filter((record) => includeDeleted || !record.deletedAt)
      .map(toInstance);
  }

  get(name: unknown): Instance {
    return toInstance(this.live(checkInstanceName(name)));
  }

  plan(): Plan {
    const name = this.store.data.plan;
    return { name, limit: PLAN_LIMITS[name], used: this.used() };
  }

  async setPlan(name: unknown): Promise<Plan> {
    this.store.data.plan = checkPlanName(name);
    await this.store.commit();
    log.info(`plan set to ${this.store.data.plan}`);
    return this.plan();
  }

  // -------------------------------------------------------------------------------------
  // Transitions

  /**
   * Creates an instance and resolves once it is active. A cancelled request rolls the
   * provision back at the next step, exactly as a failed one, and answers CancelledError.
   */
  async create(params: InstanceCreateParams, cancellation?: Cancellation): Promise<Instance> {
    const request = checkCreateParams(params);
    const image = request.image ?? this.image.tag;
    // The image is checked before anything is recorded, so a wrong image is a plain
    // InvalidParams with nothing to clean up. Only the instance image is built when
    // missing, and that after the provision is announced: it can take minutes.
    const found = await this.runtime.findImage(image);
    if (!found && image !== this.image.tag) throw imageMissing(image);
    const hasAgent = found?.hasAgent ?? true;

    // From here to the push nothing awaits: the check of the name and the limit and
    // the reservation of a slot happen in one turn of the event loop, so concurrent
    // creates can never push `used` past the limit.
    if (this.find(request.name)) {
      throw new OperatorError(
        'AlreadyExists',
        `An instance named "${request.name}" already exists.`,
        {
          instance: request.name,
        },
      );
    }
    this.reserveSlot(request.name, 'create');
    const id = randomBytes(4).toString('hex');
    const now = new Date().toISOString();
    const record: InstanceRecord = {
      id,
      name: request.name,
      type: request.type,
      status: 'provisioning',
      image,
      network: request.network,
      resources: request.resources,
      createdAt: now,
      updatedAt: now,
      container: `operator-${request.name}-${id}`,
      volume: `operator-${request.name}-${id}-home`,
    };
    this.store.data.instances.push(record);

    return this.lock.run(record.name, async () => {
      // The Docker work starts while the record is being committed: a crash before the
      // commit lands leaves a labelled container without a record, which reconcile
      // removes. The announcement still waits for the commit.
      const provisioning = this.provision(record, hasAgent, !found, cancellation);
      // Awaited below; this only keeps an early failure from counting as unhandled.
      provisioning.catch(() => undefined);
      try {
        await this.commitAndAnnounce(record, 'provisioning');
        await provisioning;
      } catch (error) {
        await provisioning.catch(() => undefined);
        await this.failProvision(record, error);
        throw toOperatorError(error);
      }
      return this.transition(record, 'active');
    });
  }

  private async provision(
    record: InstanceRecord,
    hasAgent: boolean,
    buildImage: boolean,
    cancellation?: Cancellation,
  ): Promise<void> {
    const checkpoint = () => {
      if (cancellation?.isCancellationRequested) {
        throw new CancelledError(
          `Creating "${record.name}" was cancelled; nothing of it was kept.`,
          { instance: record.name },
        );
      }
    };
    if (buildImage) {
      this.journal.append(record.id, `building the instance image ${record.image}`);
      await this.image.ensure();
    }
    checkpoint();
    await this.runtime.createContainer(record, hasAgent);
    checkpoint();
    await this.runtime.startContainer(record.container);
    checkpoint();
    const backend = await this.backend(record);
    if (record.type === 'prebuilt') await writeManagedDefaults(backend);
    checkpoint();
  }

  stop(name: unknown): Promise<Instance> {
    return this.withLive(name, async (record) => {
      requireStatus(record, ['active'], 'stop');
      this.dropBackend(record.name);
      await this.runtime.stopContainer(record.container);
      return this.transition(record, 'inactive');
    });
  }

  start(name: unknown): Promise<Instance> {
    return this.withLive(name, async (record) => {
      requireStatus(record, ['inactive'], 'start');
      return this.bringUp(record, 'start');
    });
  }

  suspend(name: unknown): Promise<Instance> {
    return this.withLive(name, async (record) => {
      requireStatus(record, ['active', 'inactive'], 'suspend');
      this.dropBackend(record.name);
      await this.runtime.stopContainer(record.container);
      await this.runtime.removeContainer(record.container);
      return this.transition(record, 'suspended');
    });
  }

  resume(name: unknown): Promise<Instance> {
    return this.withLive(name, async (record) => {
      requireStatus(record, ['suspended'], 'resume');
      return this.bringUp(record, 'resume');
    });
  }

  delete(name: unknown): Promise<Instance> {
    return this.withLive(name, async (record) => {
      this.dropBackend(record.name);
      await this.runtime.removeContainer(record.container);
      await this.runtime.removeVolume(record.volume);
      record.deletedAt = new Date().toISOString();
      return this.transition(record, 'inactive');
    });
  }

  /** The file and process backend of an active instance, connecting on first use. */
  async backendOf(name: unknown): Promise<InstanceBackend> {
    const record = this.live(checkInstanceName(name));
    requireStatus(record, ['active'], 'use the files or processes of');
    return this.backend(record);
  }

  /** The Docker container of an active instance, for work that talks to Docker directly. */
  containerOf(name: unknown): string {
    const record = this.live(checkInstanceName(name));
    requireStatus(record, ['active'], 'open a terminal in');
    return record.container;
  }

  async logs(name: unknown, tail: unknown): Promise<string> {
    const record = this.live(checkInstanceName(name));
    if (tail !== undefined && (typeof tail !== 'number' || !Number.isInteger(tail) || tail < 1)) {
      throw new OperatorError('InvalidParams', 'tail must be a whole number of lines, 1 or more.', {
        field: 'tail',
      });
    }
    const limit = (tail as number | undefined) ?? 200;
    const lines = this.journal.read(record.id).map((line) => ({ line, source: 'operator' }));
    if (record.status !== 'suspended' && (await this.runtime.inspect(record.container))) {
      const text = await this.runtime.logs(record.container, limit);
      for (const line of text.split('\n').filter(Boolean))
        lines.push({ line, source: 'container' });
    }
    // Both sources start each line with an ISO time, so a string sort merges them in order.
    lines.sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
    return lines
      .slice(-limit)
      .map(({ line, source }) => `${line.slice(0, 24)} [${source}]${line.slice(24)}`)
      .join('\n');
  }

  // -------------------------------------------------------------------------------------
  // Reconciling with Docker

  /**
   * Brings every record to the truth of the engine: interrupted provisions are rolled
   * back, containers that stopped or vanished are recorded as such, and containers of
   * this data folder that no record owns are removed.
   */
  async reconcile(): Promise<void> {
    const containers = await this.runtime.ownContainers();
    const known = new Set<string>();
    for (const record of this.store.data.instances.filter((r) => !r.deletedAt)) {
      known.add(record.container);
      await this.lock.run(record.name, () => this.reconcileRecord(record));
    }
    for (const info of containers) {
      const name = info.Names[0]?.replace(/^\//, '') ?? info.Id;
      if (!known.has(name)) {
        log.warn(`removing container ${name}, which no instance record owns`);
        await this.runtime.removeContainer(info.Id);
      }
    }
    // Listed before the live set is taken: a volume that a create makes meanwhile then
    // belongs to a record this pass already sees.
    const volumes = await this.runtime.ownVolumes();
    const liveVolumes = new Set(
      this.store.data.instances.filter((r) => !r.deletedAt).map((record) => record.volume),
    );
    for (const volume of volumes) {
      if (!liveVolumes.has(volume)) {
        log.warn(`removing volume ${volume}, which no instance record owns`);
        await this.runtime.removeVolume(volume);
      }
    }
  }

  followEngine(): void {
    this.stopEvents = this.runtime.followEvents({
      onEvent: (event) => this.onEngineEvent(event),
      // Changes made between a reconcile and the stream's opening, or while the engine
      // was restarting, send no event that this server sees.
      onOpen: () => {
        this.reconcile().catch((error) =>
          log.warn(
            `reconcile after (re)connecting to the engine failed: ${toOperatorError(error).message}`,
          ),
        );
      },
      onLost: (error) => log.warn(`engine events unavailable: ${error.message}`),
    });
  }

  dispose(): void {
    this.stopEvents?.();
    for (const name of [...this.backends.keys()]) this.dropBackend(name);
  }

  private onEngineEvent(event: ContainerEvent): void {
    if (!['die', 'destroy', 'start', 'oom', 'kill'].includes(event.action)) return;
    const record = this.find(event.instance);
    if (!record || record.id !== event.recordId) return;
    void this.lock
      .run(record.name, () => this.reconcileRecord(record))
      .catch((error) =>
        log.error(`reconcile failed: ${toOperatorError(error).message}`, record.name),
      );
  }

  private async reconcileRecord(record: InstanceRecord): Promise<void> {
    if (record.deletedAt) return;
    const state = await this.runtime.inspect(record.container);
    switch (record.status) {
      case 'provisioning': {
        // Only a server that died mid-transition leaves this status outside the lock.
        await this.runtime.removeContainer(record.container);
        if (record.bringingUp) {
          // A start or resume: the home volume holds the user's files and is kept.
          delete record.bringingUp;
          await this.transition(
            record,
            'suspended',
            'Starting was interrupted when the server stopped; resume the instance to try again.',
          );
        } else {
          // A first provision is all or nothing, like one that fails.
          await this.runtime.removeVolume(record.volume);
          record.deletedAt = new Date().toISOString();
          await this.transition(
            record,
            'inactive',
            'Provisioning was interrupted when the server stopped; create the instance again.',
          );
        }
        return;
      }
      case 'active': {
        if (state?.running) return;
        this.dropBackend(record.name);
        if (state) {
          const cause = state.oomKilled
            ? 'ran out of memory'
            : `exited with code ${state.exitCode}`;
          await this.transition(record, 'inactive', `The container ${cause} outside Operator.`);
        } else {
          await this.recordVanished(record);
        }
        return;
      }
      case 'inactive': {
        if (state?.running) {
          this.dropBackend(record.name);
          await this.runtime.stopContainer(record.container);
          this.journal.append(record.id, 'stopped a container that was started outside Operator');
        } else if (!state) {
          await this.recordVanished(record);
        }
        return;
      }
      case 'suspended': {
        if (state) {
          await this.runtime.removeContainer(record.container);
          this.journal.append(record.id, 'removed a container that was created outside Operator');
        }
        return;
      }
    }
  }

  // -------------------------------------------------------------------------------------
  // Internals

  private used(): number {
    return this.store.data.instances.filter(
      (record) =>
        !record.deletedAt && (record.status === 'active' || record.status === 'provisioning'),
    ).length;
  }

  private reserveSlot(name: string, verb: string): void {
    const plan = this.plan();
    if (plan.used >= plan.limit) {
      throw new OperatorError(
        'PlanLimitReached',
        `Cannot ${verb} "${name}": the ${plan.name} plan allows ${plan.limit} active ` +
          `instance${plan.limit === 1 ? '' : 's'} and ${plan.used} ${plan.used === 1 ? 'is' : 'are'} in use. ` +
          'Stop or suspend one, or choose a larger plan.',
        { instance: name },
      );
    }
  }

  /** Starts a stopped instance or resumes a suspended one, re-creating its container. */
  private async bringUp(record: InstanceRecord, verb: 'start' | 'resume'): Promise<Instance> {
    this.reserveSlot(record.name, verb);
    const previous = record.status;
    record.bringingUp = true;
    await this.transition(record, 'provisioning');
    try {
      const hasAgent = await this.imageReady(record.image);
      if (!(await this.runtime.inspect(record.container))) {
        // The volume outlives the container; creating the container makes a fresh one,
        // empty, only if it vanished, which the journal records.
        if (!(await this.runtime.volumeExists(record.volume))) {
          this.journal.append(record.id, 'home volume was missing; created an empty one');
        }
        await this.runtime.createContainer(record, hasAgent);
      }
      await this.runtime.startContainer(record.container);
      await this.backend(record);
    } catch (error) {
      const failure = toOperatorError(error);
      this.dropBackend(record.name);
      await this.runtime.stopContainer(record.container).catch(() => undefined);
      if (previous === 'suspended')
        await this.runtime.removeContainer(record.container).catch(() => undefined);
      delete record.bringingUp;
      await this.transition(record, previous, `Could not ${verb}: ${failure.message}`);
      throw failure;
    }
    delete record.bringingUp;
    return this.transition(record, 'active');
  }

  /** A container removed outside Operator: suspended while its home volume remains. */
  private async recordVanished(record: InstanceRecord): Promise<void> {
    if (await this.runtime.volumeExists(record.volume)) {
      await this.transition(
        record,
        'suspended',
        'The container was removed outside Operator; the home volume was kept.',
      );
    } else {
      await this.transition(
        record,
        'inactive',
        'The container and its home volume were removed outside Operator; delete the instance.',
      );
    }
  }

  /** Whether the image carries the agent, building the instance image if it is gone. */
  private async imageReady(image: string): Promise<boolean> {
    const found = await this.runtime.findImage(image);
    if (found) return found.hasAgent;
    if (image !== this.image.tag) throw imageMissing(image);
    await this.image.ensure();
    return true;
  }

  private async failProvision(record: InstanceRecord, error: unknown): Promise<void> {
    const failure = toOperatorError(error);
    log.error(`provisioning failed: ${failure.message}`, record.name);
    this.dropBackend(record.name);
    // Nothing of a failed provision may stay behind in Docker.
    await this.runtime.removeContainer(record.container).catch(() => undefined);
    await this.runtime.removeVolume(record.volume).catch(() => undefined);
    record.deletedAt = new Date().toISOString();
    const reason =
      error instanceof CancelledError
        ? 'Provisioning was cancelled by the client.'
        : `Provisioning failed: ${failure.message}`;
    await this.transition(record, 'inactive', reason);
  }

  private async transition(
    record: InstanceRecord,
    status: InstanceStatus,
    reason?: string,
  ): Promise<Instance> {
    record.status = status;
    record.statusReason = reason;
    if (reason === undefined) delete record.statusReason;
    const label = record.deletedAt ? `${status} (deleted)` : status;
    return this.commitAndAnnounce(record, reason ? `${label}: ${reason}` : label);
  }

  private async commitAndAnnounce(record: InstanceRecord, summary: string): Promise<Instance> {
    record.updatedAt = new Date().toISOString();
    await this.store.commit();
    this.journal.append(record.id, `status ${summary}`);
    log.info(`status ${summary}`, record.name);
    const instance = toInstance(record);
    for (const listener of this.changeListeners) listener(instance);
    return instance;
  }

  private find(name: string): InstanceRecord | undefined {
    return this.store.data.instances.find((record) => record.name === name && !record.deletedAt);
  }

  private live(name: string): InstanceRecord {
    const record = this.find(name);
    if (!record) {
      throw new OperatorError('NotFound', `There is no instance named "${name}".`, {
        instance: name,
      });
    }
    return record;
  }

  private withLive(
    name: unknown,
    work: (record: InstanceRecord) => Promise<Instance>,
  ): Promise<Instance> {
    const checked = checkInstanceName(name);
    this.live(checked);
    // The record is looked up again inside the lock: an operation queued before this
    // one may have deleted it.
    return this.lock.run(checked, () => work(this.live(checked)));
  }

  private backend(record: InstanceRecord): Promise<InstanceBackend> {
    const existing = this.backends.get(record.name);
    if (existing) return existing;
    const connecting = this.connectBackend(record);
    this.backends.set(record.name, connecting);
    connecting.catch(() => {
      if (this.backends.get(record.name) === connecting) this.backends.delete(record.name);
    });
    return connecting;
  }

  private async connectBackend(record: InstanceRecord): Promise<InstanceBackend> {
    const container = this.runtime.container(record.container);
    if (!(await this.imageReady(record.image))) {
      return new ArchiveBackend(container, record.name);
    }
    const backend = await AgentBackend.connect(container, {
      instance: record.name,
      onWatchChange: (watchId, changes) => {
        for (const listener of this.watchListeners) listener(record.name, watchId, changes);
      },
      onLog: (line) => this.journal.append(record.id, `agent: ${line}`),
      onClose: (reason) => {
        this.journal.append(record.id, `agent stream closed: ${reason}`);
        if (this.backends.get(record.name) === connected) this.backends.delete(record.name);
      },
    });
    const connected = Promise.resolve(backend);
    this.backends.set(record.name, connected);
    return backend;
  }

  private dropBackend(name: string): void {
    const backend = this.backends.get(name);
    if (!backend) return;
    this.backends.delete(name);
    backend.then((b) => b.dispose()).catch(() => undefined);
  }
}

function imageMissing(image: string): OperatorError {
  return new OperatorError(
    'InvalidParams',
    `The image "${image}" is not on the Docker engine; build or pull it first.`,
    { field: 'image' },
  );
}

function requireStatus(record: InstanceRecord, allowed: InstanceStatus[], verb: string): void {
  if (allowed.includes(record.status)) return;
  const hint: Record<InstanceStatus, string> = {
    provisioning: 'wait until it is active',
    active: 'stop it first',
    inactive: 'start it first',
    suspended: 'resume it first',
  };
  throw new OperatorError(
    'InvalidState',
    `Cannot ${verb} instance "${record.name}" while it is ${record.status}; ${hint[record.status]}.`,
    { instance: record.name },
  );
}

async function writeManagedDefaults(backend: InstanceBackend): Promise<void> {
  for (const file of MANAGED_FILES) {
    await backend.writeFile(`${HOME}/${file.path}`, Buffer.from(file.content), {
      create: true,
      overwrite: true,
    });
  }
}

export function toInstance(record: InstanceRecord): Instance {
  const instance: Instance = {
    name: record.name,
    type: record.type,
    status: record.status,
    image: record.image,
    network: record.network,
    resources: { ...record.resources },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.statusReason) instance.statusReason = record.statusReason;
  if (record.deletedAt) instance.deletedAt = record.deletedAt;
  return instance;
}
