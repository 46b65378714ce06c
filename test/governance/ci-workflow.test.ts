// The GitHub Actions workflow: pinned actions, read-only token, keyless OIDC deploys, audit/SBOM/nag/diff gates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const text = readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8');
const workflow = parse(text) as { on: any; permissions: any; jobs: Record<string, any> };
const jobs = workflow.jobs;
const steps = (job: string): any[] => jobs[job]!.steps;
const runs = (job: string): string =>
  steps(job)
    .map((s) => s.run ?? '')
    .join('\n');
const uses = Object.values(jobs).flatMap((job: any) => job.steps.map((s: any) => s.uses).filter(Boolean));

describe('CI/CD workflow', () => {
  it('every action is pinned to a full commit SHA', () => {
    expect(uses.length).toBeGreaterThan(5);
    expect(uses.filter((u: string) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(u))).toEqual([]);
  });

  it('the workflow token is read-only; only the OIDC jobs may request id-token write', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(jobs)
      .filter(([, job]) => job.permissions && Object.values(job.permissions).includes('write'))
      .map(([name, job]) => [name, job.permissions]);
    expect(writers).toEqual([
      ['diff', { contents: 'read', 'id-token': 'write' }],
      ['deploy', { contents: 'read', 'id-token': 'write' }],
    ]);
  });

  it('no long-lived AWS keys: credentials come only from role-to-assume through OIDC', () => {
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id|secrets\./);
    const credentialSteps = Object.values(jobs).flatMap((job: any) =>
      job.steps.filter((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials')),
    );
    expect(credentialSteps).toHaveLength(2);
    for (const step of credentialSteps)
      expect(Object.keys(step.with).sort()).toEqual(['aws-region', 'role-session-name', 'role-to-assume']);
  });

  it('every change is linted, tested, synthesized with cdk-nag and checked against the threat model', () => {
    const verify = runs('verify');
    expect(verify).toContain('npm ci');
    expect(verify).toContain('npm run lint');
    expect(verify).toContain('npm test');
    expect(verify).toContain('npm run threat-model');
    expect(verify).toContain('cdk synth --quiet -c env=dev');
    expect(verify).toContain('cdk synth --quiet -c env=prod');
  });

  it('the dependency audit gate and the SBOM run on every change and the SBOM is kept', () => {
    const chain = runs('supply-chain');
    expect(chain).toContain('npm ci --no-audit --ignore-scripts');
    expect(chain).toContain('npm run audit:deps');
    expect(chain).toContain('npm run sbom');
    expect(steps('supply-chain').some((s) => s.with?.path === 'dist/sbom.cdx.json')).toBe(true);
  });

  it('pull requests get a cdk diff artefact made with the read-only diff role, never from forks', () => {
    expect(jobs.diff.if).toContain("github.event_name == 'pull_request'");
    expect(jobs.diff.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(runs('diff')).toContain('npx cdk diff');
    const role = steps('diff').find((s) => s.with?.['role-to-assume'])!.with['role-to-assume'];
    expect(role).toMatch(/-github-diff$/);
    expect(steps('diff').some((s) => String(s.with?.path).startsWith('cdk-diff-'))).toBe(true);
  });

  it('deploys run only from main, after verify and the supply-chain gate, through an approved environment', () => {
    expect(jobs.deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(jobs.deploy.needs).toEqual(['verify', 'supply-chain']);
    expect(jobs.deploy.environment).toBe('production');
    expect(runs('deploy')).toContain('cdk deploy -c env=prod --exclusively');
    expect(runs('deploy')).toContain('npm run stack-policies -- --env prod');
  });

  it('checkout never persists the token into the workspace', () => {
    const checkouts = Object.values(jobs).flatMap((job: any) =>
      job.steps.filter((s: any) => String(s.uses).startsWith('actions/checkout@')),
    );
    expect(checkouts.length).toBe(4);
    expect(checkouts.every((s: any) => s.with?.['persist-credentials'] === false)).toBe(true);
  });

  it('every AWS session is named after the workflow run so CloudTrail ties each call to a run', () => {
    const sessions = Object.values(jobs).flatMap((job: any) =>
      job.steps
        .filter((s: any) => s.with?.['role-session-name'])
        .map((s: any) => s.with['role-session-name']),
    );
    expect(sessions).toEqual(['cdk-diff-${{ github.run_id }}', 'cdk-deploy-${{ github.run_id }}']);
    expect(
      steps('deploy').find((s) => s.with?.name?.startsWith('deployed-diff-'))?.with['retention-days'],
    ).toBe(365);
  });
});
