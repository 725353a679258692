import type { SignedCheckpoint } from '../domain/checkpoint';

/**
 * Where signed checkpoints are kept: outside the database, append-only. A directory on the
 * worker's machine by default; object storage with a retention lock fits the same shape.
 */
export abstract class CheckpointSink {
  /** Adds one checkpoint after the others; resolves once it is durable. */
  abstract append(checkpoint: SignedCheckpoint): Promise<void>;
  /** Every stored entry in the order written, parsed; `value` is null for a line that is not JSON. */
  abstract read(): AsyncIterable<{ line: number; value: unknown }>;
  /** Where the checkpoints are, for messages. */
  abstract where(): string;
}
