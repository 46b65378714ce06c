// Session-token issue and verify throughput per core and verify p99, next to raw node:crypto Ed25519.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  generateSigningKeySet,
  parseSigningKeySet,
  parseVerificationKeySet,
  publicKeySetOf,
  randomTokenId,
  signSessionToken,
  verifySessionToken,
  type SessionTokenClaims,
} from '../../lambdas/shared/session-token';
import { percentile, round, summarize } from '../stats';
import type { SectionResult } from '../types';

const ISSUER = 'urn:livechat:livechat-bench:token-api';
const AUDIENCE = 'urn:livechat:livechat-bench:cell:eu-west-1';

function claims(now: number): SessionTokenClaims {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'bench-user-0001',
    tenant: 'acme',
    conversation: randomTokenId(),
    jti: randomTokenId(),
    iat: now,
    nbf: now,
    exp: now + 300,
  };
}

/** Operations per second of `op` run back to back for `ms` on this (single) thread. */
function opsPerSecond(op: (i: number) => void, ms: number): number {
  for (let i = 0; i < 200; i += 1) op(i); // warm-up: JIT and key caches
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    for (let k = 0; k < 100; k += 1) op(n + k);
    n += 100;
  }
  return n / ((performance.now() - start) / 1000);
}

export function benchTokens(options: { runs: number; msPerRun: number }): SectionResult {
  const keySet = generateSigningKeySet();
  const signingKey = parseSigningKeySet(JSON.stringify(keySet));
  const resolve = parseVerificationKeySet(JSON.stringify(publicKeySetOf(keySet)));
  const now = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: 1000 }, () => signSessionToken(claims(now), signingKey));
  const expect = { issuer: ISSUER, audience: AUDIENCE, nowSeconds: now };
  const raw = generateKeyPairSync('ed25519');
  const rawInput = Buffer.from(tokens[0].split('.').slice(0, 2).join('.'), 'ascii');
  const rawSignature = sign(null, rawInput, raw.privateKey);

  const issue: number[] = [];
  const check: number[] = [];
  const rawSign: number[] = [];
  const rawVerify: number[] = [];
  for (let r = 0; r < options.runs; r += 1) {
    issue.push(
      round(
        opsPerSecond(() => signSessionToken(claims(now), signingKey), options.msPerRun),
        0,
      ),
    );
    check.push(
      round(
        opsPerSecond((i) => {
          if (!verifySessionToken(tokens[i % tokens.length], resolve, expect).ok)
            throw new Error('verify failed');
        }, options.msPerRun),
        0,
      ),
    );
    rawSign.push(
      round(
        opsPerSecond(() => sign(null, rawInput, raw.privateKey), options.msPerRun),
        0,
      ),
    );
    rawVerify.push(
      round(
        opsPerSecond(() => verify(null, rawInput, raw.publicKey, rawSignature), options.msPerRun),
        0,
      ),
    );
  }

  // Latency distribution of single verifications (one thread, after warm-up).
  const latencies: number[] = [];
  for (let i = 0; i < 20_000; i += 1) {
    const t = performance.now();
    verifySessionToken(tokens[i % tokens.length], resolve, expect);
    latencies.push((performance.now() - t) * 1000);
  }
  latencies.sort((a, b) => a - b);
  const rawLatencies: number[] = [];
  for (let i = 0; i < 20_000; i += 1) {
    const t = performance.now();
    verify(null, rawInput, raw.publicKey, rawSignature);
    rawLatencies.push((performance.now() - t) * 1000);
  }
  rawLatencies.sort((a, b) => a - b);

  return {
    name: 'Session tokens (one core)',
    figures: [
      {
        id: 'tokens.issuePerSecond',
        label: 'token issue (sign) per second per core',
        unit: 'ops/s',
        value: summarize(issue),
        floor: { label: 'raw node:crypto Ed25519 sign', value: summarize(rawSign) },
        budget: { limit: 2000, direction: 'min', statistic: 'min' },
      },
      {
        id: 'tokens.verifyPerSecond',
        label: 'token verify per second per core',
        unit: 'ops/s',
        value: summarize(check),
        floor: { label: 'raw node:crypto Ed25519 verify', value: summarize(rawVerify) },
        budget: { limit: 2000, direction: 'min', statistic: 'min' },
      },
      {
        id: 'tokens.verifyP99Us',
        label: 'token verify p99 latency',
        unit: 'µs',
        value: summarize([round(percentile(latencies, 99), 1)]),
        floor: {
          label: 'raw Ed25519 verify p99',
          value: summarize([round(percentile(rawLatencies, 99), 1)]),
        },
        budget: { limit: 1000, direction: 'max', statistic: 'max' },
      },
    ],
  };
}
