// Ends the Operator server that a client (the CLI, the extension) started detached for a
// test's data folder, and waits until it is gone: removing the folder under a server
// that is still shutting down would race its last writes.
import { lockHolder } from '../../server/dataLock';

const GRACE_MS = 5000;

export async function stopServerOf(dataDir: string): Promise<void> {
  const pid = lockHolder(dataDir);
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + GRACE_MS;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
