// Publishes the built chat widget to the public static bucket: hashed files cached for a year, entry files for a minute.
import { AssetHashType, CfnElement, DockerImage, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
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

    const source = s3deploy.Source.asset(WIDGET_SOURCE_DIR, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never pulled: local bundling below always succeeds (esbuild is a dev dependency).
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
        local: {
          tryBundle(outputDir: string): boolean {
            buildWidget({ outDir: outputDir, publicPath, demo: false });
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
    };
    this.hashedFiles = new s3deploy.BucketDeployment(this, 'HashedFiles', {
      ...common,
      exclude: [...WIDGET_ENTRY_FILES],
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
    });
    this.entryFiles = new s3deploy.BucketDeployment(this, 'EntryFiles', {
      ...common,
      exclude: ['*'],
      include: [...WIDGET_ENTRY_FILES],
      cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.seconds(60))],
      ...(props.distribution
        ? {
            distribution: props.distribution,
            distributionPaths: WIDGET_ENTRY_FILES.map((file) => `/${this.keyPrefix}${file}`),
          }
        : {}),
    });
    // Entry files name hashed files, so they must never be published before those exist.
    this.entryFiles.node.addDependency(this.hashedFiles);
    acknowledgeDeploymentHandler(this.hashedFiles, props.bucket, props.distribution !== undefined);
  }
}

/** The `<bucket>/*` resources of the handler's grant, as cdk-nag names them (source asset bucket, widget bucket). */
function wildcardResources(stack: Stack, bucket: s3.IBucket): string[] {
  const qualifier =
    (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? 'hnb659fds';
  const resources = [
    `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${stack.account}-${stack.region}/*`,
  ];
  const cfnBucket = bucket.node.defaultChild;
  if (Stack.of(bucket) === stack && cfnBucket instanceof CfnElement) {
    resources.push(`Resource::<${stack.getLogicalId(cfnBucket)}.Arn>/*`);
  }
  return resources;
}

/** The stack-wide singleton Lambda that BucketDeployment uses (same memory limit → one function). */
function singletonHandler(deployment: s3deploy.BucketDeployment): IConstruct {
  const stack = Stack.of(deployment);
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('BucketDeployment handler not found in the stack');
  return handler;
}

/**
 * Acknowledges, on the offending constructs only, the findings of CDK's own deployment handler,
 * which we cannot configure: it runs only during `cdk deploy`, never on user traffic.
 */
function acknowledgeDeploymentHandler(
  deployment: s3deploy.BucketDeployment,
  bucket: s3.IBucket,
  invalidates: boolean,
): void {
  const stack = Stack.of(deployment);
  const handler = singletonHandler(deployment);
  const fn = handler.node.defaultChild ?? handler;
  const role = handler.node.tryFindChild('ServiceRole');
  const policy = role?.node.tryFindChild('DefaultPolicy');
  for (const [id, reason] of [
    [
      'AwsSolutions::AwsSolutions-L1',
      'CDK pins the runtime of its BucketDeployment handler; it runs only at deploy time.',
    ],
    [
      'Serverless::Serverless-LambdaLatestVersion',
      'CDK pins the runtime of its BucketDeployment handler; it runs only at deploy time.',
    ],
    [
      'Serverless::Serverless-LambdaDLQ',
      'A CloudFormation custom resource reports failures to the stack, which rolls back; a DLQ adds nothing.',
    ],
    [
      'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ',
      'A CloudFormation custom resource reports failures to the stack, which rolls back; a DLQ adds nothing.',
    ],
    [
      'Serverless::Serverless-LambdaTracing',
      'The deploy-time copy of static files has no request path worth tracing.',
    ],
    [
      'NIST.800.53.R5::NIST.800.53.R5-LambdaConcurrency',
      'The handler runs once per deployment, invoked only by CloudFormation.',
    ],
    [
      'NIST.800.53.R5::NIST.800.53.R5-LambdaInsideVPC',
      'It only copies public static files from the CDK asset bucket to the public bucket over AWS APIs.',
    ],
  ] as const) {
    Validations.of(fn).acknowledge({ id, reason });
  }
  if (role) {
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK attaches the basic execution policy (its own logs) to the deployment handler role.',
    });
  }
  if (policy) {
    Validations.of(policy).acknowledge({
      id: 'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'CDK grants the deployment handler its bucket access through the role default policy.',
    });
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      ...wildcardResources(stack, bucket),
    ]) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`,
        reason:
          'CDK grant for copying assets into the widget bucket; scoped to the asset and destination buckets.',
      });
    }
    if (invalidates) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'CDK grants cloudfront:CreateInvalidation and GetInvalidation on * for the entry-file invalidation.',
      });
    }
  }
}
