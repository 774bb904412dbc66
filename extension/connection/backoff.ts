// Delays between reconnection attempts: doubling from a first delay up to a ceiling, with
// some jitter so that the windows of one machine do not all knock at the same moment.
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
  ) {}

  next(): number {
    const base = Math.min(this.firstMs * 2 ** this.attempt, this.maxMs);
    this.attempt += 1;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.attempt = 0;
  }
}
