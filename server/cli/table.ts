// Aligned plain-text tables, the way `docker ps` prints them: a header row, columns
// padded to their widest cell and separated by three spaces, no trailing blanks.

const COLUMN_GAP = '   ';

export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    widths
      .map((width, column) => (cells[column] ?? '').padEnd(width))
      .join(COLUMN_GAP)
      .trimEnd();
  return [headers, ...rows].map(line).join('\n') + '\n';
}
