// Splits a byte stream into lines for the server log, and keeps what best explains an
// agent that died early: the first line that names an error, and the last line it wrote.
import { createInterface } from 'node:readline';

export function forwardLines(
  stream: NodeJS.ReadableStream,
  onLine: (line: string) => void,
): () => string[] {
  let firstError: string | undefined;
  let last: string | undefined;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    onLine(line);
    if (firstError === undefined && /\w*Error\b/.test(line)) firstError = line.trim();
    last = line.trim();
  });
  return () => [...new Set([firstError, last].filter((line): line is string => !!line))];
}
