// Publishes the built chat widget to the public static bucket: hashed files cached for a year, entry files for a minute.
import { Token } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { deployVersionedStaticFiles } from './versioned-static-files';
import { buildWidget } from '../../widget/build';

/** Files that name the current version; everything else in the build output is content-hashed. */
export const WIDGET_ENTRY_FILES = ['loader.js', 'manifest.json', 'embed-snippet.html'] as const;
const WIDGET_SOURCE_DIR = `${__dirname}/../../widget`;

export interface WidgetDeploymentProps {
  /** The public static bucket behind CloudFront (Origin Access Control). */
  readonly bucket: s3.IBucket;
  /** Key prefix of the widget in the bucket; ends with `/`. @default 'widget/' */
  readonly keyPrefix?: string;
  /**
   * URL prefix the embed snippet points at (the CDN's public domain plus keyPrefix), ending with `/`.
   * A literal string: the snippet is built at synth time, so a token such as the distribution's
   * generated domain name is refused.
   * @default '/widget/' (same origin as the page)
   */
  readonly publicPath?: string;
  /** Invalidate the short-cached entry files in this distribution after a deployment. @default - no invalidation */
  readonly distribution?: cloudfront.IDistribution;
  /** Log group of CDK's deployment handler (encrypted, with retention). @default - a CDK-managed log group */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Builds the widget with esbuild during synth (local bundling, no Docker) and deploys it twice
 * from the same asset: the versioned, content-hashed files with `public, max-age=31536000,
 * immutable`, and the loader, manifest and embed snippet with `public, max-age=60`. Neither
 * deployment prunes, so pages cached with an older snippet keep loading their exact files.
 */
export class WidgetDeployment extends Construct {
  /** Versioned, content-hashed JS and CSS. */
  readonly hashedFiles: s3deploy.BucketDeployment;
  /** loader.js, manifest.json, embed-snippet.html. */
  readonly entryFiles: s3deploy.BucketDeployment;
  readonly keyPrefix: string;

  constructor(scope: Construct, id: string, props: WidgetDeploymentProps) {
    super(scope, id);
    this.keyPrefix = props.keyPrefix ?? 'widget/';
    const publicPath = props.publicPath ?? `/${this.keyPrefix}`;
    if (!this.keyPrefix.endsWith('/') || this.keyPrefix.startsWith('/')) {
      throw new Error(`keyPrefix must be relative and end with "/": ${this.keyPrefix}`);
    }
    if (Token.isUnresolved(publicPath)) {
      // The snippet is written at synth time: a deploy-time token (e.g. the distribution's domain) cannot go in.
      throw new Error('publicPath must be a literal URL (e.g. the configured custom domain), not a token');
    }
    if (!publicPath.endsWith('/')) throw new Error(`publicPath must end with "/": ${publicPath}`);

    const deployed = deployVersionedStaticFiles(this, {
      sourceDir: WIDGET_SOURCE_DIR,
      build: (outDir) => buildWidget({ outDir, publicPath, demo: false }),
      bucket: props.bucket,
      keyPrefix: this.keyPrefix,
      entryFiles: WIDGET_ENTRY_FILES,
      entryId: 'EntryFiles',
      ...(props.distribution
        ? {
            invalidation: {
              distribution: props.distribution,
              paths: WIDGET_ENTRY_FILES.map((file) => `/${this.keyPrefix}${file}`),
            },
          }
        : {}),
      ...(props.logGroup ? { logGroup: props.logGroup } : {}),
    });
    this.hashedFiles = deployed.hashedFiles;
    this.entryFiles = deployed.entryFiles;
  }
}
