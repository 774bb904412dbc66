// Collects a process's output up to a bound, keeping the beginning and saying how much was
// dropped, so that a runaway process cannot exhaust the agent's memory.
/** The bound per stream of a process's captured output, in the agent and the server. */
export const OUTPUT_LIMIT_BYTES = 16 * 1024 * 1024;

export class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limitBytes: number) {}

  append(chunk: Buffer): void {
    const room = this.limitBytes - this.kept;
    if (room >= chunk.length) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    if (room > 0) {
      this.chunks.push(chunk.subarray(0, room));
      this.kept += room;
    }
    this.dropped += chunk.length - Math.max(room, 0);
  }

  text(): string {
    const text = Buffer.concat(this.chunks, this.kept).toString('utf8');
    if (this.dropped === 0) return text;
    return `${text}\n[operator: ${this.dropped} more bytes of output were dropped]\n`;
  }
}
