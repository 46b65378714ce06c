// Publishes the admin dashboard SPA to the public static bucket: hashed files cached for a year, index.html for a minute.
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildDashboardSync, DASHBOARD_ENTRY_FILE } from '../../scripts/build-dashboard';
import { acknowledgeDeploymentHandler } from './deployment-handler-acknowledgements';

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

    const source = s3deploy.Source.asset(DASHBOARD_SOURCE_DIR, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never pulled: local bundling below always succeeds (esbuild is a dev dependency).
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
        local: {
          tryBundle(outputDir: string): boolean {
            buildDashboardSync({ outDir: outputDir, apiBase: '', loginUrl: '/admin/login' });
            return true;
          },
        },
      },
    });
    const common = {
      sources: [source],
      destinationBucket: props.bucket,
      destinationKeyPrefix: this.keyPrefix,
      prune: false,
      retainOnDelete: true,
      memoryLimit: 512,
      logGroup: props.logGroup,
    };
    this.hashedFiles = new s3deploy.BucketDeployment(this, 'HashedFiles', {
      ...common,
      exclude: [DASHBOARD_ENTRY_FILE],
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
    });
    this.entryFile = new s3deploy.BucketDeployment(this, 'EntryFile', {
      ...common,
      exclude: ['*'],
      include: [DASHBOARD_ENTRY_FILE],
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.seconds(60))],
      ...(props.distribution
        ? {
            distribution: props.distribution,
            // The edge rewrites `/admin/` to index.html before the cache lookup, so this one path is the cache key.
            distributionPaths: [`/${this.keyPrefix}${DASHBOARD_ENTRY_FILE}`],
          }
        : {}),
    });
    // index.html names the hashed files, so it must never be published before they exist.
    this.entryFile.node.addDependency(this.hashedFiles);
    acknowledgeDeploymentHandler(this.hashedFiles, props.bucket, props.distribution !== undefined);
  }
}
