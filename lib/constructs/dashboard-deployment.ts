// Publishes the admin dashboard SPA to the public static bucket: hashed files cached for a year, index.html for a minute.
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildDashboardSync, DASHBOARD_ENTRY_FILE } from '../../scripts/build-dashboard';
import { deployVersionedStaticFiles } from './versioned-static-files';

const DASHBOARD_SOURCE_DIR = `${__dirname}/../../dashboard`;

export interface DashboardDeploymentProps {
  /** The public static bucket behind CloudFront (Origin Access Control). */
  readonly bucket: s3.IBucket;
  /** Key prefix of the dashboard in the bucket; relative, ends with `/`. @default 'admin/' */
  readonly keyPrefix?: string;
  /** Invalidate the short-cached index.html in this distribution after a deployment. @default - no invalidation */
  readonly distribution?: cloudfront.IDistribution;
  /** Log group of CDK's deployment handler (encrypted, with retention). @default - a CDK-managed log group */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Builds the dashboard with esbuild during synth (local bundling, no Docker) for the same-origin admin
 * API of ADR 0074 (API base '', sign-in at `/admin/login`) and deploys the one asset twice: the
 * content-hashed `app-<hash>.js|.css` with `public, max-age=31536000, immutable`, then `index.html`,
 * which names them, with `public, max-age=60`. Neither prunes, so a page still open on an older
 * index.html keeps loading its exact files.
 */
export class DashboardDeployment extends Construct {
  /** Content-hashed JS and CSS. */
  readonly hashedFiles: s3deploy.BucketDeployment;
  /** index.html. */
  readonly entryFile: s3deploy.BucketDeployment;
  readonly keyPrefix: string;

  constructor(scope: Construct, id: string, props: DashboardDeploymentProps) {
    super(scope, id);
    this.keyPrefix = props.keyPrefix ?? 'admin/';
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\/$/.test(this.keyPrefix)) {
      throw new Error(`keyPrefix must be relative and end with "/": ${this.keyPrefix}`);
    }

    const deployed = deployVersionedStaticFiles(this, {
      sourceDir: DASHBOARD_SOURCE_DIR,
      build: (outDir) => buildDashboardSync({ outDir, apiBase: '', loginUrl: '/admin/login' }),
      bucket: props.bucket,
      keyPrefix: this.keyPrefix,
      entryFiles: [DASHBOARD_ENTRY_FILE],
      entryId: 'EntryFile',
      ...(props.distribution
        ? {
            invalidation: {
              distribution: props.distribution,
              // The edge rewrites `/admin/` to index.html before the cache lookup, so this one path is the cache key.
              paths: [`/${this.keyPrefix}${DASHBOARD_ENTRY_FILE}`],
            },
          }
        : {}),
      ...(props.logGroup ? { logGroup: props.logGroup } : {}),
    });
    this.hashedFiles = deployed.hashedFiles;
    this.entryFile = deployed.entryFiles;
  }
}
