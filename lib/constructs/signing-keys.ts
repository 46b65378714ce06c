// Per-cell session-token key material: the private signing key set, its public half, and their rotation.
import { Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV, FUNCTIONS } from '../../lambdas/shared/definitions';
import { ChatFunction } from './chat-function';
import { acknowledgeChatFunctionBaseline } from './function-nag-acknowledgements';
import { grantSecretKeyUse, secretKeyReference } from './secret-key-grants';

export interface SigningKeysProps {
  /** VPC of the rotation function. */
  readonly vpc: ec2.IVpc;
  /** The cell's data key: encrypts both secrets. */
  readonly dataKey: kms.IKey;
  /** Key of the rotation function's log group. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** Removal policy of the secrets and the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Days between scheduled rotations. @default 30 */
  readonly rotationDays?: number;
}

/** `{"keys":[]}`: what both secrets hold until the first rotation (run at creation) fills them. */
const EMPTY_KEY_SET = JSON.stringify({ keys: [] });

/**
 * Two secrets encrypted with the cell's data key: the signing key set (private keys, read only by the
 * token issuer and the rotation function) and the verification key set (public keys, read by the
 * authorizer). A Secrets Manager schedule runs the rotation function, which also publishes the
 * public set; it rotates once immediately at creation, so the cell never signs with a bootstrap value.
 */
export class SigningKeys extends Construct {
  public readonly signingKeySecret: secretsmanager.Secret;
  public readonly verificationKeysSecret: secretsmanager.Secret;
  public readonly rotationFunction: ChatFunction;
  /** The data key as the secrets reference it; give readers `grantSecretKeyUse(fn, encryptionKey, 'read')`. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: SigningKeysProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const encryptionKey = secretKeyReference(this, 'DataKey', props.dataKey);
    this.encryptionKey = encryptionKey;

    this.signingKeySecret = new secretsmanager.Secret(this, 'SigningKeySet', {
      description: 'Session-token Ed25519 signing key set (private; token issuer and rotation only)',
      encryptionKey,
      secretStringValue: SecretValue.unsafePlainText(EMPTY_KEY_SET),
      removalPolicy,
    });
    this.verificationKeysSecret = new secretsmanager.Secret(this, 'VerificationKeySet', {
      description: 'Session-token public verification key set (authorizer), written by the rotation',
      encryptionKey,
      secretStringValue: SecretValue.unsafePlainText(EMPTY_KEY_SET),
      removalPolicy,
    });

    this.rotationFunction = new ChatFunction(this, 'Rotation', {
      definition: FUNCTIONS.signingKeyRotation,
      vpc: props.vpc,
      logKey: props.logKey,
      logRetention: props.logRetention,
      removalPolicy,
      // Talks to Secrets Manager only, through the VPC's interface endpoint.
      internetEgress: false,
      reservedConcurrentExecutions: 1,
    });
    this.rotationFunction.addEnvironment(ENV.signingKeySecretId, this.signingKeySecret.secretArn);
    this.rotationFunction.bindSecret(ENV.verificationKeysSecretId, this.verificationKeysSecret);
    this.verificationKeysSecret.grantWrite(this.rotationFunction.function);
    grantSecretKeyUse(this.rotationFunction.function, encryptionKey, 'readWrite');

    // Grants the function read/write on the signing secret (and its key) and lets Secrets Manager invoke it.
    this.signingKeySecret.addRotationSchedule('Schedule', {
      rotationLambda: this.rotationFunction.function,
      automaticallyAfter: Duration.days(props.rotationDays ?? 30),
      rotateImmediatelyOnUpdate: true,
    });

    acknowledgeChatFunctionBaseline(this.rotationFunction, {
      invokedBy: 'Secrets Manager rotation and the operator revoke call',
      kmsTableGrant: true,
      reservedConcurrency: true,
    });
    const derived =
      'Derived data: the rotation of the signing key set rewrites it, so it has no schedule of its own.';
    Validations.of(this.verificationKeysSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: derived,
    });
    Validations.of(this.verificationKeysSecret).acknowledge({
      id: 'NIST.800.53.R5::NIST.800.53.R5-SecretsManagerRotationEnabled',
      reason: derived,
    });
  }
}
