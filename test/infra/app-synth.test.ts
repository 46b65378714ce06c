// Whole-app synthesis for every shipped config and every cell region, with the cdk-nag packs as validation plugins.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { SecureBucket } from '../../lib/constructs/secure-bucket';
import { buildApp, testConfig, type BuiltApp } from './support/synth-app';

interface ValidationReport {
  readonly pluginReports: readonly {
    pluginName: string;
    conclusion: string;
    violations: readonly unknown[];
  }[];
}

/** The stacks of the cloud foundation (issue 2): edge, network, data, secops. */
const isFoundation = (stackName: string) => /-(edge|network|data|secops)$/.test(stackName);
const foundationStacks = (assembly: CloudAssembly) =>
  assembly.stacks.filter((s) => isFoundation(s.stackName));

const readReport = (assembly: CloudAssembly): ValidationReport =>
  JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;

describe.each(['dev', 'prod'] as const)('the whole %s app with cdk-nag', (env) => {
  let built: BuiltApp;
  let assembly: CloudAssembly;

  beforeAll(() => {
    built = buildApp(testConfig(env), { nag: true, outdir: mkdtempSync(join(tmpdir(), `synth-${env}-`)) });
    // In-memory synthesis throws a ValidationFailed error listing every open finding.
    assembly = built.app.synth();
  });

  it('synthesizes an edge stack and network, data and secops stacks for every cell region', () => {
    const names = assembly.stacks.map((s) => s.stackName).sort();
    const prefix = `livechat-${env}`;
    const expected = [
      `${prefix}-edge`,
      ...built.config.cells.flatMap((c) =>
        ['network', 'data', 'secops'].map((p) => `${prefix}-${c.region}-${p}`),
      ),
    ].sort();
    expect(names).toEqual(expect.arrayContaining(expected));
  });

  it('pins every stack to the configured account and an explicit region', () => {
    for (const stack of assembly.stacks) {
      expect(stack.environment.account).toBe(built.config.account);
      expect(stack.environment.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    }
    expect(built.edge.region).toBe('us-east-1');
    expect(built.cells.map((c) => c.data.region)).toEqual(built.config.cells.map((c) => c.region));
  });

  it('cdk-nag reports nothing open (AwsSolutions, Serverless, NIST 800-53 R5, PCI DSS 3.2.1)', () => {
    const report = readReport(assembly);
    const open = report.pluginReports.flatMap((p) => p.violations.map((v) => ({ plugin: p.pluginName, v })));
    expect(open).toEqual([]);
    expect(report.pluginReports.every((p) => p.conclusion !== 'failure')).toBe(true);
  });

  it('writes every acknowledgement into the template metadata with a reason', () => {
    const suppressions = assembly.stacks.flatMap((stack) =>
      Object.values(stack.template.Resources as Record<string, any>).flatMap(
        (r) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[],
      ),
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) expect(s.reason.length).toBeGreaterThan(20);
  });

  it('creates no custom resources but the default-SG guard and, at the edge, export writer and widget deployment', () => {
    for (const stack of foundationStacks(assembly)) {
      const resources = Object.values(stack.template.Resources as Record<string, { Type: string }>);
      const custom = resources.filter(
        (r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource',
      );
      const allowed = stack.stackName.endsWith('-network')
        ? ['Custom::VpcRestrictDefaultSG']
        : stack.stackName.endsWith('-edge')
          ? ['Custom::CrossRegionExportWriter', 'Custom::CDKBucketDeployment']
          : [];
      for (const r of custom) expect(allowed).toContain(r.Type);
    }
  });

  it('declares every bucket through SecureBucket: public access blocked, encrypted, TLS-only', () => {
    const cfnBuckets = built.app.node
      .findAll()
      .filter((c): c is s3.CfnBucket => c instanceof s3.CfnBucket && isFoundation(Stack.of(c).stackName));
    expect(cfnBuckets.length).toBeGreaterThan(0);
    for (const cfnBucket of cfnBuckets) expect(cfnBucket.node.scope?.node.scope).toBeInstanceOf(SecureBucket);
    for (const stack of foundationStacks(assembly)) {
      const resources = stack.template.Resources as Record<
        string,
        { Type: string; Properties: any; Metadata: any }
      >;
      const buckets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket');
      const policies = Object.values(resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy');
      for (const [logicalId, bucket] of buckets) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toHaveLength(1);
        const policy = policies.find((p) => p.Properties.Bucket.Ref === logicalId);
        expect(policy?.Properties.PolicyDocument.Statement).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        );
      }
    }
  });

  it('declares every log group with a customer-managed key and a retention', () => {
    for (const stack of foundationStacks(assembly)) {
      const resources = Object.values(
        stack.template.Resources as Record<string, { Type: string; Properties: any }>,
      );
      for (const logGroup of resources.filter((r) => r.Type === 'AWS::Logs::LogGroup')) {
        expect(logGroup.Properties.KmsKeyId).toBeDefined();
        expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
      }
    }
  });
});

describe('the nag check itself', () => {
  it('fails synthesis on an open finding (a bucket without logs, TLS policy or encryption)', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'synth-bad-')) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Bad', { env: { account: '111111111111', region: 'eu-west-1' } });
    new s3.Bucket(stack, 'Plain');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    expect(existsSync(join(app.outdir, 'validation-report.json'))).toBe(true);
  });
});
