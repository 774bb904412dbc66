// Where a server keeps its state, and the socket on which it serves its clients. One
// server per data folder: every client of the same folder finds it at the same socket.
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPERATOR_DATA_DIR) return path.resolve(env.OPERATOR_DATA_DIR);
  const xdg = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'operator');
}

export function socketPath(dataDir: string): string {
  return path.join(dataDir, 'server.sock');
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'server.pid');
}

export function logPath(dataDir: string): string {
  return path.join(dataDir, 'server.log');
}
