// Exclude patterns of a watch: `*` matches within one path segment, `?` one character of a
// segment, `**` any number of whole segments. A pattern ending in `/**` also matches the
// folder itself, so that excluding `**/node_modules/**` keeps the agent from watching it.

const SPECIAL = /[\\^$.|+()[\]{}]/;

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const segmentStart = i === 0 || glob[i - 1] === '/';
      const next = glob[i + 2];
      if (segmentStart && next === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else if (segmentStart && next === undefined && source.endsWith('/')) {
        source = `${source.slice(0, -1)}(?:/.*)?`;
        i += 1;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += SPECIAL.test(char) ? `\\${char}` : char;
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Matches a path against a watch's excludes. Relative patterns are matched against the path
 * relative to the watched root, absolute ones against the full path; a path whose ancestor
 * is excluded is excluded too.
 */
export class Excludes {
  private readonly relative: RegExp[];
  private readonly absolute: RegExp[];

  constructor(
    private readonly root: string,
    patterns: string[],
  ) {
    this.relative = patterns.filter((p) => !p.startsWith('/')).map(globToRegExp);
    this.absolute = patterns.filter((p) => p.startsWith('/')).map(globToRegExp);
  }

  matches(path: string): boolean {
    if (this.relative.length === 0 && this.absolute.length === 0) return false;
    for (let candidate = path; ;) {
      if (this.absolute.some((pattern) => pattern.test(candidate))) return true;
      const relative = this.relativeTo(candidate);
      // The root itself is never excluded, and nothing above it is considered.
      if (relative === undefined || relative === '') return false;
      if (this.relative.some((pattern) => pattern.test(relative))) return true;
      candidate = candidate.slice(0, candidate.lastIndexOf('/')) || '/';
    }
  }

  private relativeTo(path: string): string | undefined {
    if (path === this.root) return '';
    const prefix = this.root.endsWith('/') ? this.root : `${this.root}/`;
    return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
  }
}
