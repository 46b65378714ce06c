// Signing-key rotation: key-set transitions, the four Secrets Manager steps (mocked SDK) and the revoke operation.
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { readKeySet, revokeKey, rotateKeySet } from '../../lambdas/signing-key-rotation/key-set-rotation';
import { SigningKeyRotation } from '../../lambdas/signing-key-rotation/rotate-signing-keys';
import { createRotationHandler } from '../../lambdas/signing-key-rotation/app';
import {
  SESSION_TOKEN_POLICY,
  generateSigningKeySet,
  parseSigningKeySet,
  parseVerificationKeySet,
  publicKeySetOf,
} from '../../lambdas/shared/session-token';
import { recordingLogger } from './support/fakes';

const SIGNING = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:signing-AbCdEf';
const VERIFY = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:verify-AbCdEf';
const NOW = new Date('2026-11-23T12:00:00Z');

describe('key-set transitions', () => {
  it('rotation adds a new active key and keeps the previous one verify-only', () => {
    const before = generateSigningKeySet(new Date('2026-10-24T00:00:00Z'));
    const after = rotateKeySet(before, NOW);
    expect(after.keys.map((k) => k.status)).toEqual(['active', 'verify-only']);
    expect(after.keys[1]).toMatchObject({ kid: before.keys[0]!.kid, retiredAt: NOW.toISOString() });
    expect(parseSigningKeySet(JSON.stringify(after)).kid).toBe(after.keys[0]!.kid);
  });

  it('rotation drops keys retired longer than the overlap retention', () => {
    const first = rotateKeySet(
      generateSigningKeySet(new Date('2026-09-01T00:00:00Z')),
      new Date('2026-10-01T00:00:00Z'),
    );
    const later = new Date(
      Date.parse('2026-10-01T00:00:00Z') + SESSION_TOKEN_POLICY.verifyOnlyRetentionSeconds * 1000 + 1,
    );
    const second = rotateKeySet(first, later);
    expect(second.keys.map((k) => k.kid)).toEqual([second.keys[0]!.kid, first.keys[0]!.kid]);
  });

  it('the verify-only overlap outlasts a token lifetime plus the verifier cache', () => {
    expect(SESSION_TOKEN_POLICY.verifyOnlyRetentionSeconds).toBeGreaterThan(
      SESSION_TOKEN_POLICY.lifetimeSeconds + SESSION_TOKEN_POLICY.verificationKeysTtlMs / 1000,
    );
  });

  it('revoking the active key marks it revoked and generates a new active key', () => {
    const set = generateSigningKeySet(NOW);
    const revoked = revokeKey(set, set.keys[0]!.kid, NOW);
    expect(revoked.keys.map((k) => k.status)).toEqual(['active', 'revoked']);
    expect(() => revokeKey(set, 'unknown', NOW)).toThrow('no key unknown');
  });

  it('a bootstrap secret reads as an empty set', () => {
    expect(readKeySet(JSON.stringify({ keys: [], bootstrap: 'x' }))).toEqual({ keys: [] });
  });
});

describe('Secrets Manager rotation steps', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());
  const rotation = () =>
    new SigningKeyRotation({
      client: new SecretsManagerClient({}),
      signingKeySecretId: SIGNING,
      verificationKeysSecretId: VERIFY,
      now: () => NOW,
    });
  const describeWith = (stages: Record<string, string[]>) =>
    sm.on(DescribeSecretCommand).resolves({ ARN: SIGNING, VersionIdsToStages: stages });

  it('createSecret stores a rotated set as AWSPENDING', async () => {
    const current = generateSigningKeySet(new Date('2026-10-24T00:00:00Z'));
    describeWith({ v1: ['AWSCURRENT'], tok: ['AWSPENDING'] });
    sm.on(GetSecretValueCommand, { SecretId: SIGNING, VersionStage: 'AWSPENDING', VersionId: 'tok' }).rejects(
      new ResourceNotFoundException({ message: 'none', $metadata: {} }),
    );
    sm.on(GetSecretValueCommand, { SecretId: SIGNING, VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: JSON.stringify(current),
    });
    await rotation().rotate({ SecretId: SIGNING, ClientRequestToken: 'tok', Step: 'createSecret' });
    const put = sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      SecretId: SIGNING,
      ClientRequestToken: 'tok',
      VersionStages: ['AWSPENDING'],
    });
    const stored = JSON.parse(put.SecretString!);
    expect(stored.keys.map((k: { status: string }) => k.status)).toEqual(['active', 'verify-only']);
  });

  it('setSecret publishes only the public keys of the pending set', async () => {
    const pending = rotateKeySet(generateSigningKeySet(NOW), NOW);
    describeWith({ v1: ['AWSCURRENT'], tok: ['AWSPENDING'] });
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(pending) });
    await rotation().rotate({ SecretId: SIGNING, ClientRequestToken: 'tok', Step: 'setSecret' });
    const put = sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input;
    expect(put.SecretId).toBe(VERIFY);
    expect(put.SecretString).not.toContain('"d"');
    expect(JSON.parse(put.SecretString!)).toEqual(publicKeySetOf(pending));
  });

  it('testSecret fails when the published set cannot verify the pending key', async () => {
    const pending = generateSigningKeySet(NOW);
    const unrelated = generateSigningKeySet(NOW);
    describeWith({ v1: ['AWSCURRENT'], tok: ['AWSPENDING'] });
    sm.on(GetSecretValueCommand, {
      SecretId: SIGNING,
      VersionStage: 'AWSPENDING',
      VersionId: 'tok',
    }).resolves({
      SecretString: JSON.stringify(pending),
    });
    sm.on(GetSecretValueCommand, { SecretId: VERIFY, VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: JSON.stringify(publicKeySetOf(unrelated)),
    });
    await expect(
      rotation().rotate({ SecretId: SIGNING, ClientRequestToken: 'tok', Step: 'testSecret' }),
    ).rejects.toThrow('unknown_kid');
    sm.on(GetSecretValueCommand, { SecretId: VERIFY, VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: JSON.stringify(publicKeySetOf(pending)),
    });
    await rotation().rotate({ SecretId: SIGNING, ClientRequestToken: 'tok', Step: 'testSecret' });
  });

  it('finishSecret moves AWSCURRENT to the new version', async () => {
    describeWith({ v1: ['AWSCURRENT'], tok: ['AWSPENDING'] });
    await rotation().rotate({ SecretId: SIGNING, ClientRequestToken: 'tok', Step: 'finishSecret' });
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]!.args[0].input).toEqual({
      SecretId: SIGNING,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'tok',
      RemoveFromVersionId: 'v1',
    });
  });

  it('refuses a rotation event for a secret it does not own, or a token that is not pending', async () => {
    sm.on(DescribeSecretCommand).resolves({ ARN: 'arn:other', VersionIdsToStages: { tok: ['AWSPENDING'] } });
    await expect(
      rotation().rotate({ SecretId: 'arn:other', ClientRequestToken: 'tok', Step: 'createSecret' }),
    ).rejects.toThrow('does not own');
    describeWith({ v1: ['AWSCURRENT'], tok: [] });
    await expect(
      rotation().rotate({ SecretId: SIGNING, ClientRequestToken: 'tok', Step: 'createSecret' }),
    ).rejects.toThrow('not pending');
  });

  it('revoke writes a new current version and republishes the public set with the key revoked', async () => {
    const current = generateSigningKeySet(NOW);
    const kid = current.keys[0]!.kid;
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(current) });
    const { logger } = recordingLogger();
    const handler = createRotationHandler({ rotation: rotation(), logger });
    await handler({ operation: 'revoke', kid }, {} as never);
    const [signingPut, publicPut] = sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input);
    expect(signingPut!.SecretId).toBe(SIGNING);
    expect(publicPut!.SecretId).toBe(VERIFY);
    const resolver = parseVerificationKeySet(publicPut!.SecretString!);
    expect(resolver(kid)?.status).toBe('revoked');
    expect(parseSigningKeySet(signingPut!.SecretString!).kid).not.toBe(kid);
  });

  it('the handler refuses an event that is neither a rotation step nor a revoke', async () => {
    const { logger } = recordingLogger();
    const handler = createRotationHandler({ rotation: rotation(), logger });
    await expect(handler({ operation: 'delete-everything' }, {} as never)).rejects.toThrow();
    expect(sm.calls()).toHaveLength(0);
  });
});
