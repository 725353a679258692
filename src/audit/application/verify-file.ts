import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ChainVerifier, type ChainedEvent, type VerifyReport } from '../domain/audit-verifier';

async function* events(path: string): AsyncGenerator<ChainedEvent> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as ChainedEvent;
    } catch {
      throw new Error(
        `${path}: line ${n} is not JSON; is this an NDJSON export of /api/audit/events?`,
      );
    }
  }
}

/**
 * Verifies an NDJSON export without a database, in two streaming passes: the chains first, then
 * the events the export's anchors vouch for. An export may be filtered, so a chain may start
 * part-way; `complete` says the export holds the whole trail and every chain must start at its
 * first event.
 */
export async function verifyExportFile(path: string, complete = false): Promise<VerifyReport> {
  const verifier = new ChainVerifier({ partial: !complete });
  for await (const e of events(path)) verifier.add(e);
  const anchored = new Map(verifier.anchoredHeads().map((h) => [h.seq, h]));
  if (anchored.size > 0 && verifier.report().ok) {
    const seen = new Set<string>();
    for await (const e of events(path)) {
      const head = anchored.get(e.seq);
      if (!head) continue;
      seen.add(e.seq);
      if (e.hash !== head.hash || e.chainKey !== head.chainKey) verifier.anchorMismatch(head, e);
    }
    // Anchors may name events outside a filtered export; only a complete one must hold them all.
    if (complete)
      for (const [seq, head] of anchored)
        if (!seen.has(seq)) verifier.anchorMismatch(head, undefined);
  }
  return verifier.report();
}
