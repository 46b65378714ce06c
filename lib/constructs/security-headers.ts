// CloudFront response-headers policies: CSP, HSTS and friends for the site and admin dashboard; an embeddable variant for the widget/SDK.
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';

export interface SecurityHeadersProps {
  /** CSP connect-src sources besides 'self' (the cells' wss:// endpoints, the admin API). */
  readonly connectSources: readonly string[];
  /**
   * CSP connect-src sources of the admin dashboard besides 'self' (its API is same-origin): the knowledge
   * bucket origin its presigned POST uploads go to. Given (even empty) only when the distribution serves
   * the dashboard. @default - no admin policy
   */
  readonly adminConnectSources?: readonly string[];
  /** HSTS max-age. @default two years (preload list minimum is one) */
  readonly hstsMaxAge?: Duration;
}

/** Builds the Content-Security-Policy value; `frameAncestors` decides who may frame the page. */
export function contentSecurityPolicy(connectSources: readonly string[], frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

export class SecurityHeaders extends Construct {
  /** For the SPA: may not be framed. */
  public readonly site: cloudfront.ResponseHeadersPolicy;
  /** For the admin dashboard (`admin/*`) and the admin API behaviours: may not be framed; uploads to the knowledge bucket. */
  public readonly admin?: cloudfront.ResponseHeadersPolicy;
  /** For `widget/*` and `sdk/*`: partner pages (any HTTPS origin) may load and frame them; CORS GET for modules. */
  public readonly embeddable: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SecurityHeadersProps) {
    super(scope, id);
    const hsts: cloudfront.ResponseHeadersStrictTransportSecurity = {
      accessControlMaxAge: props.hstsMaxAge ?? Duration.days(730),
      includeSubdomains: true,
      preload: true,
      override: true,
    };
    const common = {
      strictTransportSecurity: hsts,
      contentTypeOptions: { override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
    };
    const permissionsPolicy = {
      header: 'Permissions-Policy',
      value: 'camera=(), microphone=(), geolocation=(), payment=()',
      override: true,
    };
    this.site = new cloudfront.ResponseHeadersPolicy(this, 'Site', {
      comment: 'SPA: strict CSP, HSTS, no framing',
      securityHeadersBehavior: {
        ...common,
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.connectSources, "'none'"),
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
      customHeadersBehavior: { customHeaders: [permissionsPolicy] },
    });
    this.admin =
      props.adminConnectSources &&
      new cloudfront.ResponseHeadersPolicy(this, 'Admin', {
        comment: 'Admin dashboard and API: strict CSP, HSTS, no framing',
        securityHeadersBehavior: {
          ...common,
          contentSecurityPolicy: {
            contentSecurityPolicy: contentSecurityPolicy(props.adminConnectSources ?? [], "'none'"),
            override: true,
          },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        },
        customHeadersBehavior: { customHeaders: [permissionsPolicy] },
      });
    this.embeddable = new cloudfront.ResponseHeadersPolicy(this, 'Embeddable', {
      comment: 'Widget and SDK: strict CSP and HSTS; partner HTTPS pages may embed them',
      securityHeadersBehavior: {
        ...common,
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.connectSources, 'https:'),
          override: true,
        },
      },
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowOrigins: ['*'],
        accessControlMaxAge: Duration.hours(1),
        originOverride: true,
      },
      customHeadersBehavior: { customHeaders: [permissionsPolicy] },
    });
  }
}
