// Where the CLI's words go: results on stdout, progress and errors on stderr. With
// --json a result is printed as JSON and an error as {"error":{"kind","message"}}, and
// progress is left out so that stderr holds nothing but that error.

export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Prints `value` as JSON, or else the text `describe` makes of it. */
  result<T>(value: T, describe: (value: T) => string): void {
    this.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : describe(value));
  }

  /** Text passed through as it is, such as a process's own output. */
  raw(stream: 'stdout' | 'stderr', text: string): void {
    (stream === 'stdout' ? this.stdout : this.stderr).write(text);
  }

  progress(line: string): void {
    if (!this.json) this.stderr.write(`${line}\n`);
  }

  error(kind: string, message: string, hint?: string): void {
    if (this.json) {
      this.stderr.write(`${JSON.stringify({ error: { kind, message } })}\n`);
    } else {
      this.stderr.write(`operator: ${message}\n${hint ? `${hint}\n` : ''}`);
    }
  }
}
