// What the window knows about its server, for the status bar and the tree's message.
import type { InitializeResult } from '../../server/protocol';

export type ServerState =
  /** Nothing has needed the server yet; activation makes no round trip. */
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | {
      kind: 'connected';
      initialize: InitializeResult;
      dataDir: string;
      dockerAvailable: boolean;
      /** Why the engine does not answer, when it does not. */
      dockerError?: string;
    }
  | { kind: 'unavailable'; message: string; dockerUnavailable: boolean; reconnecting: boolean };
