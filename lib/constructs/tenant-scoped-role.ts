// The tenant-scoped role: assumed per tenant with a `tenant` session tag; IAM confines it to that tenant's keys.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';

/** The session tag callers set on AssumeRole (lambdas/shared/adapters/sts-tenant-credentials.ts). */
export const TENANT_TAG = 'tenant';
const TENANT = `\${aws:PrincipalTag/${TENANT_TAG}}`;

export interface TenantScopedRoleProps {
  /** The first role allowed to assume this one (the chat router's); add others with allowAssume(). */
  readonly assumedBy: iam.IRole;
  /** Tables whose items (`t#<tenant>#…`) the role reads and writes. */
  readonly readWriteTables: readonly dynamodb.ITableV2[];
  /** Tables where the role may only read the tenant's own root item (`t#<tenant>`) and its children. */
  readonly readOnlyTables: readonly dynamodb.ITableV2[];
  /** Bucket whose `t/<tenant>/` prefix the role may read. @default - no bucket access */
  readonly knowledgeBucket?: s3.IBucket;
  /** Customer-managed key of the tables and bucket. */
  readonly dataKey: kms.IKey;
}

/** The tenant-scoped role (implemented by `TenantScopedRole`): DynamoDB `t#<tenant>#…` and S3 `t/<tenant>/` only. */
export interface TenantScopedAccess {
  readonly role: iam.IRole;
  /** Trusts the grantee to assume the role with a `tenant` session tag. */
  allowAssume(grantee: iam.IRole): void;
}

/**
 * Every DynamoDB statement carries `dynamodb:LeadingKeys` = `t#${aws:PrincipalTag/tenant}#*`, and S3
 * statements the `t/${aws:PrincipalTag/tenant}/` prefix; a session without the tag matches nothing.
 */
export class TenantScopedRole extends Construct implements TenantScopedAccess {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TenantScopedRoleProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ArnPrincipal(props.assumedBy.roleArn).withSessionTags(),
      description: 'Per-tenant session role: DynamoDB leading keys and S3 prefix of the tagged tenant only',
      maxSessionDuration: Duration.hours(1),
    });
    this.grantAssumeTo(props.assumedBy);

    const tenantObjects = props.knowledgeBucket?.arnForObjects(`t/${TENANT}/*`);
    const tagPresent = { Null: { [`aws:PrincipalTag/${TENANT_TAG}`]: 'false' } };
    const policy = new iam.Policy(this, 'Policy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'TenantItemsReadWrite',
          actions: [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:ConditionCheckItem',
          ],
          resources: props.readWriteTables.map((t) => t.tableArn),
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`t#${TENANT}#*`] },
            ...tagPresent,
          },
        }),
        new iam.PolicyStatement({
          sid: 'TenantSettingsRead',
          actions: ['dynamodb:GetItem', 'dynamodb:Query'],
          resources: props.readOnlyTables.map((t) => t.tableArn),
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`t#${TENANT}`, `t#${TENANT}#*`] },
            ...tagPresent,
          },
        }),
        new iam.PolicyStatement({
          sid: 'DataKeyThroughDynamoDbAndS3',
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [props.dataKey.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': [`dynamodb.${region}.amazonaws.com`, `s3.${region}.amazonaws.com`],
            },
          },
        }),
        ...(props.knowledgeBucket
          ? [
              new iam.PolicyStatement({
                sid: 'TenantKnowledgeRead',
                actions: ['s3:GetObject'],
                resources: [tenantObjects!],
                conditions: tagPresent,
              }),
              new iam.PolicyStatement({
                sid: 'TenantKnowledgeList',
                actions: ['s3:ListBucket'],
                resources: [props.knowledgeBucket.bucketArn],
                conditions: { StringLike: { 's3:prefix': [`t/${TENANT}/*`] }, ...tagPresent },
              }),
            ]
          : []),
      ],
    });
    policy.attachToRole(this.role);
    if (tenantObjects) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(tenantObjects))}]`,
        reason: "The wildcard is the tagged tenant's own object prefix, which is the isolation itself.",
      });
    }
    for (const id of ['NIST.800.53.R5-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'])
      Validations.of(policy).acknowledge({
        id,
        reason: 'The tenant policy belongs to this one role and is versioned with it.',
      });
  }

  /** Lets another function's role assume this role with a `tenant` session tag (trust + identity policy). */
  public allowAssume(grantee: iam.IRole): void {
    this.role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(grantee.roleArn)],
        actions: ['sts:AssumeRole', 'sts:TagSession'],
      }),
    );
    this.grantAssumeTo(grantee);
  }

  /** Identity side: the grantee may assume the role only when it tags the session with a tenant. */
  private grantAssumeTo(grantee: iam.IRole): void {
    grantee.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [this.role.roleArn],
        conditions: {
          StringLike: { [`aws:RequestTag/${TENANT_TAG}`]: '?*' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] },
        },
      }),
    );
  }
}
