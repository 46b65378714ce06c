// The admin API: its own HTTPS listener on the cell's ALB (authenticate-cognito → forward) and the admin Lambda.
import { acknowledgeChatFunctionBaseline } from './function-nag-acknowledgements';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as actions from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import { ADMIN_ENV, ENV, FUNCTIONS } from '../../lambdas/shared/definitions';
import type { CellData, CellNetwork } from '../stacks/cell-interfaces';
import type { AdminIdentity } from './admin-identity';
import { ChatFunction } from './chat-function';
import type { TranscriptDownloads } from './transcript-downloads';

/** Listener port of the admin routes: the partner listener (mTLS verify) keeps 443 (ADR 0071). */
export const ADMIN_LISTENER_PORT = 8443;

/** `/admin/login`'s answer on a listener without a dashboard: the session cookie is set; the API is here. */
export const SIGNED_IN_WITHOUT_DASHBOARD = JSON.stringify({
  signedIn: true,
  api: '/admin/v1/',
  message: "Signed in. This cell's admin API is /admin/v1/ on this host; its dashboard is not served here.",
});

export interface AdminApiProps {
  readonly network: CellNetwork;
  readonly data: CellData;
  /** The cell's public ALB (owned by the partner token API construct). */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /**
   * Server certificates of the admin listener: the first is the default (the admin host name), the others
   * are extra SNI certificates (the edge host name on the primary cell, ADR 0074).
   */
  readonly certificates: readonly elbv2.IListenerCertificate[];
  readonly identity: AdminIdentity;
  readonly downloads: TranscriptDownloads;
  readonly logRetention: logs.RetentionDays;
  /**
   * Host of the dashboard that `/admin/login` redirects to after sign-in: the edge host, whose admin API is
   * this listener. @default - no dashboard: `/admin/login` answers a JSON note that names this listener's API
   */
  readonly dashboardHost?: string;
  /** Path of the dashboard on that host. @default '/admin/' */
  readonly dashboardPath?: string;
  /** @default ADMIN_LISTENER_PORT (8443) */
  readonly port?: number;
  /** Largest knowledge upload. @default 5 MiB */
  readonly maxUploadBytes?: number;
  /** ALB session cookie lifetime. @default 8 hours */
  readonly sessionTimeout?: Duration;
}

export class AdminApi extends Construct {
  public readonly function: ChatFunction;
  public readonly listener: elbv2.ApplicationListener;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: AdminApiProps) {
    super(scope, id);
    const port = props.port ?? ADMIN_LISTENER_PORT;
    const { data, identity, downloads } = props;

    this.function = new ChatFunction(this, 'Function', {
      definition: FUNCTIONS.admin,
      vpc: props.network.vpc,
      logRetention: props.logRetention,
      logKey: data.logKey,
      reservedConcurrentExecutions: 20,
      environment: {
        [ENV.cellRegion]: Stack.of(this).region,
        [ADMIN_ENV.albArn]: props.loadBalancer.loadBalancerArn,
        [ADMIN_ENV.userPoolId]: identity.userPool.userPoolId,
        [ADMIN_ENV.userPoolClientId]: identity.client.userPoolClientId,
        [ADMIN_ENV.downloadsBaseUrl]: downloads.baseUrl,
        [ADMIN_ENV.downloadsKeyPairId]: downloads.publicKey.publicKeyId,
        [ADMIN_ENV.maxUploadBytes]: String(props.maxUploadBytes ?? 5 * 1024 * 1024),
      },
    });
    this.grantDataAccess(props);
    acknowledgeChatFunctionBaseline(this.function, {
      invokedBy: 'the ALB (Lambda target)',
      kmsTableGrant: true,
      reservedConcurrency: true,
    });

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      targetType: elbv2.TargetType.LAMBDA,
      targets: [new targets.LambdaTarget(this.function.function)],
    });

    this.listener = props.loadBalancer.addListener('AdminListener', {
      port,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [...props.certificates],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'application/json',
        messageBody: '{"error":{"code":"not_found","message":"no such route"}}',
      }),
    });
    props.loadBalancer.connections.allowFromAnyIpv4(
      ec2.Port.tcp(port),
      'Admin listener (browsers, Cognito sign-in)',
    );

    const authenticate = (next: elbv2.ListenerAction, onUnauthenticated: elbv2.UnauthenticatedAction) =>
      new actions.AuthenticateCognitoAction({
        userPool: identity.userPool,
        userPoolClient: identity.client,
        userPoolDomain: identity.domain,
        scope: 'openid email',
        sessionTimeout: props.sessionTimeout ?? Duration.hours(8),
        onUnauthenticatedRequest: onUnauthenticated,
        next,
      });
    // API calls without a session get 401 (XHR cannot follow the sign-in redirect); the dashboard then opens /admin/login.
    this.listener.addAction('AdminApiRoutes', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/v1/*'])],
      action: authenticate(
        elbv2.ListenerAction.forward([this.targetGroup]),
        elbv2.UnauthenticatedAction.DENY,
      ),
    });
    // Only a cell whose API the edge dashboard calls sends admins there; another cell's dashboard would call
    // the API of a different user pool, so the others confirm the sign-in and name their own API.
    const afterSignIn = props.dashboardHost
      ? elbv2.ListenerAction.redirect({
          protocol: 'HTTPS',
          host: props.dashboardHost,
          port: '443',
          path: props.dashboardPath ?? '/admin/',
          permanent: false,
        })
      : elbv2.ListenerAction.fixedResponse(200, {
          contentType: 'application/json',
          messageBody: SIGNED_IN_WITHOUT_DASHBOARD,
        });
    this.listener.addAction('AdminLogin', {
      priority: 20,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/login'])],
      action: authenticate(afterSignIn, elbv2.UnauthenticatedAction.AUTHENTICATE),
    });
  }

  /** Least privilege: audit PutItem/Query only, tenants read/write, conversations read, S3 under t/<tenant>/ prefixes, CreateGroup on the pool. */
  private grantDataAccess(props: AdminApiProps): void {
    const fn = this.function;
    const { data, downloads } = props;
    fn.bindTable(ENV.tenantsTable, data.tables.tenants, 'readWrite');
    fn.bindTable(ENV.conversationsTable, data.tables.conversations, 'read');
    fn.addEnvironment(ENV.auditTable, data.tables.audit.tableName);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'AuditAppendAndReadOnly',
        actions: ['dynamodb:PutItem', 'dynamodb:Query'],
        resources: [data.tables.audit.tableArn],
      }),
    );
    data.dataKey.grantEncryptDecrypt(fn.function);

    const knowledge = data.knowledgeBucket;
    fn.addEnvironment(ENV.knowledgeBucket, knowledge.bucketName);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'KnowledgeFilesUnderTenantFaqPrefixes',
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [knowledge.arnForObjects('t/*/faq/*')],
      }),
    );
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListTenantFaqPrefixes',
        actions: ['s3:ListBucket'],
        resources: [knowledge.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['t/*/faq/*'] } },
      }),
    );

    fn.addEnvironment(ADMIN_ENV.exportsBucket, downloads.bucket.bucketName);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteTranscriptExports',
        actions: ['s3:PutObject'],
        resources: [downloads.bucket.arnForObjects('t/*/exports/*')],
      }),
    );
    fn.bindSecret(ADMIN_ENV.downloadsPrivateKeySecretId, downloads.signingKeySecret);

    // A new tenant gets its tenant-admins-<id> group in this cell's pool (the pool id is already in ADMIN_ENV).
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'CreateTenantAdminGroups',
        actions: ['cognito-idp:CreateGroup'],
        resources: [props.identity.userPool.userPoolArn],
      }),
    );

    const policy = fn.function.role!.node.tryFindChild('DefaultPolicy')!;
    const prefixes: Array<[import('aws-cdk-lib/aws-s3').IBucket, string]> = [
      [knowledge, 't/*/faq/*'],
      [downloads.bucket, 't/*/exports/*'],
    ];
    for (const [bucket, prefix] of prefixes) {
      const objects = flattenCfnReference(Stack.of(this).resolve(bucket.arnForObjects(prefix)));
      Validations.of(policy).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${objects}]`,
        reason:
          'The wildcard is the tenant id segment of the per-tenant prefix; use cases pin the exact tenant key.',
      });
    }
  }
}
