// Structured log lines for the server: `time level [component] instance: message`,
// written to stderr (stdout carries protocol messages only) and to the data folder's
// log file once it is known. Never pass a secret to these functions.
import * as fs from 'node:fs';

export type Level = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

let threshold: Level =
  (process.env.OPERATOR_LOG_LEVEL as Level) in ORDER
    ? (process.env.OPERATOR_LOG_LEVEL as Level)
    : 'info';
let file: fs.WriteStream | undefined;

export function setLogFile(path: string): void {
  // A server started detached by a client has its stderr appended to this same file;
  // writing both would log every line twice.
  if (sameFile(2, path)) return;
  file = fs.createWriteStream(path, { flags: 'a' });
  file.on('error', () => (file = undefined));
}

function sameFile(fd: number, path: string): boolean {
  try {
    const a = fs.fstatSync(fd);
    const b = fs.statSync(path);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

export function setLogLevel(level: Level): void {
  threshold = level;
}

export interface Logger {
  debug(message: string, instance?: string): void;
  info(message: string, instance?: string): void;
  warn(message: string, instance?: string): void;
  error(message: string, instance?: string): void;
}

export function logger(component: string): Logger {
  const write = (level: Level, message: string, instance?: string) => {
    if (ORDER[level] < ORDER[threshold]) return;
    const subject = instance ? ` ${instance}:` : '';
    const line = `${new Date().toISOString()} ${level} [${component}]${subject} ${message}\n`;
    process.stderr.write(line);
    file?.write(line);
  };
  return {
    debug: (message, instance) => write('debug', message, instance),
    info: (message, instance) => write('info', message, instance),
    warn: (message, instance) => write('warn', message, instance),
    error: (message, instance) => write('error', message, instance),
  };
}
