// Guards the threat-model matrix: every row implemented and proven by a real test, every seed mitigation covered.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { effectiveStatus, THREAT_MODEL, type ThreatModelRow } from '../../lib/threat-model';
import { REPO_ROOT, referenceProblems, shapeProblems, testTitles } from './matrix-checks';

const seedText = {
  'cloud-system-design': readFileSync(
    join(REPO_ROOT, 'docs/threat-model/seed-cloud-system-design.txt'),
    'utf8',
  ),
  overview: readFileSync(join(REPO_ROOT, 'docs/threat-model/seed-overview.txt'), 'utf8'),
};

/** Every mitigation the seeds list (section → quotes), each of which needs at least one row. */
const SEED_MITIGATIONS: Record<string, readonly string[]> = {
  'Application Load Balancer': [
    'TLS',
    'WAF',
    'DDoS protection',
    'strict routing',
    'logging',
    'multi-region',
    'auto-scaling',
  ],
  'API Gateway': [
    'AuthN/Z',
    'input validation',
    'rate limiting',
    'audit logs',
    'single entry point for all public/partner/admin access',
  ],
  'ECS/EKS (App Services)': [
    'Network segmentation',
    'IAM roles',
    'container hardening',
    'logging',
    'multi-tenancy isolation',
  ],
  'RDS/Database': ['Encryption at rest', 'VPC-only access', 'IAM', 'audit logs'],
  'S3 (Public/Private)': ['Bucket policies', 'encryption', 'S3 Block Public Access', 'versioning'],
  'CloudFront CDN': ['Signed URLs', 'HTTPS-only', 'origin restrictions', 'logging'],
  'LLM Context Service': ['IAM', 'input validation', 'output filtering', 'least privilege'],
  'Cloud IAM & Management': ['MFA', 'least privilege', 'audit logs', 'change management'],
  'VPC Networking': ['Security groups', 'NACLs', 'private subnets', 'flow logs'],
  'CI/CD Pipeline': ['Pipeline isolation', 'secrets management', 'code review', 'audit logs'],
  'Public Exposure of Services': [
    'Restrict public endpoints',
    'use WAF',
    'enforce HTTPS',
    'monitor for open ports',
    'Use a single, well-audited gateway (API Gateway/ELB) for all public, partner, and admin access',
  ],
  'Misconfigured IAM Roles/Policies': [
    'Principle of least privilege',
    'regular IAM audits',
    'automated policy checks',
  ],
  'Data Leakage from S3 or RDS': ['S3 Block Public Access', 'encryption', 'VPC-only access', 'audit logs'],
  'Lateral Movement within VPC': [
    'Micro-segmentation',
    'security groups',
    'NACLs',
    'service-to-service auth',
    'Enforce mTLS for all S2S/API communication between partner backends and Sprinklr Cloud backend.',
  ],
  'Certificate, Key, and Secret Management': [
    'Use a centralized secrets management solution (e.g., AWS Secrets Manager, HashiCorp Vault) for all mTLS certificates, API keys, and sensitive configs.',
    'Enforce automated certificate/key rotation and expiration policies.',
    'Monitor vault access and changes with audit logging and alerting.',
    'Encrypt secrets at rest and in transit.',
    'Restrict vault access to least-privilege roles and require MFA for sensitive operations.',
    'Regularly review and test incident response for key/certificate compromise.',
  ],
  'Compromised CI/CD Pipeline': ['Secrets management', 'pipeline isolation', 'code review', 'audit logging'],
  'Abuse of Cloud Management Plane': ['MFA', 'role-based access', 'change management', 'monitoring'],
  'DDoS Attacks': [
    'AWS Shield',
    'rate limiting',
    'auto-scaling',
    'WAF',
    'ELB and multi-region deployment ensure scalability and service continuity',
  ],
  'Supply Chain Attacks (Dependencies, Images)': [
    'Signed images',
    'dependency scanning',
    'SRI',
    'version pinning',
  ],
  'Cloud-Specific Incident Response': [
    'Enable and monitor CloudTrail, VPC flow logs, and GuardDuty.',
    'Define runbooks for cloud incident response (e.g., key compromise, data breach, DDoS).',
    'Regularly test backup and disaster recovery procedures, including multi-region failover.',
    'Automate alerting for anomalous cloud activity (IAM, network, storage).',
    'Ensure mTLS certificate/key compromise can be rapidly detected, contained, and rotated.',
    'Monitor and audit all access to secrets management/vault systems; alert on suspicious or unauthorized access.',
    'Immediately revoke and rotate affected credentials in the vault.',
    'Audit all recent access and changes to vault/config management.',
    'Notify affected partners and internal teams.',
    'Review and update incident response and recovery procedures.',
  ],
  'Threat Modeling Scope': [
    'The model assumes a zero-trust approach for all interactions crossing into Sprinklr from external users, systems, or services.',
  ],
  'Cloud Trust Boundaries': [
    'Sprinklr SaaS Internal Segmentation: Isolation between microservices, databases, storage, and LLM context services within the VPC.',
  ],
};

const implemented = THREAT_MODEL.filter((row) => effectiveStatus(row) === 'implemented');

describe('threat-model matrix', () => {
  it('lists at least 60 rows with unique ids', () => {
    expect(THREAT_MODEL.length).toBeGreaterThanOrEqual(60);
    const ids = THREAT_MODEL.map((row) => row.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !/^[A-Z0-9-]+$/.test(id))).toEqual([]);
  });

  it('every row names an implementation and a proof in the reference formats', () => {
    expect(THREAT_MODEL.flatMap(shapeProblems)).toEqual([]);
  });

  it('every seed section and quote is verbatim from the seed documents', () => {
    const missing = THREAT_MODEL.filter((row) => {
      const text = seedText[row.seed.document];
      return !text.includes(row.seed.section) || !text.includes(row.seed.quote);
    }).map((row) => row.id);
    expect(missing).toEqual([]);
  });

  it('covers every mitigation of the STRIDE table, the key risks, incident response and the zero-trust scope', () => {
    const uncovered = Object.entries(SEED_MITIGATIONS).flatMap(([section, quotes]) =>
      quotes
        .filter(
          (quote) => !THREAT_MODEL.some((row) => row.seed.section === section && row.seed.quote === quote),
        )
        .map((quote) => `${section}: ${quote}`),
    );
    expect(uncovered).toEqual([]);
  });

  it('implemented rows: every implementing file exists and defines the named symbol', () => {
    expect(implemented.length).toBeGreaterThan(0);
    const problems = implemented.flatMap((row) =>
      referenceProblems({ ...row, provenBy: [] }).filter((p) => !p.endsWith('no proof')),
    );
    expect(problems).toEqual([]);
  });

  it('implemented rows: every proof names an existing test file and a test title inside it', () => {
    expect(implemented.flatMap((row) => referenceProblems(row))).toEqual([]);
  });

  it('the guard refuses a row without implementation, without proof, or naming a missing file or test', () => {
    const root = mkdtempSync(join(tmpdir(), 'matrix-guard-'));
    try {
      mkdirSync(join(root, 'lib'));
      mkdirSync(join(root, 'test'));
      writeFileSync(join(root, 'lib', 'control.ts'), 'export class Control {}\n');
      writeFileSync(
        join(root, 'test', 'control.test.ts'),
        "it('refuses the attack', () => {});\nit.skip('skipped', () => {});\n",
      );
      const row: ThreatModelRow = {
        id: 'X',
        mitigation: 'x',
        seed: { document: 'overview', section: 's', quote: 'q' },
        stride: ['S'],
        implementedBy: ['lib/control.ts#Control'],
        provenBy: ['test/control.test.ts › refuses the attack'],
        owner: 'governance',
        status: 'implemented',
      };
      expect(referenceProblems(row, root)).toEqual([]);
      expect(referenceProblems({ ...row, implementedBy: [] }, root)).toEqual(['X: no implementation']);
      expect(referenceProblems({ ...row, provenBy: [] }, root)).toEqual(['X: no proof']);
      expect(referenceProblems({ ...row, implementedBy: ['lib/nothing.ts'] }, root)).toEqual([
        'X: implementation lib/nothing.ts does not exist',
      ]);
      expect(referenceProblems({ ...row, implementedBy: ['lib/control.ts#Other'] }, root)).toEqual([
        'X: lib/control.ts does not define Other',
      ]);
      expect(
        referenceProblems({ ...row, provenBy: ['test/none.test.ts › refuses the attack'] }, root),
      ).toEqual(['X: test file test/none.test.ts does not exist']);
      expect(referenceProblems({ ...row, provenBy: ['test/control.test.ts › skipped'] }, root)).toEqual([
        'X: test/control.test.ts has no test titled "skipped"',
      ]);
      expect(referenceProblems({ ...row, provenBy: ['test/control.test.ts'] }, root)).toEqual([
        'X: proof "test/control.test.ts" must read "<test file> › <test title>"',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads test titles from it, test and it.each declarations, across lines and escapes', () => {
    const source = [
      "it('plain', () => {});",
      'test(\n  "double with it\'s apostrophe",\n  () => {},\n);',
      "it.each([['a', () => f()]])('each %s', () => {});",
      "it('escaped it\\'s', () => {});",
      "it.todo('later');",
    ].join('\n');
    expect(testTitles(source)).toEqual(['plain', "double with it's apostrophe", 'each %s', "escaped it's"]);
  });

  it('npm run threat-model prints the table, and --json an array of rows with id, mitigation, implementedBy, provenBy', () => {
    const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const script = join(REPO_ROOT, 'scripts', 'threat-model.ts');
    const table = execFileSync(process.execPath, [tsx, script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(table.split('\n')[0]).toMatch(
      /^ID\s+STRIDE\s+STATUS\s+OWNER\s+SEED\s+IMPLEMENTED BY\s+PROVEN BY$/,
    );
    expect(table).toContain(`${THREAT_MODEL.length} rows:`);
    const json = JSON.parse(
      execFileSync(process.execPath, [tsx, script, '--json'], { cwd: REPO_ROOT, encoding: 'utf8' }),
    );
    expect(json).toHaveLength(THREAT_MODEL.length);
    expect(json[0]).toEqual(
      expect.objectContaining({
        id: THREAT_MODEL[0]!.id,
        mitigation: THREAT_MODEL[0]!.mitigation,
        implementedBy: THREAT_MODEL[0]!.implementedBy,
        provenBy: THREAT_MODEL[0]!.provenBy,
      }),
    );
  });
});
