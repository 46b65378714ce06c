// Runbooks name the commands that carry out each incident-response step of the seed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', '..', 'docs', 'runbooks');
const runbook = (name: string) => readFileSync(join(dir, `${name}.md`), 'utf8');
const commands = (text: string) => [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');

describe('runbooks', () => {
  it('key and certificate compromise runbook revokes and rotates the signing key, a partner certificate and an LLM key', () => {
    const text = runbook('key-or-certificate-compromise');
    const sh = commands(text);
    expect(sh).toContain('"operation\\":\\"revoke\\",\\"kid\\"');
    expect(sh).toContain('aws secretsmanager rotate-secret');
    expect(text).toContain('/certificates/<certKey>/revoke');
    expect(sh).toContain('aws elbv2 describe-trust-store-revocations');
    expect(text).toContain('deploy/partner-trust/$ENV/');
    expect(sh).toContain('aws secretsmanager put-secret-value');
    expect(text).toMatch(/Revoke the old key in the provider console/);
  });

  it('key compromise runbook audits recent secret access in CloudTrail and notifies the partners', () => {
    const text = runbook('key-or-certificate-compromise');
    const sh = commands(text);
    expect(sh).toContain('AttributeKey=EventName,AttributeValue=GetSecretValue');
    expect(sh).toContain('PutSecretValue UpdateSecret DeleteSecret');
    expect(text).toContain('securityContact');
    expect(text).toMatch(/## 4\. Notify[\s\S]*Partners[\s\S]*Internal/);
  });

  it('certificates outside ACM (partner CA bundle, MCP client certificates) get a monthly expiry check', () => {
    const text = runbook('key-or-certificate-compromise');
    const sh = commands(text);
    expect(text).toContain('first working day');
    expect(sh).toContain("grep -E 'Subject:|Not After'");
    expect(sh).toContain('openssl x509 -noout -subject -enddate');
  });

  it('data breach runbook contains the access, preserves evidence and notifies within the deadline', () => {
    const text = runbook('data-breach');
    const sh = commands(text);
    expect(sh).toContain('aws s3control put-public-access-block');
    expect(sh).toContain('aws:TokenIssueTime');
    expect(sh).toContain('aws cloudtrail lookup-events');
    expect(text).toContain('72 hours');
    expect(text).toContain('t#<tenant>#');
  });

  it('DDoS runbook names the WAF, Shield and throttling levers with commands', () => {
    const text = runbook('ddos');
    const sh = commands(text);
    expect(sh).toContain('aws wafv2 get-sampled-requests');
    expect(sh).toContain('aws shield update-application-layer-automatic-response');
    expect(sh).toContain('aws shield associate-drt-role');
    expect(text).toContain('waf.edgeRateLimitPer5Min');
    expect(text).toContain('/suspend');
  });

  it('region failover runbook drains the cell in DNS, checks fresh tokens from the surviving cell and fails back', () => {
    const text = runbook('region-failover');
    const sh = commands(text);
    expect(sh).toContain('aws route53 update-health-check --health-check-id "$HC" --inverted');
    expect(sh).toContain('aws route53 update-health-check --health-check-id "$HC" --no-inverted');
    expect(sh).toContain('ReplicationLatency');
    expect(sh).toContain('/v1/session-tokens');
    expect(text).toContain('a token from the failed cell must be refused');
  });

  it('DR test runbook runs the restore test and the failover drill on a schedule and records the results', () => {
    const text = runbook('dr-test');
    const sh = commands(text);
    expect(text).toContain('Sunday 03:00 UTC');
    expect(sh).toContain('aws backup list-restore-jobs');
    expect(sh).toContain('aws backup put-restore-validation-result');
    expect(sh).toContain('aws dynamodb restore-table-to-point-in-time');
    expect(text).toContain('docs/runbooks/region-failover.md');
    expect(text).toMatch(/## 4\. Record the results/);
  });

  it('every runbook names an owner, a review date and its commands', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    expect(files).toEqual(
      expect.arrayContaining([
        'data-breach.md',
        'ddos.md',
        'dr-test.md',
        'key-or-certificate-compromise.md',
        'region-failover.md',
      ]),
    );
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toMatch(/^- Owner: .+/m);
      expect(text).toMatch(/^- Last reviewed: \d{4}-\d{2}-\d{2}/m);
      expect(
        commands(text)
          .split('\n')
          .filter((l) => l.trim().startsWith('aws ')).length,
      ).toBeGreaterThanOrEqual(2);
    }
  });
});
