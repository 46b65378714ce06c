// Fetching, caching key providers: the ALB's regional public-key endpoint and a Cognito user pool's JWKS.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Clock } from '../../shared/ports';
import type { AlbPublicKeyProvider, JwksKeyProvider } from './admin-identity-verifier';
import { KID_PATTERN } from './admin-identity-verifier';
import { TokenRejectedError } from './jws';

/** Minimal fetch signature so tests and the local runtime can inject their own transport. */
export type FetchText = (url: string) => Promise<{ status: number; text: string }>;

export const defaultFetchText: FetchText = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'error' });
  return { status: response.status, text: await response.text() };
};

/** ALB public keys by kid, fetched from `https://public-keys.auth.elb.<region>.amazonaws.com/<kid>` and cached. */
export class HttpAlbPublicKeyProvider implements AlbPublicKeyProvider {
  private readonly cache = new Map<string, KeyObject>();

  constructor(
    private readonly baseUrl: string,
    private readonly fetchText: FetchText = defaultFetchText,
  ) {}

  static forRegion(region: string, fetchText?: FetchText): HttpAlbPublicKeyProvider {
    return new HttpAlbPublicKeyProvider(`https://public-keys.auth.elb.${region}.amazonaws.com`, fetchText);
  }

  async getKey(kid: string): Promise<KeyObject> {
    if (!KID_PATTERN.test(kid)) throw new TokenRejectedError('key id is malformed');
    const cached = this.cache.get(kid);
    if (cached) return cached;
    const { status, text } = await this.fetchText(`${this.baseUrl}/${encodeURIComponent(kid)}`);
    if (status !== 200) throw new TokenRejectedError(`unknown ALB key id (HTTP ${status})`);
    const key = createPublicKey(text);
    this.cache.set(kid, key);
    return key;
  }
}

interface Jwk {
  readonly kid?: string;
  readonly kty?: string;
  readonly use?: string;
  readonly [name: string]: unknown;
}

/** A JWKS (Cognito's `/.well-known/jwks.json`) refreshed on an unknown kid at most once per `minRefreshMs`. */
export class HttpJwksKeyProvider implements JwksKeyProvider {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly jwksUrl: string,
    private readonly options: { fetchText?: FetchText; clock?: Clock; minRefreshMs?: number } = {},
  ) {}

  static forUserPool(region: string, userPoolId: string, fetchText?: FetchText): HttpJwksKeyProvider {
    return new HttpJwksKeyProvider(
      `https://cognito-idp.${region}.amazonaws.com/${userPoolId}/.well-known/jwks.json`,
      { fetchText },
    );
  }

  async getKey(kid: string): Promise<KeyObject> {
    const known = this.keys.get(kid);
    if (known) return known;
    const now = (this.options.clock ?? { now: () => Date.now() }).now();
    if (now - this.fetchedAt >= (this.options.minRefreshMs ?? 60_000)) {
      this.inFlight ??= this.refresh(now).finally(() => (this.inFlight = undefined));
      await this.inFlight;
    }
    const key = this.keys.get(kid);
    if (!key) throw new TokenRejectedError('unknown access token key id');
    return key;
  }

  private async refresh(now: number): Promise<void> {
    const { status, text } = await (this.options.fetchText ?? defaultFetchText)(this.jwksUrl);
    if (status !== 200) throw new TokenRejectedError(`JWKS unavailable (HTTP ${status})`);
    const body = JSON.parse(text) as { keys?: Jwk[] };
    const next = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (typeof jwk.kid !== 'string' || jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig'))
        continue;
      next.set(
        jwk.kid,
        createPublicKey({ key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' }),
      );
    }
    this.keys = next;
    this.fetchedAt = now;
  }
}
