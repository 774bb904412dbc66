// The one error type of the server. Every failure a client sees is an OperatorError:
// its kind says what class of failure it is, its message says in plain words which
// instance, field, path or state was wrong.
import { ResponseError } from 'vscode-jsonrpc';
import type { ErrorData, ErrorKind } from './protocol';

/** JSON-RPC error codes, one per kind, so clients that ignore `data` still tell them apart. */
export const ERROR_CODES: Record<ErrorKind, number> = {
  InvalidParams: -32602,
  Internal: -32603,
  NotFound: -32001,
  AlreadyExists: -32002,
  InvalidState: -32003,
  PlanLimitReached: -32004,
  DockerUnavailable: -32005,
  Timeout: -32006,
  FileNotFound: -32010,
  FileExists: -32011,
  FileNotADirectory: -32012,
  FileIsADirectory: -32013,
  NoPermissions: -32014,
};

const KINDS = new Set<string>(Object.keys(ERROR_CODES));

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && KINDS.has(value);
}

export class OperatorError extends Error {
  readonly kind: ErrorKind;
  readonly details: Omit<ErrorData, 'kind'>;

  constructor(kind: ErrorKind, message: string, details: Omit<ErrorData, 'kind'> = {}) {
    super(message);
    this.name = 'OperatorError';
    this.kind = kind;
    this.details = details;
  }

  get data(): ErrorData {
    return { kind: this.kind, ...this.details };
  }

  toResponseError(): ResponseError<ErrorData> {
    return new ResponseError(ERROR_CODES[this.kind], this.message, this.data);
  }

  /** Rebuilds an OperatorError from an error received over JSON-RPC. */
  static fromResponseError(error: unknown): OperatorError | undefined {
    if (!(error instanceof ResponseError)) return undefined;
    const data: unknown = error.data;
    if (typeof data !== 'object' || data === null) return undefined;
    const { kind, ...details } = data as Record<string, unknown>;
    if (!isErrorKind(kind)) return undefined;
    return new OperatorError(kind, error.message, details as Omit<ErrorData, 'kind'>);
  }
}

/** The code by which JSON-RPC servers (LSP's among them) answer a request cancelled by $/cancelRequest. */
export const REQUEST_CANCELLED = -32800;

/** Work given up because its client cancelled the request; it is of kind InvalidState. */
export class CancelledError extends OperatorError {
  constructor(message: string, details: Omit<ErrorData, 'kind'> = {}) {
    super('InvalidState', message, details);
  }

  override toResponseError(): ResponseError<ErrorData> {
    return new ResponseError(REQUEST_CANCELLED, this.message, this.data);
  }
}

/** What a handler needs of a cancellation token. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** Turns anything thrown into an OperatorError; unknown failures become Internal. */
export function toOperatorError(error: unknown): OperatorError {
  if (error instanceof OperatorError) return error;
  const fromWire = OperatorError.fromResponseError(error);
  if (fromWire) return fromWire;
  const message = error instanceof Error ? error.message : String(error);
  return new OperatorError('Internal', `Internal error: ${message}`);
}
