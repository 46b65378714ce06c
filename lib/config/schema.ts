// The typed, validated deployment configuration (zod): one file per environment under config/.
import { z } from 'zod';
import { staticHostName, webSocketHostName } from '../naming';

const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as eu-west-1');
const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-8])$/, 'must be an IPv4 CIDR between /16 and /28');
/** A VPC range inside RFC 1918 private space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16); the prefix is /16 or longer. */
const privateCidr = cidr.refine(isRfc1918, {
  message: 'must be inside an RFC 1918 private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)',
});

function isRfc1918(value: string): boolean {
  const [a, b, c, d] = value.split('/')[0]!.split('.').map(Number) as [number, number, number, number];
  if ([a, b, c, d].some((octet) => octet > 255)) return false;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}
/** A lower-case DNS host name (no scheme, port, path or wildcard). */
const dnsHostName = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case DNS host name without scheme, port, path or wildcard',
  )
  .refine((host) => !/(^|\.)(amazonaws\.com|cloudfront\.net)$/.test(host), {
    message: 'must be a custom name covered by the cell certificate, not an AWS-generated host name',
  });
const acmCertificateArn = z
  .string()
  .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be an ACM certificate ARN');

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
const logRetentionDays = z
  .number()
  .int()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
  });

export const cellSchema = z
  .object({
    /** The AWS region of this cell. */
    region: awsRegion,
    /** The VPC CIDR of this cell; cells must not overlap (they may be peered later). */
    vpcCidr: privateCidr,
    /** Availability zones for the VPC (at least two). */
    availabilityZones: z.array(z.string().regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/)).min(2, 'at least two AZs'),
    /** NAT gateways (one per AZ in production for AZ independence). */
    natGateways: z.number().int().min(1).max(3),
    /** Regional ACM certificate for the partner/admin ALB (HTTPS + mTLS only, so always required). */
    albCertificateArn: acmCertificateArn,
    /**
     * Host name of this cell's admin listener (port 8443), covered by `albCertificateArn`; its DNS
     * record points at the cell's ALB. The primary cell's is also the edge distribution's admin origin
     * (ADR 0074). Required: the listener serves only that certificate, so the ALB's own name would fail TLS.
     */
    adminHostName: dnsHostName,
  })
  .strict();

export const configSchema = z
  .object({
    /** Short lower-case application name used in resource names. */
    appName: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/, 'lower-case letters, digits and dashes, 2-16 chars'),
    /** Environment name (dev, staging, prod…); chosen with `-c env=<name>`. */
    envName: z.string().regex(/^[a-z][a-z0-9]{1,9}$/),
    /** True for production: RETAIN, deletion protection, termination protection, stricter alarms. */
    production: z.boolean(),
    account: accountId,
    /** The primary cell: owns the global tables, the account-wide trail and the knowledge-bucket source. */
    primaryRegion: awsRegion,
    cells: z.array(cellSchema).min(1),
    /** Optional custom domain; without it the CloudFront and API default host names are used. */
    domain: z
      .object({
        zoneName: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/),
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/),
        /** us-east-1 ACM certificate for CloudFront, covering the zone's chat/static names. */
        edgeCertificateArn: acmCertificateArn,
        /**
         * ACM certificate in the PRIMARY region covering the edge host name (`static.<zone>`): an extra
         * SNI certificate of the primary cell's admin listener. CloudFront forwards the viewer's Host to
         * that listener (the ALB builds the Cognito redirect_uri from it) and then requires the origin
         * certificate to match that Host (ADR 0074).
         */
        primaryAdminEdgeCertificateArn: acmCertificateArn,
      })
      .strict()
      .optional(),
    guardDuty: z.object({ mode: z.enum(['create', 'existing']) }).strict(),
    cloudTrail: z
      .object({
        mode: z.enum(['create', 'existing']),
        /** ARN of the adopted trail when mode is `existing`. */
        existingTrailArn: z.string().startsWith('arn:aws:cloudtrail:').optional(),
      })
      .strict()
      .refine((t) => t.mode === 'create' || !!t.existingTrailArn, {
        message: 'existingTrailArn is required when mode is existing',
        path: ['existingTrailArn'],
      }),
    alertEmail: z.email(),
    retention: z
      .object({
        logDays: logRetentionDays,
        accessLogDays: z.number().int().min(1).max(3653),
        conversationDays: z.number().int().min(1).max(3653),
        backupDays: z.number().int().min(1).max(3653),
      })
      .strict(),
    waf: z
      .object({
        /** Requests per IP per 5 minutes at CloudFront before blocking. */
        edgeRateLimitPer5Min: z.number().int().min(10).max(2_000_000_000),
        /** Requests per IP per 5 minutes at the regional ALB (partner + admin APIs). */
        regionalRateLimitPer5Min: z.number().int().min(10).max(2_000_000_000),
      })
      .strict(),
    removalPolicy: z.enum(['retain', 'destroy']),
    networkFirewall: z
      .object({
        enabled: z.boolean(),
        /** Host names (leading dot for sub-domains) the Lambdas may reach when the firewall is on. */
        allowedDomains: z.array(z.string().min(3)).default([]),
      })
      .strict(),
    /** CI/CD: the GitHub repository allowed to assume the deploy role through OIDC. */
    github: z
      .object({
        repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
        branch: z.string().min(1),
        /** The GitHub OIDC provider is account-wide: create it once, adopt it elsewhere. */
        oidcProvider: z.enum(['create', 'existing']),
      })
      .strict(),
    shieldAdvanced: z.boolean(),
    /**
     * The partner CA bundle and CRL the ALB's mTLS trust store is built from (repository-relative PEM
     * files, ADR 0011). Without it a cell deploys the example CA, which no partner certificate chains to.
     */
    partnerTrust: z
      .object({
        caBundlePath: z.string().regex(/\.pem$/, 'a PEM file'),
        revocationListPath: z.string().regex(/\.pem$/, 'a PEM file'),
      })
      .strict()
      .optional(),
    /** Public key (PEM) CloudFront verifies transcript download URLs with (ADR 0072). @default the example key */
    transcriptSigningPublicKeyPath: z
      .string()
      .regex(/\.pem$/, 'a PEM file')
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const regions = c.cells.map((cell) => cell.region);
    if (!regions.includes(c.primaryRegion)) {
      ctx.addIssue({ code: 'custom', path: ['primaryRegion'], message: 'must be one of the cell regions' });
    }
    if (new Set(regions).size !== regions.length) {
      ctx.addIssue({ code: 'custom', path: ['cells'], message: 'cell regions must be unique' });
    }
    const adminHosts = c.cells.map((cell) => cell.adminHostName);
    adminHosts.forEach((host, i) => {
      if (adminHosts.indexOf(host) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['cells', i, 'adminHostName'],
          message: 'must be unique: each cell has its own admin listener',
        });
      }
    });
    if (c.domain) {
      const { zoneName } = c.domain;
      if (c.domain.primaryAdminEdgeCertificateArn.split(':')[3] !== c.primaryRegion) {
        ctx.addIssue({
          code: 'custom',
          path: ['domain', 'primaryAdminEdgeCertificateArn'],
          message: `must be an ACM certificate in the primary region ${c.primaryRegion}`,
        });
      }
      // The edge and WebSocket names belong to CloudFront distributions, not to an admin listener.
      const reserved = new Set([
        staticHostName(zoneName),
        ...regions.map((r) => webSocketHostName(r, zoneName)),
      ]);
      c.cells.forEach((cell, i) => {
        if (reserved.has(cell.adminHostName)) {
          ctx.addIssue({
            code: 'custom',
            path: ['cells', i, 'adminHostName'],
            message: 'must not be the edge (static.<zone>) or a WebSocket (ws-<region>.<zone>) host name',
          });
        }
      });
    }
    c.cells.forEach((cell, i) => {
      if (!cell.availabilityZones.every((az) => az.startsWith(cell.region))) {
        ctx.addIssue({
          code: 'custom',
          path: ['cells', i, 'availabilityZones'],
          message: `must be in ${cell.region}`,
        });
      }
      if (cell.albCertificateArn.split(':')[3] !== cell.region) {
        ctx.addIssue({
          code: 'custom',
          path: ['cells', i, 'albCertificateArn'],
          message: `must be an ACM certificate in ${cell.region}`,
        });
      }
    });
    if (c.production && c.removalPolicy !== 'retain') {
      ctx.addIssue({
        code: 'custom',
        path: ['removalPolicy'],
        message: 'production must retain stateful resources',
      });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;
export type CellConfig = z.infer<typeof cellSchema>;
