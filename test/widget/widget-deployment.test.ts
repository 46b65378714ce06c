// WidgetDeployment: cache headers per file class, one hashed asset built at synth, no pruning, nag-clean handler.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WIDGET_ENTRY_FILES, WidgetDeployment } from '../../lib/constructs/widget-deployment';

const ENV = { account: '111111111111', region: 'us-east-1' };
const PUBLIC_PATH = 'https://static.chat.example.test/widget/';

function edgeStack(options: { nag?: boolean; distribution?: boolean } = {}) {
  const app = new App();
  if (options.nag) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
      new ServerlessChecks(app, { writeSuppressionsToCloudFormation: true }),
      new NIST80053R5Checks(app, { writeSuppressionsToCloudFormation: true }),
    );
  }
  const stack = new Stack(app, 'Edge', { env: ENV });
  const bucket = new s3.Bucket(stack, 'SiteBucket', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
  });
  const distribution = options.distribution
    ? new cloudfront.Distribution(stack, 'Distribution', {
        defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(bucket) },
      })
    : undefined;
  const widget = new WidgetDeployment(stack, 'Widget', {
    bucket,
    publicPath: PUBLIC_PATH,
    ...(distribution ? { distribution } : {}),
  });
  return { app, stack, widget };
}

const deployments = (template: Template) => template.findResources('Custom::CDKBucketDeployment');
const byCache = (template: Template, cacheControl: string) =>
  Object.entries(deployments(template)).find(
    ([, r]) => (r as any).Properties.SystemMetadata?.['cache-control'] === cacheControl,
  );

describe('WidgetDeployment', () => {
  const { app, stack } = edgeStack();
  const template = Template.fromStack(stack);

  test('hashed files are cached for a year as immutable', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      DestinationBucketKeyPrefix: 'widget/',
      Exclude: [...WIDGET_ENTRY_FILES],
    });
  });

  test('loader, manifest and snippet are cached for one minute only', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'public, max-age=60' },
      DestinationBucketKeyPrefix: 'widget/',
      Exclude: ['*'],
      Include: [...WIDGET_ENTRY_FILES],
    });
  });

  test('deployments never prune and keep the files when the stack is deleted', () => {
    for (const resource of Object.values(deployments(template))) {
      expect((resource as any).Properties).toMatchObject({ Prune: false, RetainOnDelete: true });
    }
  });

  test('entry files are published only after the hashed files they point at', () => {
    const [hashedId] = byCache(template, 'public, max-age=31536000, immutable')!;
    const [, entry] = byCache(template, 'public, max-age=60')!;
    expect((entry as any).DependsOn).toEqual(expect.arrayContaining([hashedId]));
  });

  test('both deployments copy the same asset, built at synth with SRI hashes that match its files', () => {
    const keys = Object.values(deployments(template)).map((r) =>
      JSON.stringify((r as any).Properties.SourceObjectKeys),
    );
    expect(new Set(keys).size).toBe(1);
    const assetHash = /([0-9a-f]{64})\.zip/.exec(keys[0]!)![1]!;
    const dir = join(app.synth().directory, `asset.${assetHash}`);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    for (const file of [manifest.files.js, manifest.files.css]) {
      const bytes = readFileSync(join(dir, file.path));
      expect(`sha384-${createHash('sha384').update(bytes).digest('base64')}`).toBe(file.integrity);
    }
    expect(readFileSync(join(dir, 'embed-snippet.html'), 'utf8')).toContain(
      `src="${PUBLIC_PATH}${manifest.files.js.path}"`,
    );
    expect(existsSync(join(dir, 'demo'))).toBe(false);
  });

  test('the destination is the bucket passed in, nothing else', () => {
    const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket'));
    for (const resource of Object.values(deployments(template))) {
      expect((resource as any).Properties.DestinationBucketName).toEqual({ Ref: bucketId });
    }
    template.resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('refuses a key prefix that is absolute or lacks the trailing slash', () => {
    const stack2 = new Stack(new App(), 'Other', { env: ENV });
    const bucket = new s3.Bucket(stack2, 'B');
    expect(() => new WidgetDeployment(stack2, 'W1', { bucket, keyPrefix: '/widget/' })).toThrow(/keyPrefix/);
    expect(() => new WidgetDeployment(stack2, 'W2', { bucket, keyPrefix: 'widget' })).toThrow(/keyPrefix/);
  });

  test('refuses a deploy-time token as public path, since the snippet is written at synth', () => {
    const stack2 = new Stack(new App(), 'Other', { env: ENV });
    const bucket = new s3.Bucket(stack2, 'B');
    expect(
      () =>
        new WidgetDeployment(stack2, 'W', {
          bucket,
          publicPath: `https://${bucket.bucketDomainName}/widget/`,
        }),
    ).toThrow(/literal URL/);
  });
});

describe('WidgetDeployment with a distribution', () => {
  test('invalidates only the short-cached entry files', () => {
    const { stack } = edgeStack({ distribution: true });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'public, max-age=60' },
      DistributionPaths: WIDGET_ENTRY_FILES.map((f) => `/widget/${f}`),
    });
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      DistributionId: Match.absent(),
    });
  });
});

describe('WidgetDeployment under cdk-nag', () => {
  test('the widget and its deployment handler leave no unacknowledged finding, and each acknowledgement has a reason', () => {
    const { app } = edgeStack({ nag: true, distribution: true });
    let report: any;
    try {
      app.synth();
    } catch (error) {
      const path = /found in: (\S+)/.exec(String(error))?.[1];
      if (!path) throw error;
      report = JSON.parse(readFileSync(path, 'utf8'));
    }
    const violations = (report?.pluginReports ?? []).flatMap((p: any) =>
      p.violations.flatMap((v: any) =>
        v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.constructPath}`),
      ),
    );
    // The fixture bucket and distribution stand in for the edge stack's own, whose findings are not this construct's.
    expect(violations.filter((v: string) => !/ Edge\/(SiteBucket|Distribution)\//.test(v))).toEqual([]);
    const acknowledged = (report?.pluginReports ?? []).flatMap((p: any) => p.suppressedViolations ?? []);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) {
      expect(ack.reason).toMatch(/\w+ \w+ \w+/);
      for (const c of ack.violatingConstructs)
        expect(c.constructPath).toMatch(/^Edge\/Custom::CDKBucketDeployment/);
    }
  });
});
