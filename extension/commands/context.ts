// What every command needs, handed to each when it is registered.
import type { ServerClient } from '../connection/serverClient';
import type { Log } from '../log';
import type { PlanStatus } from '../status/planStatus';
import type { InstancesTree } from '../tree/instancesTree';

export interface CommandContext {
  readonly client: ServerClient;
  readonly tree: InstancesTree;
  readonly log: Log;
  readonly planStatus: PlanStatus;
}
