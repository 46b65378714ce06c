// Deploys one built static app in two tiers: content-hashed files cached for a year, entry files for a minute.
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledgeDeploymentHandler } from './deployment-handler-acknowledgements';

export interface VersionedStaticFilesOptions {
  /** Directory whose content fingerprints nothing (the asset hash is the build output's). */
  readonly sourceDir: string;
  /** Writes the built app into `outputDir` at synth (local bundling, no Docker). */
  readonly build: (outputDir: string) => void;
  readonly bucket: s3.IBucket;
  /** Relative key prefix ending with `/`. */
  readonly keyPrefix: string;
  /** Files that name the current version (short cache); everything else must be content-hashed. */
  readonly entryFiles: readonly string[];
  /** Construct id of the entry-file deployment (kept stable per app). */
  readonly entryId: string;
  /** Invalidate these paths in the distribution after a deployment. @default - no invalidation */
  readonly invalidation?: { readonly distribution: cloudfront.IDistribution; readonly paths: string[] };
  /** Log group of CDK's deployment handler. @default - a CDK-managed log group */
  readonly logGroup?: logs.ILogGroup;
}

export interface VersionedStaticFiles {
  readonly hashedFiles: s3deploy.BucketDeployment;
  readonly entryFiles: s3deploy.BucketDeployment;
}

/**
 * Builds the app once and deploys the one asset twice: hashed files with `public, max-age=31536000,
 * immutable`, then the entry files with `public, max-age=60`, only after the hashed files exist (they
 * name them). Neither deployment prunes, so a page cached with older entry files keeps loading its files.
 */
export function deployVersionedStaticFiles(
  scope: Construct,
  options: VersionedStaticFilesOptions,
): VersionedStaticFiles {
  const source = s3deploy.Source.asset(options.sourceDir, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling below always succeeds (esbuild is a dev dependency).
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      local: {
        tryBundle(outputDir: string): boolean {
          options.build(outputDir);
          return true;
        },
      },
    },
  });
  const common = {
    sources: [source],
    destinationBucket: options.bucket,
    destinationKeyPrefix: options.keyPrefix,
    prune: false,
    retainOnDelete: true,
    memoryLimit: 512,
    logGroup: options.logGroup,
  };
  const hashedFiles = new s3deploy.BucketDeployment(scope, 'HashedFiles', {
    ...common,
    exclude: [...options.entryFiles],
    cacheControl: [
      s3deploy.CacheControl.setPublic(),
      s3deploy.CacheControl.maxAge(Duration.days(365)),
      s3deploy.CacheControl.immutable(),
    ],
  });
  const entryFiles = new s3deploy.BucketDeployment(scope, options.entryId, {
    ...common,
    exclude: ['*'],
    include: [...options.entryFiles],
    cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.seconds(60))],
    ...(options.invalidation
      ? { distribution: options.invalidation.distribution, distributionPaths: options.invalidation.paths }
      : {}),
  });
  entryFiles.node.addDependency(hashedFiles);
  acknowledgeDeploymentHandler(hashedFiles, options.bucket, options.invalidation !== undefined);
  return { hashedFiles, entryFiles };
}
