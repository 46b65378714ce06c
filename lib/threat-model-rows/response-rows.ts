// Rows for the seed's incident-response items, the zero-trust scope, tenant isolation and trust boundaries.
import {
  ADMIN_IMPL,
  CHAT_IMPL,
  GOV_IMPL,
  INFRA_IMPL,
  LLM_IMPL,
  TOKENS_IMPL,
  WIDGET_IMPL,
} from './implementations';
import { ADMIN, CHAT, GOV, INFRA, LLM, TOKENS, WIDGET } from './proofs';
import type { SeedReference, ThreatModelRow } from './types';

const IR = 'Cloud-Specific Incident Response';
const ir = (quote: string): SeedReference => ({ document: 'cloud-system-design', section: IR, quote });
const ZERO_TRUST: SeedReference = {
  document: 'overview',
  section: 'Threat Modeling Scope',
  quote:
    'The model assumes a zero-trust approach for all interactions crossing into Sprinklr from external users, systems, or services.',
};
const boundary = (quote: string): SeedReference => ({
  document: 'cloud-system-design',
  section: 'Cloud Trust Boundaries',
  quote,
});
const ISOLATION = boundary(
  'Sprinklr SaaS Internal Segmentation: Isolation between microservices, databases, storage, and LLM context services within the VPC.',
);
const MULTI_TENANCY: SeedReference = {
  document: 'cloud-system-design',
  section: 'ECS/EKS (App Services)',
  quote: 'multi-tenancy isolation',
};

export const RESPONSE_ROWS: readonly ThreatModelRow[] = [
  {
    id: 'IR-CLOUDTRAIL',
    mitigation:
      'One account-wide, multi-region, validated, KMS-encrypted trail, created in the primary cell or adopted.',
    seed: ir('Enable and monitor CloudTrail, VPC flow logs, and GuardDuty.'),
    stride: ['R'],
    implementedBy: [INFRA_IMPL.trail],
    provenBy: [INFRA.oneTrail, INFRA.trail],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'IR-FLOW-LOGS',
    mitigation: 'Flow logs on every cell VPC; Config reports a VPC without them.',
    seed: ir('Enable and monitor CloudTrail, VPC flow logs, and GuardDuty.'),
    stride: ['R'],
    implementedBy: [INFRA_IMPL.vpc, GOV_IMPL.configRules],
    provenBy: [INFRA.flowLogs, GOV.configExposureRules],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'IR-GUARDDUTY',
    mitigation:
      'GuardDuty in every cell (created or adopted); findings of severity 7+ reach the alert topic.',
    seed: ir('Enable and monitor CloudTrail, VPC flow logs, and GuardDuty.'),
    stride: ['S', 'E'],
    implementedBy: [INFRA_IMPL.guardDuty],
    provenBy: [INFRA.guardDuty],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'IR-RUNBOOK-KEY-COMPROMISE',
    mitigation:
      'Runbook: revoke and rotate the token signing key, a partner certificate, an LLM key; audit; notify.',
    seed: ir('Define runbooks for cloud incident response (e.g., key compromise, data breach, DDoS).'),
    stride: ['S', 'I'],
    implementedBy: [GOV_IMPL.runbookKey],
    provenBy: [GOV.runbookKeyCompromise],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-RUNBOOK-DATA-BREACH',
    mitigation: 'Runbook: contain, preserve evidence, scope by tenant, notify partners and authorities.',
    seed: ir('Define runbooks for cloud incident response (e.g., key compromise, data breach, DDoS).'),
    stride: ['I'],
    implementedBy: [GOV_IMPL.runbookBreach],
    provenBy: [GOV.runbookBreach],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-RUNBOOK-DDOS',
    mitigation: 'Runbook: WAF rate and geo levers, Shield response team, throttles, tenant suspension.',
    seed: ir('Define runbooks for cloud incident response (e.g., key compromise, data breach, DDoS).'),
    stride: ['D'],
    implementedBy: [GOV_IMPL.runbookDdos],
    provenBy: [GOV.runbookDdos],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-BACKUP-RESTORE-TEST',
    mitigation:
      'A weekly AWS Backup restore-testing plan restores the latest recovery points; failed jobs alert.',
    seed: ir('Regularly test backup and disaster recovery procedures, including multi-region failover.'),
    stride: ['D'],
    implementedBy: [GOV_IMPL.restoreTesting, GOV_IMPL.runbookDrTest],
    provenBy: [GOV.restoreTesting, GOV.backupFailureAlert, GOV.runbookDrTest],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-FAILOVER-DRILL',
    mitigation:
      'A documented region failover and a scheduled drill; tokens are cell-bound, so clients re-issue in the surviving cell.',
    seed: ir('Regularly test backup and disaster recovery procedures, including multi-region failover.'),
    stride: ['D'],
    implementedBy: [GOV_IMPL.runbookFailover, TOKENS_IMPL.issuer],
    provenBy: [GOV.runbookFailover, TOKENS.failoverToken],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'IR-ALERT-IAM',
    mitigation:
      'IAM policy, trust, user and key changes, root activity and sign-ins without MFA alert (us-east-1).',
    seed: ir('Automate alerting for anomalous cloud activity (IAM, network, storage).'),
    stride: ['E', 'R'],
    implementedBy: [GOV_IMPL.managementStack, GOV_IMPL.alertPatterns],
    provenBy: [GOV.iamChangeAlert, GOV.rootAlert, GOV.noMfaSignInAlert],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-ALERT-NETWORK',
    mitigation: 'Security-group and NACL changes alert in every cell.',
    seed: ir('Automate alerting for anomalous cloud activity (IAM, network, storage).'),
    stride: ['T'],
    implementedBy: [GOV_IMPL.governanceStack, GOV_IMPL.alertPatterns],
    provenBy: [GOV.sgAlert, GOV.naclAlert],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-ALERT-STORAGE',
    mitigation:
      'Bucket policy/ACL/public-access-block changes and KMS key disabling or deletion alert in every cell.',
    seed: ir('Automate alerting for anomalous cloud activity (IAM, network, storage).'),
    stride: ['T', 'I'],
    implementedBy: [GOV_IMPL.governanceStack, GOV_IMPL.alertPatterns],
    provenBy: [GOV.bucketPolicyAlert, GOV.kmsAlert, GOV.alertTopicEncrypted],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-MTLS-COMPROMISE',
    mitigation:
      'A compromised partner certificate is revoked in the tenant store (refused at once), the tenant can be suspended, and the signing key revoked and rotated.',
    seed: ir('Ensure mTLS certificate/key compromise can be rapidly detected, contained, and rotated.'),
    stride: ['S'],
    implementedBy: [ADMIN_IMPL.certificates, ADMIN_IMPL.tenantSettings, TOKENS_IMPL.rotation],
    provenBy: [ADMIN.certificateRevoked, ADMIN.suspension, TOKENS.issuerRefuses, TOKENS.revoke],
    owner: 'admin',
    status: 'implemented',
  },
  {
    id: 'IR-VAULT-MONITORING',
    mitigation: 'Every GetSecretValue outside the workload roles alerts; the trail keeps all secret access.',
    seed: ir(
      'Monitor and audit all access to secrets management/vault systems; alert on suspicious or unauthorized access.',
    ),
    stride: ['R', 'I'],
    implementedBy: [GOV_IMPL.governanceStack, GOV_IMPL.alertPatterns],
    provenBy: [GOV.secretReadAlert, GOV.secretReadState],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'IR-REVOKE-AND-ROTATE',
    mitigation:
      'Revoking the active signing key marks it revoked, republishes the public set and makes a new active key.',
    seed: ir('Immediately revoke and rotate affected credentials in the vault.'),
    stride: ['S'],
    implementedBy: [TOKENS_IMPL.rotation, GOV_IMPL.runbookKey],
    provenBy: [TOKENS.revoke, TOKENS.revokeRepublish, TOKENS.revokedKid, GOV.runbookKeyCompromise],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'IR-AUDIT-RECENT-ACCESS',
    mitigation:
      'The runbook queries CloudTrail for secret reads and config changes in the window; admin actions are audited per tenant.',
    seed: ir('Audit all recent access and changes to vault/config management.'),
    stride: ['R'],
    implementedBy: [GOV_IMPL.runbookKey, ADMIN_IMPL.tenantSettings],
    provenBy: [GOV.runbookAuditNotify, ADMIN.audited],
    owner: 'admin',
    status: 'implemented',
  },
  {
    id: 'IR-NOTIFY-PARTNERS',
    mitigation:
      'Each tenant has a security contact; the runbooks notify affected partners and internal teams from it.',
    seed: ir('Notify affected partners and internal teams.'),
    stride: ['R'],
    implementedBy: [GOV_IMPL.runbookKey, ADMIN_IMPL.tenantSettings],
    provenBy: [GOV.runbookAuditNotify, ADMIN.securityContact],
    owner: 'admin',
    status: 'implemented',
  },
  {
    id: 'IR-REVIEW-PROCEDURES',
    mitigation:
      'Every runbook names an owner, a review date and its commands; the DR test records what to change.',
    seed: ir('Review and update incident response and recovery procedures.'),
    stride: ['R'],
    implementedBy: [GOV_IMPL.runbookDrTest],
    provenBy: [GOV.runbookReview],
    owner: 'governance',
    status: 'implemented',
  },
  {
    id: 'ZT-END-USER-TOKEN',
    mitigation: 'End users connect only with a short-lived, single-use, tenant- and cell-bound token.',
    seed: ZERO_TRUST,
    stride: ['S'],
    implementedBy: [TOKENS_IMPL.authorizer],
    provenBy: [TOKENS.authorizerAllows, TOKENS.replay, TOKENS.cellBound, TOKENS.jtiOnce],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'ZT-PARTNER-IDENTITY',
    mitigation:
      'Partners are identified only by a registered, unrevoked client certificate, keyed by its DER fingerprint (not the copyable issuer DN and serial) and bound to one tenant; CA certificates are refused as client certificates.',
    seed: ZERO_TRUST,
    stride: ['S'],
    implementedBy: [TOKENS_IMPL.partnerIdentity, ADMIN_IMPL.certificates],
    provenBy: [
      TOKENS.issuerRefuses,
      TOKENS.copiedIssuerSerialRefused,
      TOKENS.certificateLookup,
      ADMIN.certificateOneTenant,
      ADMIN.caRefused,
    ],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'ZT-ADMIN-IDENTITY',
    mitigation:
      'Partner admins are verified from the ALB-signed header and the Cognito access token; forgeries and algorithm confusion are refused.',
    seed: ZERO_TRUST,
    stride: ['S', 'E'],
    implementedBy: [ADMIN_IMPL.identity],
    provenBy: [ADMIN.forgedHeader, ADMIN.algorithmConfusion],
    owner: 'admin',
    status: 'implemented',
  },
  {
    id: 'ZT-UNTRUSTED-TEXT',
    mitigation:
      'Text from LLM providers, partners and MCP servers is untrusted: screened, filtered and rendered as text only.',
    seed: ZERO_TRUST,
    stride: ['T', 'E'],
    implementedBy: [LLM_IMPL.injectionScreen, LLM_IMPL.streamFilter, WIDGET_IMPL.messageList],
    provenBy: [LLM.injectionScreen, LLM.htmlRemoved, WIDGET.textOnly, WIDGET.strictCsp],
    owner: 'llm',
    status: 'implemented',
  },
  {
    id: 'ZT-FAIL-CLOSED',
    mitigation:
      'When the key set cannot be read the authorizer fails closed; a dependency failure never leaks internals.',
    seed: ZERO_TRUST,
    stride: ['S', 'I'],
    implementedBy: [TOKENS_IMPL.authorizer, TOKENS_IMPL.issuer],
    provenBy: [TOKENS.failClosed],
    owner: 'tokens',
    status: 'implemented',
  },
  {
    id: 'TENANT-KEY-PREFIX',
    mitigation: 'Every key holding tenant data starts with t#<tenant>#; ids cannot inject delimiters.',
    seed: MULTI_TENANCY,
    stride: ['I'],
    implementedBy: [CHAT_IMPL.tenantPorts, 'lambdas/shared/definitions.ts#keys'],
    provenBy: [CHAT.tenantPrefixedKeys, TOKENS.keyInjection],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'TENANT-CROSS-TENANT-READS',
    mitigation:
      'Cross-tenant reads are tested through the store, the router handler and the admin API, and return nothing.',
    seed: MULTI_TENANCY,
    stride: ['I'],
    implementedBy: [CHAT_IMPL.router, ADMIN_IMPL.knowledgeFiles],
    provenBy: [CHAT.crossTenantStore, CHAT.crossTenantHandler, ADMIN.crossTenantFiles],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'TENANT-FROM-VERIFIED-IDENTITY',
    mitigation:
      'The tenant id comes only from a verified token or certificate; the user owning a conversation is enforced too.',
    seed: MULTI_TENANCY,
    stride: ['S', 'E'],
    implementedBy: [CHAT_IMPL.router, TOKENS_IMPL.issuer],
    provenBy: [CHAT.tenantFromAuthorizer, CHAT.otherUser, TOKENS.issuerForeignConversation],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'TENANT-ISOLATION-BELOW-CODE-DYNAMODB',
    mitigation:
      'Tenant data calls use STS credentials whose session tag limits dynamodb:LeadingKeys to the tenant prefix.',
    seed: ISOLATION,
    stride: ['I', 'E'],
    implementedBy: [CHAT_IMPL.tenantPorts],
    provenBy: [CHAT.scopedRole, CHAT.scopedRefusesWidening, CHAT.scopedSigning],
    owner: 'chat',
    status: 'implemented',
  },
  {
    id: 'TENANT-ISOLATION-BELOW-CODE-S3',
    mitigation:
      'Knowledge objects are written only under t/<tenant>/ (bucket policy), uploads are presigned to the tenant prefix, and reads come only through the cell VPC endpoint.',
    seed: ISOLATION,
    stride: ['I', 'E'],
    implementedBy: [INFRA_IMPL.knowledgeBucket, ADMIN_IMPL.knowledgeFiles],
    provenBy: [INFRA.tenantPrefix, INFRA.vpceOnlyReads, ADMIN.presignPinned],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'BOUNDARY-LLM-EGRESS',
    mitigation:
      'Calls to LLM providers leave through NAT, optionally through a Network Firewall domain allow-list; keys come from Secrets Manager.',
    seed: boundary(
      'Sprinklr SaaS → External LLM APIs: Outbound calls to third-party LLM providers (e.g., OpenAI, Anthropic).',
    ),
    stride: ['I'],
    implementedBy: [INFRA_IMPL.egressFirewall, INFRA_IMPL.productEgressHosts, LLM_IMPL.apiKeys],
    provenBy: [INFRA.egressFirewall, INFRA.adminEgressHosts],
    owner: 'infra',
    status: 'implemented',
  },
  {
    id: 'BOUNDARY-MULTI-REGION',
    mitigation:
      'Tenant config and conversations replicate to every cell through global tables; connections stay region-local.',
    seed: boundary(
      'Multi-Region Deployment: Sprinklr Live Chat is deployed across multiple AWS regions to ensure high availability, performance, and system uptime for all tenants.',
    ),
    stride: ['D'],
    implementedBy: [INFRA_IMPL.tables],
    provenBy: [INFRA.globalReplicas],
    owner: 'infra',
    status: 'implemented',
  },
];
