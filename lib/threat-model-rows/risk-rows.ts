// Rows for every key cloud risk of the seed and each of its listed mitigations.
import { CHAT_IMPL, GOV_IMPL, INFRA_IMPL, TOKENS_IMPL, WIDGET_IMPL } from './implementations';
import { CHAT, GOV, INFRA, TOKENS, WIDGET } from './proofs';
import type { SeedReference, ThreatModelRow } from './types';

const risk = (section: string, quote: string): SeedReference => ({
  document: 'cloud-system-design',
  section,
  quote,
});
const EXPOSURE = 'Public Exposure of Services';
const IAM = 'Misconfigured IAM Roles/Policies';
const LEAK = 'Data Leakage from S3 or RDS';
const LATERAL = 'Lateral Movement within VPC';
const SECRETS = 'Certificate, Key, and Secret Management';
const CICD = 'Compromised CI/CD Pipeline';
const MGMT = 'Abuse of Cloud Management Plane';
const DDOS = 'DDoS Attacks';
const SUPPLY = 'Supply Chain Attacks (Dependencies, Images)';

export const RISK_ROWS: readonly ThreatModelRow[] = [
  {
    id: 'EXPOSURE-RESTRICT-ENDPOINTS',
    mitigation:
      'Only CloudFront and the cell ALB are public; Config flags any publicly invokable Lambda and Access Analyzer any resource shared outside the account.',
    seed: risk(EXPOSURE, 'Restrict public endpoints'),
    stride: ['I', 'E'],
    implementedBy: [GOV_IMPL.configRules, GOV_IMPL.accessAnalyzer],
    provenBy: [GOV.configLambda, GOV.accessAnalyzer],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'EXPOSURE-WAF',
    mitigation: 'CloudFront carries a WAFv2 web ACL with AWS managed rule groups and a per-IP rate rule.',
    seed: risk(EXPOSURE, 'use WAF'),
    stride: ['T', 'D'],
    implementedBy: [INFRA_IMPL.webAcl],
    provenBy: [INFRA.edgeWaf, INFRA.edgeManagedRules],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'EXPOSURE-HTTPS',
    mitigation:
      'HTTPS everywhere: ALB redirects, CloudFront redirect-to-https, TLS-only bucket policies, checked by Config.',
    seed: risk(EXPOSURE, 'enforce HTTPS'),
    stride: ['T', 'I'],
    implementedBy: [GOV_IMPL.configRules],
    provenBy: [GOV.configHttps],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'EXPOSURE-OPEN-PORTS',
    mitigation:
      'Config rules restricted-ssh, restricted-common-ports and NACL SSH/RDP watch for open ports; every security-group change alerts.',
    seed: risk(EXPOSURE, 'monitor for open ports'),
    stride: ['I', 'E'],
    implementedBy: [GOV_IMPL.configRules, GOV_IMPL.alertPatterns],
    provenBy: [GOV.configExposureRules, GOV.configPorts, GOV.sgAlert],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'EXPOSURE-SINGLE-GATEWAY',
    mitigation:
      'One audited gateway per audience: CloudFront + WAF for browsers (origin-verify enforced), one ALB per cell for partners and admins.',
    seed: risk(
      EXPOSURE,
      'Use a single, well-audited gateway (API Gateway/ELB) for all public, partner, and admin access',
    ),
    stride: ['S', 'D'],
    implementedBy: [TOKENS_IMPL.websocketEntry, TOKENS_IMPL.partnerApi],
    provenBy: [TOKENS.onlyThroughCloudFront, TOKENS.connectAuthorizer, TOKENS.albRouting],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'IAM-RISK-LEAST-PRIVILEGE',
    mitigation:
      'Grants are written with the env var they serve (bind*), and deploy roles sit under a permissions boundary.',
    seed: risk(IAM, 'Principle of least privilege'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.chatFunction, GOV_IMPL.boundary],
    provenBy: [GOV.functionGrants, GOV.deployBoundary],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IAM-RISK-REGULAR-AUDITS',
    mitigation:
      'IAM Access Analyzer reports external access continuously; auditors use an MFA-only read-only role.',
    seed: risk(IAM, 'regular IAM audits'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.accessAnalyzer, GOV_IMPL.humanRoles],
    provenBy: [GOV.accessAnalyzer, GOV.humanRolesMfa],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IAM-RISK-AUTOMATED-CHECKS',
    mitigation:
      'cdk-nag (AwsSolutions, Serverless, NIST 800-53 R5) fails the synth in CI; Config checks admin-statement policies and root keys in the account.',
    seed: risk(IAM, 'automated policy checks'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.configRules, GOV_IMPL.workflow],
    provenBy: [GOV.nagDev, GOV.configGlobal, GOV.ciGates],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'LEAK-BLOCK-PUBLIC-ACCESS',
    mitigation:
      'Every declared bucket blocks public access; Config flags public read/write and bucket-level public access.',
    seed: risk(LEAK, 'S3 Block Public Access'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.secureBucket, GOV_IMPL.configRules],
    provenBy: [INFRA.secureBucket, GOV.configExposureRules],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'LEAK-ENCRYPTION',
    mitigation:
      'Tables and the knowledge bucket use the cell customer-managed key; key disabling or deletion alerts.',
    seed: risk(LEAK, 'encryption'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.tables, INFRA_IMPL.knowledgeBucket, GOV_IMPL.alertPatterns],
    provenBy: [INFRA.tablesEncrypted, INFRA.knowledgePrivate, GOV.kmsAlert],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'LEAK-VPC-ONLY',
    mitigation: 'The private bucket denies object reads whose aws:SourceVpce is not the cell endpoint.',
    seed: risk(LEAK, 'VPC-only access'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.knowledgeBucket],
    provenBy: [INFRA.vpceOnlyReads],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'LEAK-AUDIT-LOGS',
    mitigation: 'CloudTrail data events for the private bucket and tables; bucket-policy changes alert.',
    seed: risk(LEAK, 'audit logs'),
    stride: ['R'],
    implementedBy: [INFRA_IMPL.trail, GOV_IMPL.alertPatterns],
    provenBy: [INFRA.dataEvents, GOV.bucketPolicyAlert],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'LATERAL-MICRO-SEGMENTATION',
    mitigation:
      'One security group per function, no inbound rules anywhere: a compromised function reaches no peer.',
    seed: risk(LATERAL, 'Micro-segmentation'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.chatFunction],
    provenBy: [GOV.functionSecurityGroup],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'LATERAL-SECURITY-GROUPS',
    mitigation: 'Config keeps the default security group closed and flags open ports; changes alert.',
    seed: risk(LATERAL, 'security groups'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.configRules, GOV_IMPL.alertPatterns],
    provenBy: [GOV.configExposureRules, GOV.sgAlert],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'LATERAL-NACLS',
    mitigation: 'Subnet NACLs as a second layer; NACL changes alert.',
    seed: risk(LATERAL, 'NACLs'),
    stride: ['E'],
    implementedBy: [INFRA_IMPL.vpc, GOV_IMPL.alertPatterns],
    provenBy: [INFRA.nacls, GOV.naclAlert],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'LATERAL-S2S-AUTH',
    mitigation:
      'Service calls are IAM-signed; tenant data calls use tenant-scoped STS credentials that refuse a widened tenant pattern.',
    seed: risk(LATERAL, 'service-to-service auth'),
    stride: ['S', 'E'],
    implementedBy: [CHAT_IMPL.tenantPorts],
    provenBy: [CHAT.scopedRole, CHAT.scopedRefusesWidening],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'LATERAL-PARTNER-MTLS',
    mitigation:
      'Partner backends call the token API over mTLS (verify mode, trust store with revocation list); the partner is identified by its certificate only.',
    seed: risk(
      LATERAL,
      'Enforce mTLS for all S2S/API communication between partner backends and Sprinklr Cloud backend.',
    ),
    stride: ['S'],
    implementedBy: [TOKENS_IMPL.partnerApi, TOKENS_IMPL.partnerIdentity],
    provenBy: [TOKENS.albMtls, TOKENS.albRevocationList, TOKENS.certificateLookup, TOKENS.issuerRefuses],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'SECRETS-CENTRALIZED',
    mitigation:
      'Signing keys, origin-verify values, LLM keys and MCP client certificates live in Secrets Manager; Config checks they use a customer-managed key.',
    seed: risk(
      SECRETS,
      'Use a centralized secrets management solution (e.g., AWS Secrets Manager, HashiCorp Vault) for all mTLS certificates, API keys, and sensitive configs.',
    ),
    stride: ['I'],
    implementedBy: [GOV_IMPL.configRules, TOKENS_IMPL.signingKeys],
    provenBy: [GOV.configSecretsCmk, TOKENS.noPrivateMaterial],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'SECRETS-ROTATION',
    mitigation:
      'The token signing key set rotates through Secrets Manager rotation with a verify-only overlap; origin-verify accepts the previous value during rotation.',
    seed: risk(SECRETS, 'Enforce automated certificate/key rotation and expiration policies.'),
    stride: ['S', 'I'],
    implementedBy: [TOKENS_IMPL.rotation, TOKENS_IMPL.originVerify],
    provenBy: [TOKENS.rotation, TOKENS.rotationOverlap, TOKENS.rotationSchedule, TOKENS.originVerifyRotation],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'SECRETS-EXPIRATION',
    mitigation:
      'ACM certificates alarm below 30 days to expiry (and when the metric vanishes); the partner CA bundle and MCP client certificates get a monthly expiry check.',
    seed: risk(SECRETS, 'Enforce automated certificate/key rotation and expiration policies.'),
    stride: ['S', 'D'],
    implementedBy: [GOV_IMPL.certificateAlarms, GOV_IMPL.runbookKey],
    provenBy: [GOV.certificateExpiry, GOV.runbookExpiryCheck],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'SECRETS-MONITOR-ACCESS',
    mitigation:
      'GetSecretValue by any principal other than the cell workload roles alerts (rule receives read-only management events).',
    seed: risk(SECRETS, 'Monitor vault access and changes with audit logging and alerting.'),
    stride: ['R', 'I'],
    implementedBy: [GOV_IMPL.alertRule, GOV_IMPL.alertPatterns],
    provenBy: [GOV.secretReadAlert, GOV.secretReadState],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'SECRETS-ENCRYPTED',
    mitigation:
      'Secrets are encrypted with customer-managed keys (checked by Config) and read over TLS through the Secrets Manager interface endpoint.',
    seed: risk(SECRETS, 'Encrypt secrets at rest and in transit.'),
    stride: ['I'],
    implementedBy: [GOV_IMPL.configRules, INFRA_IMPL.vpc],
    provenBy: [GOV.configSecretsCmk, TOKENS.secretsEncrypted, INFRA.interfaceEndpoints],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'SECRETS-LEAST-PRIVILEGE',
    mitigation: 'A function reads only the secrets bound to it (bindSecret grants one secret to one role).',
    seed: risk(
      SECRETS,
      'Restrict vault access to least-privilege roles and require MFA for sensitive operations.',
    ),
    stride: ['E', 'I'],
    implementedBy: [GOV_IMPL.chatFunction, TOKENS_IMPL.chatStack],
    provenBy: [GOV.functionSecretGrant, TOKENS.authorizerSecrets, TOKENS.signingKeyReaders],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'SECRETS-MFA',
    mitigation:
      'Human sessions are denied GetSecretValue/PutSecretValue without MFA, on top of MFA-only role trust.',
    seed: risk(
      SECRETS,
      'Restrict vault access to least-privilege roles and require MFA for sensitive operations.',
    ),
    stride: ['S', 'E'],
    implementedBy: [GOV_IMPL.humanRoles],
    provenBy: [GOV.secretsNeedMfa],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'SECRETS-IR-TESTED',
    mitigation: 'The key/certificate compromise runbook is exercised in the scheduled DR test.',
    seed: risk(SECRETS, 'Regularly review and test incident response for key/certificate compromise.'),
    stride: ['S'],
    implementedBy: [GOV_IMPL.runbookKey, GOV_IMPL.runbookDrTest],
    provenBy: [GOV.runbookKeyCompromise, GOV.runbookDrTest],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'CICD-RISK-SECRETS',
    mitigation:
      'The pipeline holds no cloud secret: OIDC federation to per-region roles, no users or access keys.',
    seed: risk(CICD, 'Secrets management'),
    stride: ['S', 'I'],
    implementedBy: [GOV_IMPL.deployRole, GOV_IMPL.workflow],
    provenBy: [GOV.ciNoKeys, GOV.noKeys],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'CICD-RISK-ISOLATION',
    mitigation:
      'Fork pull requests get no credentials; the checkout does not persist the token; deploy and diff roles are separate and region-bound.',
    seed: risk(CICD, 'pipeline isolation'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.workflow, GOV_IMPL.deployRole],
    provenBy: [GOV.ciDiff, GOV.ciNoPersistedToken, GOV.diffRoleReadOnly],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'CICD-RISK-CODE-REVIEW',
    mitigation:
      'Only main deploys, after the verify and supply-chain gates, through an environment that needs approval.',
    seed: risk(CICD, 'code review'),
    stride: ['T'],
    implementedBy: [GOV_IMPL.workflow],
    provenBy: [GOV.ciDeploy],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'CICD-RISK-AUDIT-LOGGING',
    mitigation:
      'Pipeline sessions are named per run in CloudTrail; IAM changes made by a pipeline alert like any other.',
    seed: risk(CICD, 'audit logging'),
    stride: ['R'],
    implementedBy: [GOV_IMPL.workflow, GOV_IMPL.managementStack],
    provenBy: [GOV.ciSessionNames, GOV.iamChangeAlert],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'MGMT-MFA',
    mitigation: 'Roles need MFA; a console sign-in without MFA alerts.',
    seed: risk(MGMT, 'MFA'),
    stride: ['S'],
    implementedBy: [GOV_IMPL.humanRoles, GOV_IMPL.managementStack],
    provenBy: [GOV.adminMfa, GOV.noMfaSignInAlert],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'MGMT-ROLE-BASED-ACCESS',
    mitigation:
      'Distinct admin, read-only and break-glass roles for humans; distinct deploy and diff roles for the pipeline.',
    seed: risk(MGMT, 'role-based access'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.humanRoles, GOV_IMPL.deployRole],
    provenBy: [GOV.humanRolesMfa, GOV.diffRoleReadOnly],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'MGMT-CHANGE-MANAGEMENT',
    mitigation:
      'Production synth fails on non-RETAIN data; stateful stacks get termination protection and stack policies.',
    seed: risk(MGMT, 'change management'),
    stride: ['T'],
    implementedBy: [GOV_IMPL.retainGuard, GOV_IMPL.stackPolicies, GOV_IMPL.stackPolicyPlan],
    provenBy: [GOV.retainGuard, GOV.terminationGuard, GOV.dataStackPolicy],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'MGMT-MONITORING',
    mitigation: 'Root activity, IAM policy changes and break-glass use alert from us-east-1.',
    seed: risk(MGMT, 'monitoring'),
    stride: ['R', 'E'],
    implementedBy: [GOV_IMPL.managementStack, GOV_IMPL.alertPatterns],
    provenBy: [GOV.rootAlert, GOV.iamChangeAlert, GOV.breakGlassAlert, GOV.breakGlassRegional],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'DDOS-SHIELD',
    mitigation:
      'Shield Standard is the baseline; config.shieldAdvanced protects the given resources with detection alarms.',
    seed: risk(DDOS, 'AWS Shield'),
    stride: ['D'],
    implementedBy: [GOV_IMPL.shield],
    provenBy: [GOV.shieldAdvanced],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'DDOS-RATE-LIMITING',
    mitigation:
      'WAF per-IP rate rules at the edge and ALB; per-tenant limits on token issuance, messages and concurrent connections.',
    seed: risk(DDOS, 'rate limiting'),
    stride: ['D'],
    implementedBy: [INFRA_IMPL.webAcl, TOKENS_IMPL.issuer, CHAT_IMPL.router, TOKENS_IMPL.connectionLimit],
    provenBy: [INFRA.edgeWaf, TOKENS.issuerRateLimited, CHAT.rateTenant, TOKENS.connectionLimitEndToEnd],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'DDOS-AUTO-SCALING',
    mitigation:
      'Lambda scales per request; reserved concurrency per function keeps one flood from starving the others.',
    seed: risk(DDOS, 'auto-scaling'),
    stride: ['D'],
    implementedBy: [GOV_IMPL.reservedGuard],
    provenBy: [GOV.reservedRequired, GOV.reservedCap, GOV.configLambda],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'DDOS-WAF',
    mitigation: 'WAF web ACLs on CloudFront (edge) and on each ALB (regional).',
    seed: risk(DDOS, 'WAF'),
    stride: ['D'],
    implementedBy: [INFRA_IMPL.webAcl, TOKENS_IMPL.regionalWaf],
    provenBy: [INFRA.edgeWaf, TOKENS.regionalWaf],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'DDOS-ELB-MULTI-REGION',
    mitigation:
      'Independent cells per region behind latency routing; after a failover the client gets a fresh token from the surviving cell.',
    seed: risk(DDOS, 'ELB and multi-region deployment ensure scalability and service continuity'),
    stride: ['D'],
    implementedBy: [INFRA_IMPL.latencyRecord, TOKENS_IMPL.issuer],
    provenBy: [INFRA.latencyRouting, TOKENS.failoverToken],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'SUPPLY-SIGNED-IMAGES',
    mitigation:
      'Lambda code signing: a Signer profile and a code-signing config (Warn, or Enforce once the pipeline signs assets; ADR 0041).',
    seed: risk(SUPPLY, 'Signed images'),
    stride: ['T'],
    implementedBy: [GOV_IMPL.codeSigning, GOV_IMPL.chatFunction, GOV_IMPL.codeSigningAdr],
    provenBy: [GOV.codeSigningConfig, GOV.signedCode],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'SUPPLY-DEPENDENCY-SCANNING',
    mitigation:
      'npm audit gate (high/critical) and a CycloneDX SBOM on every change; Dependabot for npm and Actions.',
    seed: risk(SUPPLY, 'dependency scanning'),
    stride: ['T'],
    implementedBy: [GOV_IMPL.workflow, GOV_IMPL.dependabot, GOV_IMPL.packageJson],
    provenBy: [GOV.auditAndSbom, GOV.ciAuditSbom],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'SUPPLY-SRI',
    mitigation: 'The SDK/widget files are content-hashed and embedded with sha384 integrity and CORS.',
    seed: risk(SUPPLY, 'SRI'),
    stride: ['T'],
    implementedBy: [WIDGET_IMPL.build],
    provenBy: [WIDGET.sri, WIDGET.snippetIntegrity],
    owner: 'widget',
    status: 'implemented',
  },
  {
    id: 'SUPPLY-VERSION-PINNING',
    mitigation:
      'Exact dependency versions, a lockfile with sha512 integrity, and GitHub Actions pinned to commit SHAs.',
    seed: risk(SUPPLY, 'version pinning'),
    stride: ['T'],
    implementedBy: [GOV_IMPL.packageJson, GOV_IMPL.lockfile, GOV_IMPL.workflow],
    provenBy: [GOV.exactVersions, GOV.lockIntegrity, GOV.actionsPinned],
    owner: 'governance',
    status: 'implemented',
  },
];
