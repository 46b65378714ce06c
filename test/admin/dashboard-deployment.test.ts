// DashboardDeployment and the dashboard build: hashed files, a short-cached index.html naming them, nag-clean handler.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DashboardDeployment } from '../../lib/constructs/dashboard-deployment';
import { WidgetDeployment } from '../../lib/constructs/widget-deployment';
import { buildDashboardSync } from '../../scripts/build-dashboard';
import { addNagPlugins, synthFindings } from '../support/nag-findings';

const ENV = { account: '111111111111', region: 'us-east-1' };

function edgeStack(options: { nag?: boolean; widget?: boolean } = {}) {
  const app = new App();
  if (options.nag) addNagPlugins(app);
  const stack = new Stack(app, 'Edge', { env: ENV });
  const bucket = new s3.Bucket(stack, 'SiteBucket', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
  });
  const distribution = new cloudfront.Distribution(stack, 'Distribution', {
    defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(bucket) },
  });
  if (options.widget) new WidgetDeployment(stack, 'Widget', { bucket, distribution });
  const dashboard = new DashboardDeployment(stack, 'Dashboard', { bucket, distribution });
  return { app, stack, bucket, dashboard };
}

const deployments = (template: Template) =>
  Object.values(template.findResources('Custom::CDKBucketDeployment')).map((r: any) => r.Properties);

describe('DashboardDeployment', () => {
  const { app, stack } = edgeStack();
  const template = Template.fromStack(stack);

  test('hashed files are cached for a year as immutable', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      DestinationBucketKeyPrefix: 'admin/',
      Exclude: ['index.html'],
      DistributionId: Match.absent(),
    });
  });

  test('index.html is cached for one minute and invalidated after each deployment', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'public, max-age=60' },
      DestinationBucketKeyPrefix: 'admin/',
      Exclude: ['*'],
      Include: ['index.html'],
      DistributionPaths: ['/admin/index.html'],
    });
  });

  test('index.html is published only after the hashed files it names, and nothing is ever pruned', () => {
    const resources = template.findResources('Custom::CDKBucketDeployment');
    const [hashedId] = Object.entries(resources).find(([, r]: [string, any]) =>
      r.Properties.SystemMetadata['cache-control'].includes('immutable'),
    )!;
    const [, entry] = Object.entries(resources).find(
      ([, r]: [string, any]) => r.Properties.SystemMetadata['cache-control'] === 'public, max-age=60',
    )!;
    expect((entry as any).DependsOn).toEqual(expect.arrayContaining([hashedId]));
    for (const p of deployments(template)) expect(p).toMatchObject({ Prune: false, RetainOnDelete: true });
  });

  test('the synth-time asset holds index.html naming hashed files it contains, for the same-origin API', () => {
    const keys = deployments(template).map((p) => JSON.stringify(p.SourceObjectKeys));
    expect(new Set(keys).size).toBe(1);
    const assetHash = /([0-9a-f]{64})\.zip/.exec(keys[0]!)![1]!;
    const dir = join(app.synth().directory, `asset.${assetHash}`);
    const files = readdirSync(dir);
    expect(files).toHaveLength(3);
    expect(files).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^app-[0-9a-f]{16}\.css$/),
        expect.stringMatching(/^app-[0-9a-f]{16}\.js$/),
        'index.html',
      ]),
    );
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const file of files.filter((f) => f !== 'index.html')) expect(html).toContain(`"${file}"`);
    expect(html).toContain('<meta name="admin-api-base" content="" />');
    expect(html).toContain('<meta name="admin-login-url" content="/admin/login" />');
  });

  test('refuses a key prefix that is absolute or lacks the trailing slash', () => {
    const other = new Stack(new App(), 'Other', { env: ENV });
    const bucket = new s3.Bucket(other, 'B');
    expect(() => new DashboardDeployment(other, 'D1', { bucket, keyPrefix: '/admin/' })).toThrow(/keyPrefix/);
    expect(() => new DashboardDeployment(other, 'D2', { bucket, keyPrefix: 'admin' })).toThrow(/keyPrefix/);
  });
});

describe('DashboardDeployment under cdk-nag', () => {
  // The fixture bucket and distribution stand in for the edge stack's own, whose findings are not this construct's.
  const ownFindings = (app: App) =>
    synthFindings(app).filter((f) => !/^Edge\/(SiteBucket|Distribution)\//.test(f.path));

  test('leaves no open finding on its deployment handler', () => {
    expect(ownFindings(edgeStack({ nag: true }).app)).toEqual([]);
  });

  test('leaves no open finding beside the widget deployment, which shares the handler', () => {
    expect(ownFindings(edgeStack({ nag: true, widget: true }).app)).toEqual([]);
  });
});

describe('dashboard build', () => {
  test('is deterministic: the same sources give the same hashed names', () => {
    const first = buildDashboardSync({ outDir: mkdtempSync(join(tmpdir(), 'dashboard-a-')) });
    const second = buildDashboardSync({ outDir: mkdtempSync(join(tmpdir(), 'dashboard-b-')) });
    expect([second.js, second.css]).toEqual([first.js, first.css]);
    expect(readFileSync(join(second.outDir, second.js))).toEqual(readFileSync(join(first.outDir, first.js)));
  });

  test('replaces earlier build files in its output directory instead of piling them up', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'dashboard-c-'));
    writeFileSync(join(outDir, 'app.js'), 'old');
    writeFileSync(join(outDir, 'app-0000000000000000.css'), 'old');
    const built = buildDashboardSync({ outDir });
    expect(readdirSync(outDir).sort()).toEqual([built.css, built.js, 'index.html'].sort());
  });

  test('escapes the API base and sign-in URL it writes into index.html', () => {
    const built = buildDashboardSync({
      outDir: mkdtempSync(join(tmpdir(), 'dashboard-d-')),
      apiBase: 'https://api.example.com/"><script>',
      loginUrl: '/dev-login',
    });
    const html = readFileSync(join(built.outDir, 'index.html'), 'utf8');
    expect(html).toContain('content="https://api.example.com/&#34;&#62;&#60;script&#62;"');
    expect(html).not.toContain('"><script>');
    expect(html).toContain('content="/dev-login"');
  });
});
