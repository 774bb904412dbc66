// The terminal methods the extension needs from the server: a TTY process in an instance,
// its output as notifications, and resizing. They belong in server/protocol.ts once the
// server serves them; until then they are declared here, in the same form.
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { ErrorData } from '../../server/protocol';

export interface TerminalOpenParams {
  /** The instance. */
  name: string;
  cols: number;
  rows: number;
  /** The command to run; the user's login shell when absent. */
  command?: string[];
  cwd?: string;
}

export namespace TerminalOpenRequest {
  export const method = 'terminal/open';
  export const type = new RequestType<TerminalOpenParams, { terminalId: string }, ErrorData>(
    method,
  );
}

export interface TerminalInputParams {
  terminalId: string;
  /** What the user typed, as the terminal sends it (UTF-8 text with control sequences). */
  data: string;
}

export namespace TerminalInputRequest {
  export const method = 'terminal/input';
  export const type = new RequestType<TerminalInputParams, null, ErrorData>(method);
}

export interface TerminalResizeParams {
  terminalId: string;
  cols: number;
  rows: number;
}

export namespace TerminalResizeRequest {
  export const method = 'terminal/resize';
  export const type = new RequestType<TerminalResizeParams, null, ErrorData>(method);
}

export namespace TerminalCloseRequest {
  export const method = 'terminal/close';
  export const type = new RequestType<{ terminalId: string }, null, ErrorData>(method);
}

export interface TerminalOutputParams {
  terminalId: string;
  /** Output decoded as UTF-8 by the server, never split inside a character. */
  data: string;
}

export namespace TerminalOutputNotification {
  export const method = 'terminal/output';
  export const type = new NotificationType<TerminalOutputParams>(method);
}

export interface TerminalDidExitParams {
  terminalId: string;
  exitCode: number;
}

export namespace TerminalDidExitNotification {
  export const method = 'terminal/didExit';
  export const type = new NotificationType<TerminalDidExitParams>(method);
}
