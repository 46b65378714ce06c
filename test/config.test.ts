// Config validation: every shipped config parses, and a bad field fails with its path in the message.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadConfig, parseConfig, ConfigError } from '../lib/config/load-config';

/** A custom domain for the dev config, without the primary admin edge certificate. */
const withDomain = () => ({
  zoneName: 'dev.livechat.example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  edgeCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
});
const devRaw = () => JSON.parse(readFileSync(join(__dirname, '..', 'config', 'dev.json'), 'utf8'));

describe('config', () => {
  it.each(['dev', 'prod'])('loads and validates config/%s.json', (env) => {
    const config = loadConfig(env);
    expect(config.envName).toBe(env);
    expect(config.cells.map((c) => c.region)).toContain(config.primaryRegion);
  });

  it('the default dev config has three cells with eu-west-1 primary', () => {
    const config = loadConfig('dev');
    expect(config.primaryRegion).toBe('eu-west-1');
    expect(config.cells.map((c) => c.region)).toEqual(['eu-west-1', 'us-east-1', 'ap-southeast-2']);
  });

  it.each([
    ['account', (c: any) => (c.account = '123'), 'account: must be a 12-digit AWS account id'],
    [
      'primaryRegion outside the cells',
      (c: any) => (c.primaryRegion = 'eu-central-1'),
      'primaryRegion: must be one of the cell regions',
    ],
    [
      'one AZ',
      (c: any) => (c.cells[0].availabilityZones = ['eu-west-1a']),
      'cells.0.availabilityZones: at least two AZs',
    ],
    [
      'AZ of another region',
      (c: any) => (c.cells[1].availabilityZones = ['eu-west-1a', 'eu-west-1b']),
      'cells.1.availabilityZones: must be in us-east-1',
    ],
    [
      'public VPC CIDR',
      (c: any) => (c.cells[0].vpcCidr = '52.10.0.0/16'),
      'cells.0.vpcCidr: must be inside an RFC 1918 private range',
    ],
    [
      'VPC CIDR just outside 172.16.0.0/12',
      (c: any) => (c.cells[1].vpcCidr = '172.32.0.0/16'),
      'cells.1.vpcCidr: must be inside an RFC 1918 private range',
    ],
    [
      'VPC CIDR with an octet over 255',
      (c: any) => (c.cells[0].vpcCidr = '10.300.0.0/16'),
      'cells.0.vpcCidr',
    ],
    ['guardDuty mode', (c: any) => (c.guardDuty.mode = 'maybe'), 'guardDuty.mode'],
    ['log retention', (c: any) => (c.retention.logDays = 42), 'retention.logDays: must be one of'],
    ['alert e-mail', (c: any) => (c.alertEmail = 'not-an-email'), 'alertEmail'],
    ['unknown field', (c: any) => (c.surprise = true), 'surprise'],
    [
      'trail adoption without an ARN',
      (c: any) => (c.cloudTrail = { mode: 'existing' }),
      'cloudTrail.existingTrailArn',
    ],
    ['duplicate cells', (c: any) => c.cells.push({ ...c.cells[0] }), 'cells: cell regions must be unique'],
    [
      'production without retain',
      (c: any) => ((c.production = true), (c.removalPolicy = 'destroy')),
      'removalPolicy',
    ],
    [
      'cell without an ALB certificate',
      (c: any) => delete c.cells[0].albCertificateArn,
      'cells.0.albCertificateArn',
    ],
    [
      'ALB certificate from another region',
      (c: any) => (c.cells[1].albCertificateArn = c.cells[0].albCertificateArn),
      'cells.1.albCertificateArn: must be an ACM certificate in us-east-1',
    ],
    ['cell without an admin host name', (c: any) => delete c.cells[0].adminHostName, 'cells.0.adminHostName'],
    [
      'admin host name with a scheme and port',
      (c: any) => (c.cells[0].adminHostName = 'https://admin.example.com:8443'),
      'cells.0.adminHostName: must be a lower-case DNS host name without scheme, port, path or wildcard',
    ],
    [
      'wildcard admin host name',
      (c: any) => (c.cells[0].adminHostName = '*.eu-west-1.dev.livechat.example.com'),
      'cells.0.adminHostName: must be a lower-case DNS host name',
    ],
    [
      'admin host name of the ALB itself',
      (c: any) => (c.cells[0].adminHostName = 'livechat-alb-123.eu-west-1.elb.amazonaws.com'),
      'cells.0.adminHostName: must be a custom name covered by the cell certificate',
    ],
    [
      'admin host name shared by two cells',
      (c: any) => (c.cells[1].adminHostName = c.cells[0].adminHostName),
      'cells.1.adminHostName: must be unique',
    ],
    [
      'domain without the primary admin edge certificate',
      (c: any) => (c.domain = withDomain()),
      'domain.primaryAdminEdgeCertificateArn',
    ],
    [
      'primary admin edge certificate outside the primary region',
      (c: any) =>
        (c.domain = {
          ...withDomain(),
          primaryAdminEdgeCertificateArn: c.cells[1].albCertificateArn,
        }),
      'domain.primaryAdminEdgeCertificateArn: must be an ACM certificate in the primary region eu-west-1',
    ],
    [
      'admin host name equal to the edge host name',
      (c: any) => (
        (c.domain = { ...withDomain(), primaryAdminEdgeCertificateArn: c.cells[0].albCertificateArn }),
        (c.cells[0].adminHostName = 'static.dev.livechat.example.com')
      ),
      'cells.0.adminHostName: must not be the edge (static.<zone>) or a WebSocket (ws-<region>.<zone>) host name',
    ],
    [
      'admin host name equal to a WebSocket host name',
      (c: any) => (
        (c.domain = { ...withDomain(), primaryAdminEdgeCertificateArn: c.cells[0].albCertificateArn }),
        (c.cells[2].adminHostName = 'ws-us-east-1.dev.livechat.example.com')
      ),
      'cells.2.adminHostName: must not be the edge',
    ],
    [
      'partner trust file that is not PEM',
      (c: any) => (c.partnerTrust = { caBundlePath: 'deploy/ca.der', revocationListPath: 'deploy/crl.pem' }),
      'partnerTrust.caBundlePath: a PEM file',
    ],
  ])('rejects a bad %s and names the field', (_name, mutate, expected) => {
    const raw = devRaw();
    mutate(raw);
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    expect(() => parseConfig(raw)).toThrow(expected);
  });

  it.each(['10.30.0.0/16', '172.16.0.0/16', '172.31.240.0/20', '192.168.0.0/16'])(
    'accepts the private VPC CIDR %s',
    (vpcCidr) => {
      const raw = devRaw();
      raw.cells[0].vpcCidr = vpcCidr;
      expect(parseConfig(raw).cells[0].vpcCidr).toBe(vpcCidr);
    },
  );

  it('passes the partner trust files and the transcript key through', () => {
    const raw = devRaw();
    raw.partnerTrust = {
      caBundlePath: 'deploy/partner-trust/prod/ca-bundle.pem',
      revocationListPath: 'deploy/partner-trust/prod/revocation-list.crl.pem',
    };
    raw.transcriptSigningPublicKeyPath = 'deploy/transcript-signing/prod-public-key.pem';
    const config = parseConfig(raw);
    expect(config.partnerTrust?.caBundlePath).toBe('deploy/partner-trust/prod/ca-bundle.pem');
    expect(config.transcriptSigningPublicKeyPath).toBe('deploy/transcript-signing/prod-public-key.pem');
  });

  it('accepts a custom domain whose primary admin edge certificate is in the primary region', () => {
    const raw = devRaw();
    raw.domain = { ...withDomain(), primaryAdminEdgeCertificateArn: raw.cells[0].albCertificateArn };
    expect(parseConfig(raw).domain?.primaryAdminEdgeCertificateArn).toBe(raw.cells[0].albCertificateArn);
  });

  it('names prod admin listeners one label under the zone, so a wildcard certificate covers them', () => {
    const prod = loadConfig('prod');
    for (const cell of prod.cells) {
      expect(cell.adminHostName).toBe(`admin-${cell.region}.${prod.domain!.zoneName}`);
    }
  });

  it('rejects an unknown env name and a path-like env name', () => {
    expect(() => loadConfig('nosuch')).toThrow(/No config for env "nosuch"/);
    expect(() => loadConfig('../etc')).toThrow(/Invalid env name/);
  });

  it('runs the tooling on Node 22 or later, as Lambda does', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});
