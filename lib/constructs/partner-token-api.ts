// The cell's public ALB: HTTPS only, a mutual-TLS (verify) partner listener for POST /v1/session-tokens, logs.
import { Duration, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';

export interface PartnerTrustFiles {
  /** PEM bundle of accepted partner CAs (absolute path). */
  readonly caBundlePath: string;
  /** PEM certificate revocation list issued by a CA of the bundle (absolute path). */
  readonly revocationListPath: string;
}

export interface PartnerTokenApiProps {
  readonly vpc: ec2.IVpc;
  /** Regional ACM certificate of the ALB's HTTPS listeners. */
  readonly certificateArn: string;
  /** The token issuer Lambda (POST /v1/session-tokens). */
  readonly tokenFunction: lambda.IFunction;
  /** Partner CA bundle and CRL, uploaded as assets and loaded into the ELB trust store. */
  readonly partnerTrust: PartnerTrustFiles;
  /** Bucket receiving ALB access and connection logs (SSE-S3, ELB log delivery allowed). */
  readonly logsBucket: s3.IBucket;
  /** Deletion protection (production). @default true */
  readonly deletionProtection?: boolean;
  /** Port of the partner (mTLS) listener. @default 443 */
  readonly partnerPort?: number;
}

export const SESSION_TOKEN_PATH = '/v1/session-tokens';
/** TLS 1.2 and 1.3 only, forward-secret ciphers (ELBSecurityPolicy-TLS13-1-2-2021-06). */
export const ALB_SSL_POLICY = elbv2.SslPolicy.RECOMMENDED_TLS;

const notFound: elbv2.ListenerAction = elbv2.ListenerAction.fixedResponse(404, {
  contentType: 'application/json',
  messageBody: JSON.stringify({ error: { code: 'bad_request', message: 'Not found' } }),
});

/**
 * Mutual TLS in verify mode is a listener setting and refuses clients without a certificate, so the
 * partner listener carries only partner routes; browser routes (admin) get their own listener via
 * `addHttpsListener`. Port 80 only redirects to HTTPS.
 */
export class PartnerTokenApi extends Construct {
  public readonly alb: elbv2.ApplicationLoadBalancer;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly trustStore: elbv2.TrustStore;
  public readonly partnerListener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: PartnerTokenApiProps) {
    super(scope, id);
    const partnerPort = props.partnerPort ?? 443;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Public ALB: HTTPS from partners and browsers, HTTP only to redirect',
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(partnerPort),
      'Partner token API (mTLS)',
    );
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'Redirect to HTTPS');
    Validations.of(this.securityGroup).acknowledge({
      id: 'AwsSolutions::AwsSolutions-EC23',
      reason: 'Internet-facing partner API: partners call from their own networks; mTLS and WAF gate access.',
    });

    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection ?? true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      idleTimeout: Duration.seconds(30),
    });
    if (!(props.deletionProtection ?? true)) {
      Validations.of(this.alb).acknowledge({
        id: 'NIST.800.53.R5::NIST.800.53.R5-ELBDeletionProtectionEnabled',
        reason: 'Deletion protection is on in production; non-production cells must be removable.',
      });
    }
    this.alb.logAccessLogs(props.logsBucket, 'alb-access');
    this.alb.logConnectionLogs(props.logsBucket, 'alb-connection');

    const caBundle = new s3assets.Asset(this, 'PartnerCaBundle', { path: props.partnerTrust.caBundlePath });
    const crl = new s3assets.Asset(this, 'PartnerRevocationList', {
      path: props.partnerTrust.revocationListPath,
    });
    this.trustStore = new elbv2.TrustStore(this, 'PartnerTrustStore', {
      bucket: caBundle.bucket,
      key: caBundle.s3ObjectKey,
    });
    new elbv2.TrustStoreRevocation(this, 'PartnerRevocations', {
      trustStore: this.trustStore,
      revocationContents: [
        { revocationType: elbv2.RevocationType.CRL, bucket: crl.bucket, key: crl.s3ObjectKey },
      ],
    });

    this.partnerListener = this.alb.addListener('Partner', {
      port: partnerPort,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: ALB_SSL_POLICY,
      certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
      mutualAuthentication: {
        mutualAuthenticationMode: elbv2.MutualAuthenticationMode.VERIFY,
        trustStore: this.trustStore,
        ignoreClientCertificateExpiry: false,
      },
      defaultAction: notFound,
      open: false,
    });
    this.partnerListener.addTargets('SessionTokens', {
      priority: 10,
      conditions: [
        elbv2.ListenerCondition.pathPatterns([SESSION_TOKEN_PATH]),
        elbv2.ListenerCondition.httpRequestMethods(['POST']),
      ],
      targets: [new targets.LambdaTarget(props.tokenFunction)],
    });

    const redirect = this.alb.addListener('HttpRedirect', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      defaultAction: elbv2.ListenerAction.redirect({
        protocol: 'HTTPS',
        port: String(partnerPort),
        permanent: true,
      }),
      open: false,
    });
    Validations.of(redirect).acknowledge({
      id: 'NIST.800.53.R5::NIST.800.53.R5-ELBv2ACMCertificateRequired',
      reason: 'The port 80 listener only answers a redirect to HTTPS and serves no content.',
    });
  }

  /**
   * Adds another HTTPS listener (no mTLS) on its own port, e.g. the admin API's browser listener with
   * a Cognito action; it uses the same TLS policy and opens the port to the internet.
   */
  public addHttpsListener(
    id: string,
    port: number,
    certificateArn: string,
    defaultAction: elbv2.ListenerAction,
  ) {
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `${id} (HTTPS)`);
    return this.alb.addListener(id, {
      port,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: ALB_SSL_POLICY,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn)],
      defaultAction,
      open: false,
    });
  }
}
