// KMS permissions for secrets whose key lives in another stack (the cell's data stack), granted on the principal.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * A reference to the data key for `Secret.encryptionKey`. Secrets Manager grants on a key object from
 * another stack would write the consumer's role into that stack's key policy (a dependency cycle);
 * with a reference, grants go on the consumer's own policy through `grantSecretKeyUse` instead.
 * The data key's policy trusts the account's IAM policies.
 */
export const secretKeyReference = (scope: Construct, id: string, key: kms.IKey): kms.IKey =>
  kms.Key.fromKeyArn(scope, id, key.keyArn);

/** Lets a principal use the key only through Secrets Manager in this region (kms:ViaService). */
export function grantSecretKeyUse(
  grantee: iam.IGrantable,
  key: kms.IKey,
  access: 'read' | 'readWrite',
): iam.Grant {
  const actions =
    access === 'read'
      ? ['kms:Decrypt']
      : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
  return iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [key.keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(key).region}.amazonaws.com` },
    },
  });
}
