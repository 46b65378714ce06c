// Lambda code signing: a Signer profile and the code-signing config functions attach (see ADR 0041).
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as signer from 'aws-cdk-lib/aws-signer';
import { Construct } from 'constructs';

export type CodeSigningEnforcement = 'warn' | 'enforce';

export interface LambdaCodeSigningProps {
  /**
   * `enforce` rejects unsigned or foreign-signed code at CreateFunction/UpdateFunctionCode; `warn`
   * deploys it and records the violation (CloudTrail, CloudWatch). Use `enforce` only once the
   * pipeline signs every asset (docs/adr/0041-lambda-code-signing.md).
   */
  readonly enforcement: CodeSigningEnforcement;
  /** How long signatures stay valid. @default Duration.days(135) */
  readonly signatureValidity?: Duration;
}

export class LambdaCodeSigning extends Construct {
  public readonly signingProfile: signer.SigningProfile;
  public readonly codeSigningConfig: lambda.CodeSigningConfig;

  constructor(scope: Construct, id: string, props: LambdaCodeSigningProps) {
    super(scope, id);
    this.signingProfile = new signer.SigningProfile(this, 'Profile', {
      platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA,
      signatureValidity: props.signatureValidity ?? Duration.days(135),
    });
    this.codeSigningConfig = new lambda.CodeSigningConfig(this, 'Config', {
      signingProfiles: [this.signingProfile],
      untrustedArtifactOnDeployment:
        props.enforcement === 'enforce'
          ? lambda.UntrustedArtifactOnDeployment.ENFORCE
          : lambda.UntrustedArtifactOnDeployment.WARN,
      description: `Only code signed by the pipeline's Signer profile (${props.enforcement})`,
    });
  }
}
