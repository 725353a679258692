import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './audit-hash';
import type { AnchorHead } from './audit-verifier';

/**
 * A signed copy of one anchor, kept outside the database. Whoever can rewrite the database can
 * rewrite a chain and the anchors that vouch for it, since the hashes take no key; they cannot
 * sign a checkpoint, because the key is not in the database. Verification holds the database to
 * every checkpoint: the anchor it copies and every chain head it lists must still be there,
 * unchanged, so deleting the newest events, truncating the trail or rewriting it with its
 * anchors shows.
 */
export interface Checkpoint {
  /** The anchor event copied: its place and hash in the trail. */
  anchorSeq: string;
  anchorHash: string;
  anchoredAt: string;
  /** The chain heads the anchor lists. */
  heads: AnchorHead[];
}

export interface SignedCheckpoint extends Checkpoint {
  /** Names the key (a digest of it, not the key), so a checkpoint signed with another shows. */
  keyId: string;
  /** HMAC-SHA256 of the checkpoint's canonical JSON, hex. */
  mac: string;
}

/** The signing key: AUDIT_CHECKPOINT_KEY, or one derived from the token secret. */
export function checkpointKey(config: {
  auditCheckpointKey: string | null;
  jwtSecret: string;
}): Buffer {
  return config.auditCheckpointKey !== null
    ? Buffer.from(config.auditCheckpointKey, 'utf8')
    : createHmac('sha256', config.jwtSecret).update('declass audit checkpoint').digest();
}

export const keyIdOf = (key: Buffer) =>
  createHash('sha256').update('key id').update(key).digest('hex').slice(0, 16);

function macOf(checkpoint: Checkpoint, key: Buffer): string {
  const { anchorSeq, anchorHash, anchoredAt, heads } = checkpoint;
  return createHmac('sha256', key)
    .update(canonicalJson({ anchorSeq, anchorHash, anchoredAt, heads }))
    .digest('hex');
}

export function signCheckpoint(checkpoint: Checkpoint, key: Buffer): SignedCheckpoint {
  return { ...checkpoint, keyId: keyIdOf(key), mac: macOf(checkpoint, key) };
}

/** Why a stored line is not a checkpoint signed with `key`, or null when it is one. */
export function checkpointProblem(line: unknown, key: Buffer): string | null {
  const c = line as Partial<SignedCheckpoint> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    typeof c.anchorSeq !== 'string' ||
    typeof c.anchorHash !== 'string' ||
    typeof c.anchoredAt !== 'string' ||
    !Array.isArray(c.heads) ||
    typeof c.keyId !== 'string' ||
    typeof c.mac !== 'string'
  )
    return 'it is not a checkpoint';
  if (c.keyId !== keyIdOf(key))
    return `it is signed with another key (id ${c.keyId}); verify with the key that signed it`;
  const expected = Buffer.from(macOf(c as Checkpoint, key), 'hex');
  const given = Buffer.from(c.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'its signature does not match its content: it was altered or forged';
  return null;
}
