import { close, fstat, open, read } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CableInput } from '../application/cable-import.service';
import { MAX_CABLE_BYTES } from '../application/cable-text';

/** A file named on the command line or found in a folder, or why it cannot be taken. */
export interface FoundFile {
  path: string;
  error?: string;
}

export interface WalkStats {
  /** Files inside folders that are not `.txt` (a README beside the cables, say). */
  skipped: number;
}

/**
 * The files to read, lazily: a folder is walked one directory entry at a time (`opendir`), so a
 * folder of 600,000 cables costs no more memory than a folder of ten. Files named on the command
 * line are taken whatever their name; inside folders only `*.txt`, hidden entries skipped.
 */
export async function* walkCableFiles(
  inputs: readonly string[],
  stats: WalkStats = { skipped: 0 },
): AsyncGenerator<FoundFile> {
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      yield { path: input, error: describe(error) };
      continue;
    }
    if (info.isDirectory()) yield* walkFolder(input, stats);
    else if (info.isFile()) yield { path: input };
    else yield { path: input, error: 'not a file or a folder' };
  }
}

async function* walkFolder(folder: string, stats: WalkStats): AsyncGenerator<FoundFile> {
  let dir;
  try {
    dir = await opendir(folder);
  } catch (error) {
    yield { path: folder, error: describe(error) };
    return;
  }
  for await (const entry of dir) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walkFolder(path, stats);
    else if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    else if (/\.txt$/i.test(entry.name)) yield { path };
    else stats.skipped++;
  }
}

/** How many files the walk will give: a second, cheap pass for the progress bar's ETA. */
export async function countCableFiles(inputs: readonly string[]): Promise<number> {
  let n = 0;
  for await (const _ of walkCableFiles(inputs)) n++;
  return n;
}

/**
 * Reads the files in walk order with a few reads in flight, so a cold disk keeps up with the
 * parser, and the event loop turns between files, so the batch in flight goes out on the socket
 * and the database's answer comes in while the next batch is parsed. Plain callbacks rather than
 * `fs/promises`: the same open/fstat/read/close for a third of the CPU. Only the files in flight
 * are in memory; a file too large to be a cable is refused unread.
 */
export async function* readCableFiles(
  found: AsyncIterable<FoundFile>,
  inFlight = 8,
): AsyncGenerator<CableInput> {
  const queue: Promise<CableInput>[] = [];
  for await (const file of found) {
    queue.push(readOne(file));
    if (queue.length >= inFlight) yield await queue.shift()!;
  }
  while (queue.length > 0) yield await queue.shift()!;
}

/** Never rejects: an unreadable file is a result, reported against its name. */
function readOne(file: FoundFile): Promise<CableInput> {
  const name = file.path;
  if (file.error !== undefined) return Promise.resolve({ name, error: file.error });
  return new Promise((resolve) => {
    const fail = (error: unknown) => resolve({ name, error: describe(error) });
    open(name, 'r', (openError, fd) => {
      if (openError) return fail(openError);
      const done = (input: CableInput) => close(fd, () => resolve(input));
      fstat(fd, (statError, info) => {
        if (statError) return done({ name, error: describe(statError) });
        if (!info.isFile()) return done({ name, error: 'not a file' });
        if (info.size > MAX_CABLE_BYTES) {
          return done({
            name,
            error: `the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; a cable export is at most a few hundred KB, and declass takes files up to ${MAX_CABLE_BYTES / 1024 / 1024} MB`,
          });
        }
        const bytes = Buffer.allocUnsafe(info.size);
        const readFrom = (offset: number): void => {
          if (offset === info.size) return done({ name, bytes });
          read(fd, bytes, offset, info.size - offset, offset, (readError, got) => {
            if (readError) return done({ name, error: describe(readError) });
            // A file that shrank while being read is taken as it now is.
            if (got === 0) return done({ name, bytes: bytes.subarray(0, offset) });
            readFrom(offset + got);
          });
        };
        readFrom(0);
      });
    });
  });
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}
