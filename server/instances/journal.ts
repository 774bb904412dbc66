// A per-instance log of what the server did and what the instance's agent said, kept in
// the data folder so that `instance/logs` can show it beside the container's own output.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class Journal {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(recordId: string): string {
    return path.join(this.dir, `${recordId}.log`);
  }

  append(recordId: string, message: string): void {
    const lines = message
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => `${new Date().toISOString()} ${line}\n`)
      .join('');
    // Appends are small and rare (state changes, agent messages); a sync write keeps
    // their order without a queue.
    if (lines) fs.appendFileSync(this.file(recordId), lines);
  }

  read(recordId: string): string[] {
    try {
      return fs.readFileSync(this.file(recordId), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }
}
