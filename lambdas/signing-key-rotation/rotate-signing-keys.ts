// (rotation/revoke event) --> use case: Secrets Manager's four rotation steps and the revoke operation.
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  parseSigningKeySet,
  parseVerificationKeySet,
  publicKeySetOf,
  randomTokenId,
  signSessionToken,
  verifySessionToken,
} from '../shared/session-token';
import { readKeySet, revokeKey, rotateKeySet } from './key-set-rotation';

export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

/** Operator-invoked: `aws lambda invoke --payload '{"operation":"revoke","kid":"…"}'`. */
export interface RevokeEvent {
  readonly operation: 'revoke';
  readonly kid: string;
}

export interface SigningKeyRotationDeps {
  readonly client: SecretsManagerClient;
  /** The signing key secret (revoke operates on it; rotation events name it themselves). */
  readonly signingKeySecretId: string;
  /** The public key-set secret the authorizers read. */
  readonly verificationKeysSecretId: string;
  readonly now?: () => Date;
}

export class SigningKeyRotation {
  constructor(private readonly deps: SigningKeyRotationDeps) {}

  private get now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async rotate(event: RotationEvent): Promise<void> {
    const { client } = this.deps;
    const described = await client.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
    if (described.ARN !== this.deps.signingKeySecretId && described.Name !== this.deps.signingKeySecretId) {
      throw new Error('rotation event names a secret this function does not own');
    }
    const stages = described.VersionIdsToStages?.[event.ClientRequestToken];
    if (!stages) throw new Error('rotation token is not a version of the secret');
    if (stages.includes('AWSCURRENT')) return;
    if (!stages.includes('AWSPENDING')) throw new Error('rotation token is not pending');

    switch (event.Step) {
      case 'createSecret':
        return this.createSecret(event);
      case 'setSecret':
        return this.publish(await this.pendingValue(event));
      case 'testSecret':
        return this.testSecret(event);
      case 'finishSecret':
        return this.finishSecret(event, described.VersionIdsToStages ?? {});
      default:
        throw new Error('unknown rotation step');
    }
  }

  /** Revokes a key now: a new signing-secret version (AWSCURRENT) and the republished public set. */
  async revoke(event: RevokeEvent): Promise<void> {
    const current = await this.value(this.deps.signingKeySecretId, 'AWSCURRENT');
    const next = JSON.stringify(revokeKey(readKeySet(current), event.kid, this.now));
    await this.deps.client.send(
      new PutSecretValueCommand({ SecretId: this.deps.signingKeySecretId, SecretString: next }),
    );
    await this.publish(next);
  }

  private async createSecret(event: RotationEvent): Promise<void> {
    try {
      await this.pendingValue(event);
      return; // already created by an earlier attempt of this rotation
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    }
    const current = await this.value(event.SecretId, 'AWSCURRENT');
    await this.deps.client.send(
      new PutSecretValueCommand({
        SecretId: event.SecretId,
        ClientRequestToken: event.ClientRequestToken,
        SecretString: JSON.stringify(rotateKeySet(readKeySet(current), this.now)),
        VersionStages: ['AWSPENDING'],
      }),
    );
  }

  /** Publishes the public half before the new key signs anything (setSecret precedes finishSecret). */
  private async publish(signingSetJson: string): Promise<void> {
    await this.deps.client.send(
      new PutSecretValueCommand({
        SecretId: this.deps.verificationKeysSecretId,
        SecretString: JSON.stringify(publicKeySetOf(readKeySet(signingSetJson))),
      }),
    );
  }

  /** The pending active key must sign a token that the published public set verifies. */
  private async testSecret(event: RotationEvent): Promise<void> {
    const signingKey = parseSigningKeySet(await this.pendingValue(event));
    const published = parseVerificationKeySet(
      await this.value(this.deps.verificationKeysSecretId, 'AWSCURRENT'),
    );
    const iat = Math.floor(this.now.getTime() / 1000);
    const claims = {
      iss: 'urn:rotation-test',
      aud: 'urn:rotation-test',
      sub: 'rotation-test',
      tenant: 'rotation-test',
      conversation: 'rotation-test',
      jti: randomTokenId(),
      iat,
      nbf: iat,
      exp: iat + 60,
    };
    const result = verifySessionToken(signSessionToken(claims, signingKey), published, {
      issuer: claims.iss,
      audience: claims.aud,
      nowSeconds: iat,
    });
    if (!result.ok) throw new Error(`pending key set failed its test: ${result.reason}`);
  }

  private async finishSecret(event: RotationEvent, versions: Record<string, string[]>): Promise<void> {
    const currentVersion = Object.entries(versions).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
    await this.deps.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: event.SecretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: event.ClientRequestToken,
        RemoveFromVersionId: currentVersion,
      }),
    );
  }

  private pendingValue(event: RotationEvent): Promise<string> {
    return this.value(event.SecretId, 'AWSPENDING', event.ClientRequestToken);
  }

  private async value(secretId: string, stage: string, versionId?: string): Promise<string> {
    const out = await this.deps.client.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }),
    );
    if (typeof out.SecretString !== 'string') throw new Error('secret has no string value');
    return out.SecretString;
  }
}
