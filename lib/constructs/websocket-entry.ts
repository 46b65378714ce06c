// The cell's WebSocket entry: API Gateway WebSocket API ($connect authorizer, connection handlers) behind CloudFront + WAF.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV, FUNCTIONS, ORIGIN_VERIFY_HEADER } from '../../lambdas/shared/definitions';
import { ChatFunction } from './chat-function';
import { acknowledgeChatFunctionBaseline } from './function-nag-acknowledgements';
import type { TenantScopedAccess } from './tenant-scoped-role';

export const WEBSOCKET_STAGE = 'ws';

export interface WebSocketEntryProps {
  readonly vpc: ec2.IVpc;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  readonly tenantsTable: dynamodb.ITableV2;
  readonly sessionsTable: dynamodb.ITableV2;
  /** Public key set the authorizer verifies tokens with. */
  readonly verificationKeysSecret: secretsmanager.ISecret;
  /** `{"current","previous"?}`: CloudFront sends `current`; the authorizer accepts both. */
  readonly originVerifySecret: secretsmanager.ISecret;
  readonly tokenIssuer: string;
  /** This cell's token audience. */
  readonly tokenAudience: string;
  /** ARN of the CLOUDFRONT-scope web ACL (edge stack, us-east-1). */
  readonly edgeWebAclArn: string;
  /** Declared bucket for CloudFront standard logs (ACLs enabled, as CloudFront requires). */
  readonly cdnLogsBucket: s3.IBucket;
  /** Custom host name with its us-east-1 ACM certificate. @default - the distribution's own domain */
  readonly domain?: { readonly hostName: string; readonly certificateArn: string };
  /** Reserved concurrency of the authorizer, connect and disconnect functions. @default 200 / 100 / 100 */
  readonly reservedConcurrency?: {
    readonly authorizer: number;
    readonly connect: number;
    readonly disconnect: number;
  };
  /** Stage throttling (steady requests per second and burst). @default 500 / 1000 */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * $connect and $disconnect reach the sessions table only through the tenant-scoped role (ADR 0021):
   * they get no table grant of their own, and `useTenantScopedAccess()` must be called. @default false
   */
  readonly tenantScopedSessions?: boolean;
}

/** Headers the WebSocket handshake and the authorizer need at the origin. Host is not forwarded. */
const FORWARDED_HEADERS = [
  'Origin',
  'Sec-WebSocket-Key',
  'Sec-WebSocket-Version',
  'Sec-WebSocket-Protocol',
  'Sec-WebSocket-Extensions',
];

const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  requestTime: '$context.requestTimeEpoch',
  sourceIp: '$context.identity.sourceIp',
  tenantId: '$context.authorizer.tenantId',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integration.error',
  latency: '$context.integrationLatency',
});

export class WebSocketEntry extends Construct {
  public readonly api: apigwv2.WebSocketApi;
  public readonly stage: apigwv2.WebSocketStage;
  public readonly distribution: cloudfront.Distribution;
  public readonly authorizerFunction: ChatFunction;
  public readonly connectFunction: ChatFunction;
  private tenantScopedAccess?: TenantScopedAccess;
  public readonly disconnectFunction: ChatFunction;
  public readonly accessLogGroup: logs.LogGroup;
  /** `https://{apiId}.execute-api.{region}.amazonaws.com/ws`: the `@connections` management endpoint. */
  public readonly callbackUrl: string;
  /** `wss://{cloudfront domain}/ws`: what clients open (the token response's `websocketUrl`). */
  public readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: WebSocketEntryProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const concurrency = props.reservedConcurrency ?? { authorizer: 200, connect: 100, disconnect: 100 };
    const fn = (
      fid: string,
      definition: (typeof FUNCTIONS)[keyof typeof FUNCTIONS],
      reserved: number,
      /** The function gets a read-write table grant of its own (CDK's wildcard data-key action families). */
      kmsTableGrant: boolean,
    ) => {
      const created = new ChatFunction(this, fid, {
        definition,
        vpc: props.vpc,
        logKey: props.logKey,
        logRetention: props.logRetention,
        removalPolicy,
        reservedConcurrentExecutions: reserved,
      });
      acknowledgeChatFunctionBaseline(created, {
        invokedBy: 'API Gateway (WebSocket $connect/$disconnect)',
        kmsTableGrant,
        reservedConcurrency: true,
      });
      return created;
    };

    this.authorizerFunction = fn('Authorizer', FUNCTIONS.authorizer, concurrency.authorizer, true)
      .addEnvironment(ENV.cellRegion, region)
      .addEnvironment(ENV.tokenIssuer, props.tokenIssuer)
      .addEnvironment(ENV.tokenAudience, props.tokenAudience)
      .bindTable(ENV.tenantsTable, props.tenantsTable, 'read')
      .bindTable(ENV.sessionsTable, props.sessionsTable, 'readWrite')
      .bindSecret(ENV.verificationKeysSecretId, props.verificationKeysSecret)
      .bindSecret(ENV.originVerifySecretId, props.originVerifySecret);
    // $connect reads the tenant's maxConnections and counts the connection in the sessions table (ADR 0023).
    const registryTableGrant = !props.tenantScopedSessions;
    this.connectFunction = fn(
      'Connect',
      FUNCTIONS.connect,
      concurrency.connect,
      registryTableGrant,
    ).bindTable(ENV.tenantsTable, props.tenantsTable, 'read');
    this.disconnectFunction = fn(
      'Disconnect',
      FUNCTIONS.disconnect,
      concurrency.disconnect,
      registryTableGrant,
    );
    for (const registryFunction of [this.connectFunction, this.disconnectFunction]) {
      if (props.tenantScopedSessions)
        registryFunction.addEnvironment(ENV.sessionsTable, props.sessionsTable.tableName);
      else registryFunction.bindTable(ENV.sessionsTable, props.sessionsTable, 'readWrite');
    }
    if (props.tenantScopedSessions) {
      this.node.addValidation({
        validate: () =>
          this.tenantScopedAccess
            ? []
            : ['tenantScopedSessions is set but useTenantScopedAccess() was never called'],
      });
    }

    const authorizer = new WebSocketLambdaAuthorizer('TokenAuthorizer', this.authorizerFunction.function, {
      identitySource: [
        'route.request.querystring.token',
        'route.request.header.Origin',
        `route.request.header.${ORIGIN_VERIFY_HEADER}`,
      ],
    });
    this.api = new apigwv2.WebSocketApi(this, 'Api', {
      description: `Chat WebSocket API of cell ${region}`,
      routeSelectionExpression: '$request.body.action',
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Connect', this.connectFunction.function),
        authorizer,
      },
      disconnectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Disconnect', this.disconnectFunction.function),
      },
    });

    Validations.of(this.api.node.findChild('$disconnect-Route')).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'API Gateway supports authorizers on $connect only; $disconnect acts on the authorized connection.',
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy,
    });
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: WEBSOCKET_STAGE,
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 500, burstLimit: 1000 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: apigateway.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    this.callbackUrl = this.stage.callbackUrl;

    this.distribution = this.createDistribution(props, region);
    this.publicUrl = `wss://${props.domain?.hostName ?? this.distribution.distributionDomainName}/${WEBSOCKET_STAGE}`;
  }

  /** Lets a function post to and close connections through the `@connections` API. */
  public grantManageConnections(grantable: iam.IGrantable): iam.Grant {
    return this.stage.grantManagementApiAccess(grantable);
  }

  private createDistribution(props: WebSocketEntryProps, region: string): cloudfront.Distribution {
    const originRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'WebSocketOriginRequest', {
      comment: 'WebSocket handshake headers, Origin and the token query string; never Host',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...FORWARDED_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    const origin = new origins.HttpOrigin(`${this.api.apiId}.execute-api.${region}.amazonaws.com`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30),
      // A CloudFormation dynamic reference: the value is resolved at deploy time, never in the template.
      customHeaders: {
        [ORIGIN_VERIFY_HEADER]: props.originVerifySecret.secretValueFromJson('current').unsafeUnwrap(),
      },
    });
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Chat WebSocket entry of cell ${region}`,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy,
        compress: false,
      },
      webAclId: props.edgeWebAclArn,
      enableLogging: true,
      logBucket: props.cdnLogsBucket,
      logFilePrefix: `cloudfront/${region}/`,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(props.domain && {
        domainNames: [props.domain.hostName],
        certificate: acm.Certificate.fromCertificateArn(this, 'EdgeCertificate', props.domain.certificateArn),
      }),
    });
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR1',
      reason:
        'Partners serve end users worldwide; access is gated by tokens and the edge WAF, not geography.',
    });
    if (!props.domain) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'Without a custom domain the cloudfront.net certificate applies; configure a domain for TLS 1.2_2021.',
      });
    }
    return distribution;
  }

  /** $connect and $disconnect assume the tenant-scoped role for every sessions-table call (ADR 0021). */
  public useTenantScopedAccess(access: TenantScopedAccess): void {
    this.tenantScopedAccess = access;
    for (const registryFunction of [this.connectFunction, this.disconnectFunction]) {
      registryFunction.addEnvironment(ENV.tenantScopedRoleArn, access.role.roleArn);
      access.allowAssume(registryFunction.function.role!);
    }
  }
}
