// A faithful in-memory Secrets Manager over AWS JSON 1.1: secrets, versions and staging labels (for rotation).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { AwsServiceError, createAwsJsonServer, requireString } from './aws-json-protocol';

interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  readonly secretBinary?: string;
  readonly createdDate: number;
  stages: Set<string>;
}

interface Secret {
  readonly name: string;
  readonly arn: string;
  readonly createdDate: number;
  description?: string;
  readonly versions: Map<string, SecretVersion>;
}

export interface SecretsManagerFakeOptions {
  readonly region: string;
  readonly accountId: string;
  readonly onRequest?: (operation: string, status: number, error?: string) => void;
}

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';
const epochSeconds = (ms: number) => ms / 1000;

/** Secret store addressed by name or ARN, as the real service is. */
export class SecretsManagerFake {
  private readonly secrets = new Map<string, Secret>();

  constructor(private readonly options: SecretsManagerFakeOptions) {}

  /** Creates the secret, or stores a new AWSCURRENT version when it exists; returns its ARN. */
  putSecret(name: string, value: string): string {
    const existing = this.secrets.get(name);
    if (existing) {
      this.putSecretValue({ SecretId: name, SecretString: value });
      return existing.arn;
    }
    return (this.createSecret({ Name: name, SecretString: value }) as { ARN: string }).ARN;
  }

  createServer(): Server {
    return createAwsJsonServer({
      targetPrefix: 'secretsmanager',
      contentType: 'application/x-amz-json-1.1',
      onRequest: this.options.onRequest,
      operations: {
        CreateSecret: (i) => this.createSecret(i),
        GetSecretValue: (i) => this.getSecretValue(i),
        PutSecretValue: (i) => this.putSecretValue(i),
        DescribeSecret: (i) => this.describeSecret(i),
        UpdateSecretVersionStage: (i) => this.updateSecretVersionStage(i),
        ListSecrets: () => ({ SecretList: [...this.secrets.values()].map((s) => this.describe(s)) }),
        DeleteSecret: (i) => this.deleteSecret(i),
      },
    });
  }

  private createSecret(input: Record<string, unknown>): unknown {
    const name = requireString(input, 'Name');
    if (this.secrets.has(name))
      throw new AwsServiceError('ResourceExistsException', `Secret ${name} already exists`);
    const suffix = randomBytes(3).toString('hex');
    const { region, accountId } = this.options;
    const secret: Secret = {
      name,
      arn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`,
      createdDate: Date.now(),
      description: typeof input.Description === 'string' ? input.Description : undefined,
      versions: new Map(),
    };
    this.secrets.set(name, secret);
    let versionId: string | undefined;
    if (input.SecretString !== undefined || input.SecretBinary !== undefined) {
      versionId = this.addVersion(secret, input, [CURRENT]).versionId;
    }
    return { ARN: secret.arn, Name: name, VersionId: versionId };
  }

  private getSecretValue(input: Record<string, unknown>): unknown {
    const secret = this.find(requireString(input, 'SecretId'));
    const version = this.selectVersion(secret, input.VersionId, input.VersionStage ?? CURRENT);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      SecretString: version.secretString,
      SecretBinary: version.secretBinary,
      VersionStages: [...version.stages],
      CreatedDate: epochSeconds(version.createdDate),
    };
  }

  private putSecretValue(input: Record<string, unknown>): unknown {
    const secret = this.find(requireString(input, 'SecretId'));
    const stages = Array.isArray(input.VersionStages) ? (input.VersionStages as string[]) : [CURRENT];
    const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
    const existing = token ? secret.versions.get(token) : undefined;
    if (existing) {
      if (existing.secretString !== input.SecretString) {
        throw new AwsServiceError(
          'ResourceExistsException',
          `Version ${token} exists with a different value`,
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: existing.versionId,
        VersionStages: [...existing.stages],
      };
    }
    const version = this.addVersion(secret, input, stages);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      VersionStages: [...version.stages],
    };
  }

  private describeSecret(input: Record<string, unknown>): unknown {
    return this.describe(this.find(requireString(input, 'SecretId')));
  }

  private updateSecretVersionStage(input: Record<string, unknown>): unknown {
    const secret = this.find(requireString(input, 'SecretId'));
    const stage = requireString(input, 'VersionStage');
    const moveTo = typeof input.MoveToVersionId === 'string' ? input.MoveToVersionId : undefined;
    const removeFrom = typeof input.RemoveFromVersionId === 'string' ? input.RemoveFromVersionId : undefined;
    const holder = [...secret.versions.values()].find((v) => v.stages.has(stage));
    if (holder && holder.versionId !== removeFrom && moveTo && holder.versionId !== moveTo) {
      throw new AwsServiceError('InvalidParameterException', `${stage} is attached to ${holder.versionId}`);
    }
    if (removeFrom) this.versionOf(secret, removeFrom).stages.delete(stage);
    if (moveTo) {
      const target = this.versionOf(secret, moveTo);
      this.attachStages(secret, target, [stage]);
      // Moving AWSCURRENT hands AWSPREVIOUS to the version that held it.
      if (stage === CURRENT && holder && holder !== target) {
        for (const v of secret.versions.values()) v.stages.delete(PREVIOUS);
        holder.stages.add(PREVIOUS);
      }
    }
    return { ARN: secret.arn, Name: secret.name };
  }

  private deleteSecret(input: Record<string, unknown>): unknown {
    const secret = this.find(requireString(input, 'SecretId'));
    this.secrets.delete(secret.name);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(Date.now()) };
  }

  private describe(secret: Secret): unknown {
    const stages: Record<string, string[]> = {};
    for (const v of secret.versions.values()) if (v.stages.size > 0) stages[v.versionId] = [...v.stages];
    return {
      ARN: secret.arn,
      Name: secret.name,
      Description: secret.description,
      CreatedDate: epochSeconds(secret.createdDate),
      VersionIdsToStages: stages,
    };
  }

  private addVersion(secret: Secret, input: Record<string, unknown>, stages: string[]): SecretVersion {
    if (typeof input.SecretString !== 'string' && typeof input.SecretBinary !== 'string') {
      throw new AwsServiceError('InvalidParameterException', 'SecretString or SecretBinary is required');
    }
    const versionId = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    const version: SecretVersion = {
      versionId,
      secretString: typeof input.SecretString === 'string' ? input.SecretString : undefined,
      secretBinary: typeof input.SecretBinary === 'string' ? input.SecretBinary : undefined,
      createdDate: Date.now(),
      stages: new Set(),
    };
    secret.versions.set(versionId, version);
    this.attachStages(secret, version, stages);
    return version;
  }

  /** Moves labels onto a version; moving AWSCURRENT leaves AWSPREVIOUS on the version that held it. */
  private attachStages(secret: Secret, version: SecretVersion, stages: string[]): void {
    for (const stage of stages) {
      for (const other of secret.versions.values()) {
        if (other === version || !other.stages.has(stage)) continue;
        other.stages.delete(stage);
        if (stage === CURRENT) {
          for (const v of secret.versions.values()) v.stages.delete(PREVIOUS);
          other.stages.add(PREVIOUS);
        }
      }
      version.stages.add(stage);
    }
  }

  private selectVersion(secret: Secret, versionId: unknown, stage: unknown): SecretVersion {
    if (typeof versionId === 'string') return this.versionOf(secret, versionId);
    const match = [...secret.versions.values()].find((v) => v.stages.has(String(stage)));
    if (!match) {
      throw new AwsServiceError(
        'ResourceNotFoundException',
        `Secret ${secret.name} has no version in stage ${stage}`,
      );
    }
    return match;
  }

  private versionOf(secret: Secret, versionId: string): SecretVersion {
    const version = secret.versions.get(versionId);
    if (!version) throw new AwsServiceError('ResourceNotFoundException', `Version ${versionId} not found`);
    return version;
  }

  private find(secretId: string): Secret {
    const secret =
      this.secrets.get(secretId) ??
      [...this.secrets.values()].find((s) => s.arn === secretId || s.arn.startsWith(`${secretId}-`));
    if (!secret) {
      throw new AwsServiceError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    return secret;
  }
}
