// Pure key-set transitions: rotate (new active key, previous kept verify-only for overlap) and revoke.
import {
  SESSION_TOKEN_POLICY,
  generateSigningKeyEntry,
  type SigningKeyEntry,
  type SigningKeySetDocument,
} from '../shared/session-token';

const retiredLongAgo = (entry: SigningKeyEntry, now: Date): boolean =>
  entry.status !== 'active' &&
  entry.retiredAt !== undefined &&
  now.getTime() - Date.parse(entry.retiredAt) > SESSION_TOKEN_POLICY.verifyOnlyRetentionSeconds * 1000;

/**
 * A new active key; the previous active keys become verify-only (tokens they signed stay valid for
 * their few minutes); verify-only and revoked keys retired longer than the retention are dropped.
 */
export function rotateKeySet(current: SigningKeySetDocument, now: Date = new Date()): SigningKeySetDocument {
  const kept = current.keys
    .map((entry) =>
      entry.status === 'active'
        ? { ...entry, status: 'verify-only' as const, retiredAt: now.toISOString() }
        : entry,
    )
    .filter((entry) => !retiredLongAgo(entry, now));
  return { keys: [generateSigningKeyEntry(now), ...kept] };
}

export class UnknownKeyError extends Error {}

/**
 * Marks a key revoked: verifiers refuse its tokens once their key cache expires. When the revoked key
 * was the active one, a new active key is generated so issuance continues.
 */
export function revokeKey(
  current: SigningKeySetDocument,
  kid: string,
  now: Date = new Date(),
): SigningKeySetDocument {
  if (!current.keys.some((entry) => entry.kid === kid)) throw new UnknownKeyError(`no key ${kid} in the set`);
  const keys = current.keys.map((entry) =>
    entry.kid === kid ? { ...entry, status: 'revoked' as const, retiredAt: now.toISOString() } : entry,
  );
  const hasActive = keys.some((entry) => entry.status === 'active');
  return { keys: hasActive ? keys : [generateSigningKeyEntry(now), ...keys] };
}

/** Reads a stored key set; a bootstrap secret (`{"keys":[]}` plus a filler field) reads as empty. */
export function readKeySet(json: string): SigningKeySetDocument {
  const doc = JSON.parse(json) as { keys?: unknown };
  if (!Array.isArray(doc.keys)) throw new Error('signing key secret has no keys array');
  return { keys: doc.keys as SigningKeyEntry[] };
}
