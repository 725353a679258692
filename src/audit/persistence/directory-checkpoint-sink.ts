import { createReadStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CheckpointSink } from '../application/checkpoint-sink';
import type { SignedCheckpoint } from '../domain/checkpoint';

/** One NDJSON file in a directory, opened for appending only, each line synced to disk. */
export class DirectoryCheckpointSink extends CheckpointSink {
  private readonly file: string;

  constructor(private readonly dir: string) {
    super();
    this.file = join(dir, 'checkpoints.ndjson');
  }

  async append(checkpoint: SignedCheckpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.write(`${JSON.stringify(checkpoint)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  async *read(): AsyncIterable<{ line: number; value: unknown }> {
    const exists = await stat(this.file).then(
      () => true,
      () => false,
    );
    if (!exists) return;
    const lines = createInterface({
      input: createReadStream(this.file, 'utf8'),
      crlfDelay: Infinity,
    });
    let line = 0;
    for await (const text of lines) {
      line += 1;
      if (!text.trim()) continue;
      yield { line, value: parseOrNull(text) };
    }
  }

  where(): string {
    return this.file;
  }
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
