// The tar side of the archive backend: Docker's archive API answers with a tar stream of
// the path it is asked for and extracts a tar stream into a folder.
import { buffer } from 'node:stream/consumers';
import * as tar from 'tar-stream';

export interface TarEntryHeader {
  /** The entry's name with any trailing slash removed, for example `home/x` or `x`. */
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
}

function headerOf(header: tar.Header): TarEntryHeader {
  return {
    name: header.name.replace(/\/+$/, ''),
    type: header.type ?? 'file',
    mode: header.mode ?? 0o644,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
  };
}

/**
 * Visits the entries of an archive in order; the visitor answers false to stop early, in
 * which case the rest of the archive is not transferred. `content` is only read on demand.
 */
export async function visitEntries(
  archive: NodeJS.ReadableStream,
  visit: (header: TarEntryHeader, content: () => Promise<Buffer>) => Promise<boolean>,
): Promise<void> {
  const extract = tar.extract();
  archive.pipe(extract);
  try {
    for await (const entry of extract) {
      let read: Promise<Buffer> | undefined;
      const content = (): Promise<Buffer> => (read ??= buffer(entry));
      const more = await visit(headerOf(entry.header), content);
      if (!more) return;
      if (read === undefined) entry.resume();
      else await read;
    }
  } finally {
    archive.unpipe(extract);
    (archive as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}

export interface ArchiveFile {
  name: string;
  content: Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
}

/** A tar archive of regular files, as putArchive and image builds expect one. */
export async function archiveOf(files: ArchiveFile[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { content, ...header } of files) {
    pack.entry({ ...header, type: 'file', size: content.length, mtime: new Date() }, content);
  }
  pack.finalize();
  return buffer(pack);
}

/** A tar archive holding one file, with the owner and mode it must keep. */
export function singleFileArchive(
  name: string,
  content: Buffer,
  owner: { mode: number; uid: number; gid: number },
): Promise<Buffer> {
  return archiveOf([{ name, content, ...owner }]);
}
