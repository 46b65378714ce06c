// Rows for every key mitigation of the seed's STRIDE table (Cloud Component → Key Mitigations).
import { ADMIN_IMPL, CHAT_IMPL, GOV_IMPL, INFRA_IMPL, LLM_IMPL, TOKENS_IMPL } from './implementations';
import { ADMIN, CHAT, GOV, INFRA, LLM, TOKENS } from './proofs';
import type { SeedReference, ThreatModelRow } from './types';

const stride = (section: string, quote: string): SeedReference => ({
  document: 'cloud-system-design',
  section,
  quote,
});
const ALB = 'Application Load Balancer';
const APIGW = 'API Gateway';
const APP = 'ECS/EKS (App Services)';
const DB = 'RDS/Database';
const S3 = 'S3 (Public/Private)';
const CDN = 'CloudFront CDN';
const LLM_CTX = 'LLM Context Service';
const IAM = 'Cloud IAM & Management';
const VPC = 'VPC Networking';
const CICD = 'CI/CD Pipeline';

export const STRIDE_ROWS: readonly ThreatModelRow[] = [
  {
    id: 'ALB-TLS',
    mitigation: 'ALB listeners are HTTPS with a TLS 1.2+ policy; plain HTTP only redirects to HTTPS.',
    seed: stride(ALB, 'TLS'),
    stride: ['S', 'T', 'I'],
    implementedBy: [TOKENS_IMPL.partnerApi, TOKENS_IMPL.chatStack],
    provenBy: [TOKENS.albTls, TOKENS.albRedirect, GOV.configHttps],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'ALB-WAF',
    mitigation:
      'A regional WAFv2 web ACL (managed rule groups, per-IP rate rule) is associated with the ALB.',
    seed: stride(ALB, 'WAF'),
    stride: ['T', 'D'],
    implementedBy: [TOKENS_IMPL.regionalWaf],
    provenBy: [TOKENS.regionalWaf, TOKENS.regionalWafAttached],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'ALB-DDOS',
    mitigation:
      'Shield Standard always; with config.shieldAdvanced the ALB gets a Shield Advanced protection, automatic L7 mitigation and a DDoSDetected alarm.',
    seed: stride(ALB, 'DDoS protection'),
    stride: ['D'],
    implementedBy: [GOV_IMPL.shield, GOV_IMPL.governanceStack],
    provenBy: [GOV.shieldAdvanced],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'ALB-STRICT-ROUTING',
    mitigation:
      'The partner listener forwards only POST /v1/session-tokens; anything else gets a fixed 404; admin routes sit on a separate listener.',
    seed: stride(ALB, 'strict routing'),
    stride: ['S', 'E'],
    implementedBy: [TOKENS_IMPL.partnerApi],
    provenBy: [TOKENS.albRouting, TOKENS.albInvalidHeaders],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'ALB-LOGGING',
    mitigation:
      'ALB access and connection logs (client certificate details) go to the declared access-log bucket.',
    seed: stride(ALB, 'logging'),
    stride: ['R'],
    implementedBy: [TOKENS_IMPL.partnerApi],
    provenBy: [TOKENS.albLogs],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'ALB-MULTI-REGION',
    mitigation:
      'One ALB per cell behind a latency-routed, health-checked DNS name; traffic goes to the nearest healthy cell.',
    seed: stride(ALB, 'multi-region'),
    stride: ['D'],
    implementedBy: [INFRA_IMPL.latencyRecord],
    provenBy: [INFRA.latencyRouting],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'ALB-AUTO-SCALING',
    mitigation:
      'ALB and Lambda targets scale with load; every product function reserves concurrency so a flood cannot starve the others (synth fails otherwise).',
    seed: stride(ALB, 'auto-scaling'),
    stride: ['D'],
    implementedBy: [GOV_IMPL.reservedGuard, GOV_IMPL.chatFunction],
    provenBy: [GOV.reservedRequired, GOV.reservedCap],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'APIGW-AUTHN-AUTHZ',
    mitigation:
      'The $connect authorizer verifies the session token (alg pinned, iss/aud/exp/nbf, tenant active, single-use jti, Origin allow-list, origin-verify header).',
    seed: stride(APIGW, 'AuthN/Z'),
    stride: ['S', 'E'],
    implementedBy: [TOKENS_IMPL.authorizer],
    provenBy: [TOKENS.authorizerAllows, TOKENS.authorizerDenies, TOKENS.pinnedHeader],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'APIGW-INPUT-VALIDATION',
    mitigation:
      'Frames are schema-validated per route with size caps; hostile tokens never crash the verifier.',
    seed: stride(APIGW, 'input validation'),
    stride: ['T'],
    implementedBy: [CHAT_IMPL.routeFrame, TOKENS_IMPL.authorizer],
    provenBy: [CHAT.wrongRoute, CHAT.errorEcho, TOKENS.hostileInput],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'APIGW-RATE-LIMITING',
    mitigation:
      'Stage throttling plus per-connection and per-tenant message limits and a per-tenant token issuance limit.',
    seed: stride(APIGW, 'rate limiting'),
    stride: ['D'],
    implementedBy: [CHAT_IMPL.router, TOKENS_IMPL.issuer, TOKENS_IMPL.websocketEntry],
    provenBy: [CHAT.rateConnection, CHAT.rateTenant, TOKENS.issuerRateLimited, TOKENS.stageLogs],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'APIGW-AUDIT-LOGS',
    mitigation: 'WebSocket stage access logs; authorizer denials are logged with reason, without the token.',
    seed: stride(APIGW, 'audit logs'),
    stride: ['R'],
    implementedBy: [TOKENS_IMPL.websocketEntry, TOKENS_IMPL.authorizer],
    provenBy: [TOKENS.stageLogs, TOKENS.denialsLogged],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'APIGW-SINGLE-ENTRY',
    mitigation:
      'Browsers reach the WebSocket API only through CloudFront + WAF (origin-verify header checked); partners and admins only through the cell ALB.',
    seed: stride(APIGW, 'single entry point for all public/partner/admin access'),
    stride: ['S', 'D'],
    implementedBy: [TOKENS_IMPL.websocketEntry, TOKENS_IMPL.originVerify, TOKENS_IMPL.chatStack],
    provenBy: [TOKENS.onlyThroughCloudFront, TOKENS.connectAuthorizer, TOKENS.authorizerDenies],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'APP-NETWORK-SEGMENTATION',
    mitigation:
      'Each function runs in private subnets with its own security group: no inbound rule, egress on 443 only.',
    seed: stride(APP, 'Network segmentation'),
    stride: ['T', 'I', 'E'],
    implementedBy: [GOV_IMPL.chatFunction],
    provenBy: [GOV.functionSecurityGroup],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'APP-IAM-ROLES',
    mitigation:
      'Each function has its own role; bind* helpers add the env var and the narrowest grant together.',
    seed: stride(APP, 'IAM roles'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.chatFunction],
    provenBy: [GOV.functionGrants, GOV.functionSecretGrant],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'APP-CONTAINER-HARDENING',
    mitigation:
      'Functions run on the managed, patched Node.js 22 Lambda runtime (no host to harden), with tracing, and can be bound to a code-signing config.',
    seed: stride(APP, 'container hardening'),
    stride: ['T', 'E'],
    implementedBy: [GOV_IMPL.chatFunction, GOV_IMPL.codeSigning],
    provenBy: [GOV.functionRuntime, GOV.signedCode],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'APP-LOGGING',
    mitigation:
      'Structured JSON logs to a per-function, KMS-encrypted log group with configured retention; secrets and tokens are never logged.',
    seed: stride(APP, 'logging'),
    stride: ['R'],
    implementedBy: [GOV_IMPL.chatFunction, TOKENS_IMPL.issuer],
    provenBy: [GOV.functionRuntime, TOKENS.issuerNoSecretsLogged],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'APP-MULTI-TENANCY',
    mitigation:
      'The tenant comes only from the authorizer context, never from the frame; another tenant sees nothing.',
    seed: stride(APP, 'multi-tenancy isolation'),
    stride: ['I', 'E'],
    implementedBy: [CHAT_IMPL.router, CHAT_IMPL.tenantPorts],
    provenBy: [CHAT.tenantFromAuthorizer, CHAT.crossTenantRouter],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'DB-ENCRYPTION-AT-REST',
    mitigation: 'Every DynamoDB table is encrypted with the cell customer-managed data key (rotated yearly).',
    seed: stride(DB, 'Encryption at rest'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.tables, INFRA_IMPL.dataStack],
    provenBy: [INFRA.tablesEncrypted],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'DB-VPC-ONLY',
    mitigation:
      'Functions in private subnets reach DynamoDB through the gateway endpoint; no public path is needed.',
    seed: stride(DB, 'VPC-only access'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.vpc],
    provenBy: [INFRA.gatewayEndpoints],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'DB-IAM',
    mitigation:
      'Tenant data is read with tenant-scoped credentials: a session tag pins dynamodb:LeadingKeys to t#<tenant>#, below the code.',
    seed: stride(DB, 'IAM'),
    stride: ['I', 'E'],
    implementedBy: [CHAT_IMPL.tenantPorts],
    provenBy: [CHAT.scopedRole, CHAT.scopedSigning],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'DB-AUDIT-LOGS',
    mitigation: 'The account trail records DynamoDB data events for the product tables.',
    seed: stride(DB, 'audit logs'),
    stride: ['R'],
    implementedBy: [INFRA_IMPL.trail],
    provenBy: [INFRA.dataEvents],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'S3-BUCKET-POLICIES',
    mitigation:
      'The knowledge bucket policy denies non-TLS requests and reads that do not come through the cell VPC endpoint.',
    seed: stride(S3, 'Bucket policies'),
    stride: ['T', 'I'],
    implementedBy: [INFRA_IMPL.knowledgeBucket],
    provenBy: [INFRA.vpceOnlyReads],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'S3-ENCRYPTION',
    mitigation:
      'Buckets are encrypted (KMS data key for tenant data); Config checks TLS-only access on every bucket.',
    seed: stride(S3, 'encryption'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.knowledgeBucket, GOV_IMPL.configRules],
    provenBy: [INFRA.knowledgeEncrypted, INFRA.knowledgePrivate, GOV.configHttps],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'S3-BLOCK-PUBLIC-ACCESS',
    mitigation:
      'Every bucket blocks public access; Config rules flag public read/write and alert when one turns NON_COMPLIANT.',
    seed: stride(S3, 'S3 Block Public Access'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.secureBucket, GOV_IMPL.configRules],
    provenBy: [INFRA.secureBucket, GOV.configExposureRules, GOV.configNonCompliance],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'S3-VERSIONING',
    mitigation: 'Buckets are versioned; the knowledge bucket replicates to the other cells.',
    seed: stride(S3, 'versioning'),
    stride: ['T'],
    implementedBy: [INFRA_IMPL.knowledgeBucket],
    provenBy: [INFRA.knowledgePrivate, INFRA.knowledgeVersioned],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'CDN-SIGNED-URLS',
    mitigation:
      'Transcript exports are downloaded through CloudFront signed URLs valid for at most 5 minutes.',
    seed: stride(CDN, 'Signed URLs'),
    stride: ['I'],
    implementedBy: [ADMIN_IMPL.conversations],
    provenBy: [ADMIN.signedUrl],
    owner: 'admin',
    status: 'implemented',
  },
  {
    id: 'CDN-HTTPS-ONLY',
    mitigation:
      'Viewers are redirected to HTTPS with the TLSv1.2_2021 policy (the admin routes reach their ALB origin over TLS 1.2 only); the response headers policy sets HSTS and a strict CSP.',
    seed: stride(CDN, 'HTTPS-only'),
    stride: ['S', 'T', 'I'],
    implementedBy: [INFRA_IMPL.edgeStack, INFRA_IMPL.securityHeaders],
    provenBy: [INFRA.edgeHttps, INFRA.adminOriginHttps, INFRA.edgeHsts, TOKENS.wsDistributionHttps],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'CDN-ORIGIN-RESTRICTIONS',
    mitigation:
      'The static bucket admits only its distribution (Origin Access Control); the WebSocket origin requires the secret origin-verify header.',
    seed: stride(CDN, 'origin restrictions'),
    stride: ['S', 'I'],
    implementedBy: [INFRA_IMPL.edgeStack, TOKENS_IMPL.originVerify],
    provenBy: [INFRA.originAccessControl, TOKENS.onlyThroughCloudFront, TOKENS.authorizerDenies],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'CDN-LOGGING',
    mitigation: 'CloudFront access logs and WAF logs go to declared, encrypted destinations.',
    seed: stride(CDN, 'logging'),
    stride: ['R'],
    implementedBy: [INFRA_IMPL.edgeStack, INFRA_IMPL.webAcl],
    provenBy: [INFRA.edgeLogs, INFRA.wafLogs, TOKENS.wsDistributionProtected],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'LLM-IAM',
    mitigation: 'The LLM worker role reads only the LLM key secret, its turn queue and the knowledge bucket.',
    seed: stride(LLM_CTX, 'IAM'),
    stride: ['E'],
    implementedBy: [LLM_IMPL.workerConstruct, LLM_IMPL.apiKeys],
    provenBy: [LLM.workerRole, LLM.workerNoKnowledgeWrites, LLM.workerMcpSecrets],
    owner: 'llm',
    status: 'implemented',
  },
  {
    id: 'LLM-INPUT-VALIDATION',
    mitigation:
      'Retrieved and partner text is screened for injection patterns and fenced as untrusted data in the prompt.',
    seed: stride(LLM_CTX, 'input validation'),
    stride: ['T', 'E'],
    implementedBy: [LLM_IMPL.injectionScreen, LLM_IMPL.promptBuilder],
    provenBy: [LLM.injectionScreen],
    owner: 'llm',
    status: 'implemented',
  },
  {
    id: 'LLM-OUTPUT-FILTERING',
    mitigation:
      'Streamed output is filtered before users see it: PII redaction, canary and instruction-leak stops, HTML removal.',
    seed: stride(LLM_CTX, 'output filtering'),
    stride: ['I'],
    implementedBy: [LLM_IMPL.streamFilter],
    provenBy: [LLM.cardRedacted, LLM.contactRedacted, LLM.canary, LLM.instructionsLeak, LLM.htmlRemoved],
    owner: 'llm',
    status: 'implemented',
  },
  {
    id: 'LLM-LEAST-PRIVILEGE',
    mitigation:
      'Per-tenant token and cost budgets bound what a tenant may spend; MCP calls go only to allow-listed hosts.',
    seed: stride(LLM_CTX, 'least privilege'),
    stride: ['D', 'E'],
    implementedBy: [LLM_IMPL.budget, LLM_IMPL.mcpClient],
    provenBy: [LLM.tokenBudget, LLM.costBudget, LLM.invalidLimits, LLM.mcpAllowList, LLM.mcpPrivateAddress],
    owner: 'llm',
    status: 'implemented',
  },
  {
    id: 'IAM-MFA',
    mitigation:
      'Human roles (admin, read-only, break-glass) can be assumed only with MFA no older than one hour.',
    seed: stride(IAM, 'MFA'),
    stride: ['S', 'E'],
    implementedBy: [GOV_IMPL.humanRoles, GOV_IMPL.managementStack],
    provenBy: [GOV.adminMfa, GOV.humanRolesMfa],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IAM-LEAST-PRIVILEGE',
    mitigation:
      'Deploy roles may only assume the CDK bootstrap roles of their region (and set the stack policies of this app), under a boundary that denies trail tampering, users and keys.',
    seed: stride(IAM, 'least privilege'),
    stride: ['E'],
    implementedBy: [GOV_IMPL.deployRole, GOV_IMPL.boundary],
    provenBy: [GOV.deployAssumesBootstrapOnly, GOV.deployBoundary, GOV.boundaryDenies],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IAM-AUDIT-LOGS',
    mitigation:
      'One multi-region account trail with log-file validation and KMS encryption records every management call.',
    seed: stride(IAM, 'audit logs'),
    stride: ['R'],
    implementedBy: [INFRA_IMPL.trail],
    provenBy: [INFRA.oneTrail, INFRA.trail],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'IAM-CHANGE-MANAGEMENT',
    mitigation:
      'Changes go through pull requests with a cdk diff artefact and an approved deploy environment; stack policies and termination protection guard stateful stacks.',
    seed: stride(IAM, 'change management'),
    stride: ['T', 'R'],
    implementedBy: [GOV_IMPL.workflow, GOV_IMPL.stackPolicies, GOV_IMPL.retainGuard],
    provenBy: [GOV.ciDiff, GOV.ciDeploy, GOV.stackPolicies, GOV.terminationGuard],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'VPC-SECURITY-GROUPS',
    mitigation: 'One security group per function (no inbound, 443 egress); any security-group change alerts.',
    seed: stride(VPC, 'Security groups'),
    stride: ['T', 'E'],
    implementedBy: [GOV_IMPL.chatFunction, GOV_IMPL.alertPatterns],
    provenBy: [GOV.functionSecurityGroup, GOV.sgAlert],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'VPC-NACLS',
    mitigation: 'Private subnet NACLs admit only VPC and return traffic; NACL changes alert.',
    seed: stride(VPC, 'NACLs'),
    stride: ['T'],
    implementedBy: [INFRA_IMPL.vpc, GOV_IMPL.alertPatterns],
    provenBy: [INFRA.nacls, GOV.naclAlert],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'VPC-PRIVATE-SUBNETS',
    mitigation:
      'Functions run in private subnets over at least two AZs with NAT egress; nothing in them has a public IP.',
    seed: stride(VPC, 'private subnets'),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.vpc],
    provenBy: [INFRA.privateSubnets, INFRA.twoAzs],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'VPC-FLOW-LOGS',
    mitigation:
      'VPC flow logs capture all traffic to an encrypted log group; Config flags a VPC without them.',
    seed: stride(VPC, 'flow logs'),
    stride: ['R'],
    implementedBy: [INFRA_IMPL.vpc, GOV_IMPL.configRules],
    provenBy: [INFRA.flowLogs, GOV.configExposureRules],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'CICD-PIPELINE-ISOLATION',
    mitigation:
      'Pull requests (never forks) get a read-only role; only main deploys; each region has its own role; the workflow token is read-only.',
    seed: stride(CICD, 'Pipeline isolation'),
    stride: ['T', 'E'],
    implementedBy: [GOV_IMPL.workflow, GOV_IMPL.deployRole],
    provenBy: [GOV.diffRoleReadOnly, GOV.ciDiff, GOV.tokenReadOnly],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'CICD-SECRETS-MANAGEMENT',
    mitigation:
      'No long-lived cloud keys: GitHub OIDC with an exact repository/branch subject; no IAM users or access keys.',
    seed: stride(CICD, 'secrets management'),
    stride: ['S', 'I'],
    implementedBy: [GOV_IMPL.oidcProvider, GOV_IMPL.deployRole, GOV_IMPL.workflow],
    provenBy: [GOV.deploySub, GOV.noKeys, GOV.ciNoKeys],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'CICD-CODE-REVIEW',
    mitigation:
      'Deploys need the approved production environment; reviewers see the cdk diff artefact of every pull request.',
    seed: stride(CICD, 'code review'),
    stride: ['T'],
    implementedBy: [GOV_IMPL.workflow],
    provenBy: [GOV.ciDeploy, GOV.ciDiff],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'CICD-AUDIT-LOGS',
    mitigation:
      'Every AWS session of the pipeline is named after its run, so CloudTrail ties each call to a run; deployed diffs are kept a year.',
    seed: stride(CICD, 'audit logs'),
    stride: ['R'],
    implementedBy: [GOV_IMPL.workflow],
    provenBy: [GOV.ciSessionNames],
    owner: 'governance',
    status: 'implemented',
  },
];
