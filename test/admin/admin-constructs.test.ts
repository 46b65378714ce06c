// Infra assertions on the admin constructs' security properties, one test per property, plus cdk-nag cleanliness.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { adminStack } from './support/admin-stack';
import { addNagPlugins, synthFindings } from '../support/nag-findings';

let template: Template;
let stack: ReturnType<typeof adminStack>;

beforeAll(() => {
  stack = adminStack();
  template = Template.fromStack(stack.stack);
});

const ref = (construct: { node: { defaultChild?: unknown } }) =>
  stack.stack.getLogicalId(construct.node.defaultChild as import('aws-cdk-lib').CfnElement);

function rolePolicyStatements(): Array<Record<string, any>> {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: Record<string, any>): string[] => [statement.Action].flat();
const mentions = (statement: Record<string, any>, logicalId: string) =>
  JSON.stringify(statement.Resource).includes(logicalId);

describe('admin identity (Cognito)', () => {
  it('requires TOTP MFA and offers no SMS or email factor', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('disables self sign-up', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
    });
  });

  it('enforces a password policy of at least 14 characters with every character class', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  it('uses the Plus feature plan with advanced security ENFORCED', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: Match.objectLike({ AdvancedSecurityMode: 'ENFORCED' }),
    });
  });

  it('creates the platform-admins group and the tenant admin groups', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'platform-admins' });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'tenant-admins-tenant-a' });
  });

  it('gives the ALB a confidential code-flow client limited to the Cognito directory', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [
        'https://static.example.com/oauth2/idpresponse',
        'https://admin.eu-west-1.example.com:8443/oauth2/idpresponse',
      ],
      PreventUserExistenceErrors: 'ENABLED',
    });
  });
});

describe('admin listener', () => {
  it('is its own HTTPS listener on 8443 with a TLS 1.2+ policy, separate from the partner mTLS listener', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 8443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      MutualAuthentication: Match.absent(),
    });
  });

  it('answers unmatched paths with a fixed 404 instead of reaching the Lambda', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 8443,
      DefaultActions: [
        Match.objectLike({
          Type: 'fixed-response',
          FixedResponseConfig: Match.objectLike({ StatusCode: '404' }),
        }),
      ],
    });
  });

  it('authenticates /admin/v1/* with Cognito before forwarding, denying requests without a session', () => {
    const rules = template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Properties: {
        Conditions: [
          Match.objectLike({ Field: 'path-pattern', PathPatternConfig: { Values: ['/admin/v1/*'] } }),
        ],
      },
    });
    const [rule] = Object.values(rules) as any[];
    const actions = [...rule.Properties.Actions].sort((a: any, b: any) => a.Order - b.Order);
    expect(actions.map((a: any) => a.Type)).toEqual(['authenticate-cognito', 'forward']);
    expect(actions[0].AuthenticateCognitoConfig).toMatchObject({
      OnUnauthenticatedRequest: 'deny',
      Scope: 'openid email',
      UserPoolArn: { 'Fn::GetAtt': [ref(stack.identity.userPool), 'Arn'] },
    });
  });

  it('lets only the load balancer invoke the admin Lambda', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'elasticloadbalancing.amazonaws.com',
    });
  });
});

describe('admin Lambda grants (least privilege)', () => {
  it('may only append to and query the audit table (no UpdateItem, DeleteItem or batch writes)', () => {
    const auditId = ref(stack.data.tables.audit as any);
    const onAudit = rolePolicyStatements().filter((s) => mentions(s, auditId));
    expect(onAudit.length).toBeGreaterThan(0);
    const granted = onAudit.flatMap(actionsOf);
    expect(granted.sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    for (const forbidden of [
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:*',
    ]) {
      expect(granted).not.toContain(forbidden);
    }
  });

  it('reaches knowledge objects only under the t/<tenant>/faq/ prefixes', () => {
    const knowledgeId = ref(stack.data.knowledgeBucket as any);
    const objectStatements = rolePolicyStatements().filter(
      (s) => mentions(s, knowledgeId) && actionsOf(s).some((a) => /Object/.test(a)),
    );
    expect(objectStatements).not.toHaveLength(0);
    for (const statement of objectStatements)
      expect(JSON.stringify(statement.Resource)).toContain('/t/*/faq/*');
    const list = rolePolicyStatements().find(
      (s) => actionsOf(s).includes('s3:ListBucket') && mentions(s, knowledgeId),
    );
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['t/*/faq/*'] } });
  });

  it('writes exports only under t/<tenant>/exports/ and reads conversations without writing them', () => {
    const exportsId = ref(stack.downloads.bucket);
    const onExports = rolePolicyStatements().filter((s) => mentions(s, exportsId));
    expect(onExports.flatMap(actionsOf)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(onExports[0]!.Resource)).toContain('/t/*/exports/*');
    const conversationsId = ref(stack.data.tables.conversations as any);
    const onConversations = rolePolicyStatements()
      .filter((s) => mentions(s, conversationsId))
      .flatMap(actionsOf);
    expect(onConversations).not.toContain('dynamodb:PutItem');
    expect(onConversations).not.toContain('dynamodb:DeleteItem');
  });
});

describe('tenant admin groups', () => {
  it('may create groups only in its own user pool, and no other Cognito action', () => {
    const cognito = rolePolicyStatements().filter((s) =>
      actionsOf(s).some((a) => a.startsWith('cognito-idp:')),
    );
    expect(cognito).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'cognito-idp:CreateGroup',
        Resource: { 'Fn::GetAtt': [ref(stack.identity.userPool), 'Arn'] },
      }),
    ]);
  });
});

describe('transcript downloads', () => {
  it('serves only URLs signed by the trusted key group, over HTTPS only', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          TrustedKeyGroups: [{ Ref: ref(stack.downloads.keyGroup) }],
          ViewerProtocolPolicy: 'https-only',
        }),
      }),
    });
  });

  it('reads the exports bucket through Origin Access Control only', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      }),
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 1 })] },
    });
  });

  it('keeps the signing private key out of the template (a Secrets Manager secret the Lambda reads)', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('PRIVATE KEY');
    template.hasResourceProperties('AWS::CloudFront::PublicKey', {
      PublicKeyConfig: Match.objectLike({ EncodedKey: Match.stringLikeRegexp('BEGIN PUBLIC KEY') }),
    });
  });
});

describe('cdk-nag', () => {
  it('leaves no open AwsSolutions, Serverless or NIST 800-53 R5 finding on the admin constructs', () => {
    const nagged = adminStack(addNagPlugins);
    const open = synthFindings(nagged.app).filter((f) =>
      /\/(AdminApi|AdminIdentity|TranscriptDownloads)\//.test(f.path),
    );
    expect(open).toEqual([]);
  });
});
