// Key lifecycle end to end over an in-memory Secrets Manager: bootstrap, rotation with kid overlap, revocation.
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SigningKeyRotation } from '../../lambdas/signing-key-rotation/rotate-signing-keys';
import {
  parseSigningKeySet,
  parseVerificationKeySet,
  signSessionToken,
  verifySessionToken,
} from '../../lambdas/shared/session-token';
import { ISSUER, audienceOf, claims } from './support/token-kit';

const SIGNING = 'signing-key-set';
const VERIFY = 'verification-key-set';

/** Versions and staging labels of two secrets, as Secrets Manager keeps them. */
function inMemorySecretsManager() {
  const secrets = new Map<string, { versions: Map<string, string>; stages: Map<string, string> }>();
  let counter = 0;
  const secret = (id: string) => {
    if (!secrets.has(id)) secrets.set(id, { versions: new Map(), stages: new Map() });
    return secrets.get(id)!;
  };
  const put = (id: string, value: string, token = `v${++counter}`, stages = ['AWSCURRENT']) => {
    const s = secret(id);
    s.versions.set(token, value);
    for (const stage of stages) s.stages.set(stage, token);
  };
  const sm = mockClient(SecretsManagerClient);
  sm.on(DescribeSecretCommand).callsFake(({ SecretId }) => {
    const s = secret(SecretId);
    const versionStages: Record<string, string[]> = {};
    for (const [stage, version] of s.stages) (versionStages[version] ??= []).push(stage);
    return { ARN: SecretId, Name: SecretId, VersionIdsToStages: versionStages };
  });
  sm.on(GetSecretValueCommand).callsFake(({ SecretId, VersionId, VersionStage }) => {
    const s = secret(SecretId);
    const version = s.stages.get(VersionStage ?? 'AWSCURRENT');
    if (!version || (VersionId && VersionId !== version) || !s.versions.has(version)) {
      // A pending version has a label before createSecret stores its value, as in Secrets Manager.
      throw new ResourceNotFoundException({ message: 'no such version', $metadata: {} });
    }
    return { SecretString: s.versions.get(version) };
  });
  sm.on(PutSecretValueCommand).callsFake(({ SecretId, SecretString, ClientRequestToken, VersionStages }) => {
    put(SecretId, SecretString, ClientRequestToken, VersionStages ?? ['AWSCURRENT']);
    return {};
  });
  sm.on(UpdateSecretVersionStageCommand).callsFake(({ SecretId, VersionStage, MoveToVersionId }) => {
    const s = secret(SecretId);
    s.stages.set(VersionStage, MoveToVersionId);
    if (s.stages.get('AWSPENDING') === MoveToVersionId) s.stages.delete('AWSPENDING');
    return {};
  });
  const current = (id: string) => secret(id).versions.get(secret(id).stages.get('AWSCURRENT')!)!;
  return {
    sm,
    put,
    current,
    markPending: (id: string, token: string) => secret(id).stages.set('AWSPENDING', token),
  };
}

/** What Secrets Manager does on a scheduled rotation: a pending version id, then the four steps. */
async function rotateOnce(
  rotation: SigningKeyRotation,
  fake: ReturnType<typeof inMemorySecretsManager>,
  token: string,
) {
  fake.markPending(SIGNING, token);
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
    await rotation.rotate({ SecretId: SIGNING, ClientRequestToken: token, Step });
  }
}

describe('signing key lifecycle', () => {
  const fake = inMemorySecretsManager();
  afterAll(() => fake.sm.restore());
  let clock = new Date('2026-11-01T00:00:00Z');
  const rotation = new SigningKeyRotation({
    client: new SecretsManagerClient({}),
    signingKeySecretId: SIGNING,
    verificationKeysSecretId: VERIFY,
    now: () => clock,
  });
  const nowSeconds = () => Math.floor(clock.getTime() / 1000);
  const mint = () => {
    const now = nowSeconds();
    return signSessionToken(
      claims({ iat: now, nbf: now, exp: now + 300 }),
      parseSigningKeySet(fake.current(SIGNING)),
    );
  };
  const verify = (token: string) =>
    verifySessionToken(token, parseVerificationKeySet(fake.current(VERIFY)), {
      issuer: ISSUER,
      audience: audienceOf('eu-west-1'),
      nowSeconds: nowSeconds(),
    });

  it('the first rotation turns the bootstrap secrets into one active key', async () => {
    fake.put(SIGNING, JSON.stringify({ keys: [] }));
    fake.put(VERIFY, JSON.stringify({ keys: [] }));
    await rotateOnce(rotation, fake, 'rotation-1');
    expect(verify(mint()).ok).toBe(true);
  });

  it('a token minted just before a rotation still verifies after it (kid overlap)', async () => {
    const before = mint();
    clock = new Date(clock.getTime() + 60_000);
    await rotateOnce(rotation, fake, 'rotation-2');
    const after = mint();
    const [old, fresh] = [verify(before), verify(after)];
    expect([old.ok, fresh.ok]).toEqual([true, true]);
    expect(old.kid).not.toBe(fresh.kid);
  });

  it('revoking the active key refuses its tokens and issuance continues with a new key', async () => {
    const compromised = mint();
    const kid = (verify(compromised) as { kid: string }).kid;
    await rotation.revoke({ operation: 'revoke', kid });
    expect(verify(compromised)).toMatchObject({ ok: false, reason: 'revoked_kid' });
    expect(verify(mint())).toMatchObject({ ok: true });
  });
});
