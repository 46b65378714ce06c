// Named references to the tests that prove the rows, so one title is written once and reused.
const p = (file: string, title: string): string => `test/${file} › ${title}`;

/** Governance (this branch): management plane, per-cell governance, CI/CD, supply chain, runbooks. */
export const GOV = {
  adminMfa: p(
    'governance/management-stack.test.ts',
    'admin role trust policy requires MFA present and at most one hour old',
  ),
  humanRolesMfa: p(
    'governance/management-stack.test.ts',
    'read-only and break-glass roles refuse assumption without MFA too',
  ),
  secretsNeedMfa: p(
    'governance/management-stack.test.ts',
    'human sessions are denied secret values without MFA',
  ),
  oidcProviderOnce: p(
    'governance/management-stack.test.ts',
    'creates the account-wide GitHub OIDC provider once, for the STS audience only',
  ),
  boundaryDenies: p(
    'governance/management-stack.test.ts',
    'deploy boundary denies trail tampering, long-lived credentials and its own removal',
  ),
  rootAlert: p(
    'governance/management-stack.test.ts',
    'root sign-in alert matches a root console login and not an IAM user login',
  ),
  noMfaSignInAlert: p(
    'governance/management-stack.test.ts',
    'console sign-in without MFA alerts, a sign-in with MFA does not',
  ),
  iamChangeAlert: p(
    'governance/management-stack.test.ts',
    'IAM policy change alert matches AttachRolePolicy and CreateAccessKey, not ListRoles',
  ),
  breakGlassAlert: p(
    'governance/management-stack.test.ts',
    'break-glass alert fires on AssumeRole of the break-glass role',
  ),
  breakGlassRegional: p(
    'governance/governance-stack.test.ts',
    'break-glass use through a regional STS endpoint alerts in the cell too',
  ),
  alertTopicEncrypted: p(
    'governance/management-stack.test.ts',
    'alert topic is encrypted with a rotating customer-managed key and TLS-only',
  ),
  managementTermination: p('governance/management-stack.test.ts', 'has termination protection in production'),
  deploySub: p(
    'governance/governance-stack.test.ts',
    'deploy role OIDC sub condition is exactly repo:<repo>:ref:refs/heads/<branch>',
  ),
  deployAssumesBootstrapOnly: p(
    'governance/governance-stack.test.ts',
    "deploy role may only assume the CDK bootstrap roles of its region and set this app's stack policies",
  ),
  diffRoleReadOnly: p(
    'governance/governance-stack.test.ts',
    'pull-request diff role accepts only pull_request tokens and may assume only the lookup role',
  ),
  deployBoundary: p(
    'governance/governance-stack.test.ts',
    'deploy roles carry the deploy permissions boundary and one-hour sessions',
  ),
  noKeys: p(
    'governance/governance-stack.test.ts',
    'no IAM user or access key exists: CI has no long-lived keys',
  ),
  configExposureRules: p(
    'governance/governance-stack.test.ts',
    'Config rules include restricted-ssh, restricted-common-ports and public bucket read/write prohibitions',
  ),
  configPorts: p(
    'governance/governance-stack.test.ts',
    'restricted-common-ports flags open FTP, RDP, MySQL and PostgreSQL ports',
  ),
  configLambda: p(
    'governance/governance-stack.test.ts',
    'lambda-concurrency-check Config rule reports functions without reserved concurrency',
  ),
  configGlobal: p(
    'governance/governance-stack.test.ts',
    'account-level rules (root MFA, root keys) run only in the cell recording global resources',
  ),
  configHttps: p(
    'governance/governance-stack.test.ts',
    'HTTPS is enforced by Config: ALB HTTP-to-HTTPS redirection and S3 TLS-only requests',
  ),
  configSecretsCmk: p(
    'governance/governance-stack.test.ts',
    'secrets are checked to use a customer-managed key (secretsmanager-using-cmk)',
  ),
  configNonCompliance: p(
    'governance/governance-stack.test.ts',
    'Config non-compliance alert matches our rules turning NON_COMPLIANT only',
  ),
  accessAnalyzer: p(
    'governance/governance-stack.test.ts',
    'IAM Access Analyzer analyzes the account and its active findings alert',
  ),
  sgAlert: p(
    'governance/governance-stack.test.ts',
    'security group change alert matches AuthorizeSecurityGroupIngress, not DescribeSecurityGroups',
  ),
  naclAlert: p(
    'governance/governance-stack.test.ts',
    'NACL change alert matches ReplaceNetworkAclEntry and CreateNetworkAclEntry',
  ),
  bucketPolicyAlert: p(
    'governance/governance-stack.test.ts',
    'bucket policy change alert matches PutBucketPolicy and DeleteBucketPublicAccessBlock',
  ),
  kmsAlert: p(
    'governance/governance-stack.test.ts',
    'KMS alert matches DisableKey and ScheduleKeyDeletion, not Decrypt',
  ),
  secretReadAlert: p(
    'governance/governance-stack.test.ts',
    'GetSecretValue by an unexpected principal alerts, by a cell workload role it does not',
  ),
  secretReadState: p(
    'governance/governance-stack.test.ts',
    'secret-read rule receives read-only management events (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS)',
  ),
  certificateExpiry: p(
    'governance/governance-stack.test.ts',
    'certificate expiry alarms fire below 30 days and when the metric goes missing',
  ),
  restoreTesting: p(
    'governance/governance-stack.test.ts',
    'restore testing plan restores the latest recovery points weekly and validates them',
  ),
  backupFailureAlert: p('governance/governance-stack.test.ts', 'backup and restore-test job failures alert'),
  shieldAdvanced: p(
    'infra-chat/chat-stack.test.ts',
    'protects the partner ALB with automatic L7 mitigation and a DDoSDetected alarm when configured',
  ),
  codeSigningConfig: p(
    'governance/governance-stack.test.ts',
    'Lambda code signing config warns by default and enforces when configured',
  ),
  nagDev: p(
    'governance/nag.test.ts',
    'dev governance and management stacks pass AwsSolutions, Serverless, NIST 800-53 R5 and PCI DSS 3.2.1 checks',
  ),
  retainGuard: p(
    'governance/retain-stateful-resources.test.ts',
    'production synth fails when a table would be deleted with its stack',
  ),
  terminationGuard: p(
    'governance/retain-stateful-resources.test.ts',
    'production stacks holding stateful resources get termination protection',
  ),
  exactVersions: p(
    'governance/supply-chain.test.ts',
    'every direct dependency is pinned to an exact version (no ranges, tags or URLs)',
  ),
  lockIntegrity: p(
    'governance/supply-chain.test.ts',
    'the lockfile pins every installed package with an sha512 integrity hash',
  ),
  auditAndSbom: p(
    'governance/supply-chain.test.ts',
    'the audit gate fails on high and critical advisories and the SBOM is CycloneDX',
  ),
  actionsPinned: p('governance/ci-workflow.test.ts', 'every action is pinned to a full commit SHA'),
  tokenReadOnly: p(
    'governance/ci-workflow.test.ts',
    'the workflow token is read-only; only the OIDC jobs may request id-token write',
  ),
  ciNoKeys: p(
    'governance/ci-workflow.test.ts',
    'no long-lived AWS keys: credentials come only from role-to-assume through OIDC',
  ),
  ciGates: p(
    'governance/ci-workflow.test.ts',
    'every change is linted, tested, synthesized with cdk-nag and checked against the threat model',
  ),
  ciAuditSbom: p(
    'governance/ci-workflow.test.ts',
    'the dependency audit gate and the SBOM run on every change and the SBOM is kept',
  ),
  ciDiff: p(
    'governance/ci-workflow.test.ts',
    'pull requests get a cdk diff artefact made with the read-only diff role, never from forks',
  ),
  ciDeploy: p(
    'governance/ci-workflow.test.ts',
    'deploys run only from main, after verify and the supply-chain gate, through an approved environment',
  ),
  ciSessionNames: p(
    'governance/ci-workflow.test.ts',
    'every AWS session is named after the workflow run so CloudTrail ties each call to a run',
  ),
  ciNoPersistedToken: p(
    'governance/ci-workflow.test.ts',
    'checkout never persists the token into the workspace',
  ),
  stackPolicies: p(
    'governance/stack-policies.test.ts',
    'every stack policy denies replacement and deletion and still allows in-place updates',
  ),
  dataStackPolicy: p(
    'governance/stack-policies.test.ts',
    'the data stack policy refuses replacing or deleting tables, buckets, keys and secrets',
  ),
  reservedRequired: p(
    'governance/function-guards.test.ts',
    'synth fails for a function without reserved concurrency',
  ),
  reservedCap: p(
    'governance/function-guards.test.ts',
    'a function with reserved concurrency passes and the cap reaches the template',
  ),
  signedCode: p(
    'governance/function-guards.test.ts',
    'a ChatFunction bound to the code-signing config carries its ARN and the config enforces the signer profile',
  ),
  functionSecurityGroup: p(
    'governance/function-guards.test.ts',
    'every function has its own security group with no inbound rule and egress only on 443',
  ),
  functionGrants: p(
    'governance/function-guards.test.ts',
    'bindTable read access grants no write action and names only that table',
  ),
  functionSecretGrant: p(
    'governance/function-guards.test.ts',
    'bindSecret grants one function read access to that one secret only',
  ),
  functionRuntime: p(
    'governance/function-guards.test.ts',
    'functions run on the managed Node.js 22 runtime with active tracing and a KMS-encrypted JSON log group',
  ),
  runbookKeyCompromise: p(
    'governance/runbooks.test.ts',
    'key and certificate compromise runbook revokes and rotates the signing key, a partner certificate and an LLM key',
  ),
  runbookAuditNotify: p(
    'governance/runbooks.test.ts',
    'key compromise runbook audits recent secret access in CloudTrail and notifies the partners',
  ),
  runbookExpiryCheck: p(
    'governance/runbooks.test.ts',
    'certificates outside ACM (partner CA bundle, MCP client certificates) get a monthly expiry check',
  ),
  runbookBreach: p(
    'governance/runbooks.test.ts',
    'data breach runbook contains the access, preserves evidence and notifies within the deadline',
  ),
  runbookDdos: p(
    'governance/runbooks.test.ts',
    'DDoS runbook names the WAF, Shield and throttling levers with commands',
  ),
  runbookFailover: p(
    'governance/runbooks.test.ts',
    'region failover runbook drains the cell in DNS, checks fresh tokens from the surviving cell and fails back',
  ),
  runbookDrTest: p(
    'governance/runbooks.test.ts',
    'DR test runbook runs the restore test and the failover drill on a schedule and records the results',
  ),
  runbookReview: p(
    'governance/runbooks.test.ts',
    'every runbook names an owner, a review date and its commands',
  ),
} as const;

/** Tokens: token issuer, authorizer, signing keys, partner ALB (mTLS), WebSocket entry. */
export const TOKENS = {
  connectionLimit: p(
    'connections/connection-handlers.test.ts',
    'refuses with 429 over the tenant limit and registers nothing',
  ),
  connectionLimitEndToEnd: p(
    'connections/connection-limit.e2e.test.ts',
    'a tenant at maxConnections gets 429 on the extra connect; other tenants do not; closing a socket lets the next in',
  ),
  authorizerAllows: p(
    'tokens/authorizer.test.ts',
    'allows a valid token and passes tenant, user, conversation, jti, cell and expiry in the context',
  ),
  authorizerDenies: p('tokens/authorizer.test.ts', 'denies %s (403) without burning the token'),
  replay: p('tokens/authorizer.test.ts', 'denies a replayed jti'),
  revokedKid: p('tokens/authorizer.test.ts', 'denies tokens of a key revoked in the published set'),
  failClosed: p(
    'tokens/authorizer.test.ts',
    'fails closed (throws, API Gateway answers 500) when the key set cannot be read',
  ),
  originVerifyRotation: p(
    'tokens/authorizer.test.ts',
    'accepts the previous origin-verify value during its rotation',
  ),
  denialsLogged: p('tokens/authorizer.test.ts', 'logs denials without the token or user id'),
  cellBound: p(
    'tokens/cell-binding.test.ts',
    "refuses cell A's token in cell B even when B knows A's public keys",
  ),
  failoverToken: p(
    'tokens/cell-binding.test.ts',
    'after a failover the client gets a fresh token from the surviving cell, which that cell accepts',
  ),
  pinnedHeader: p('tokens/session-token.test.ts', 'writes exactly the pinned header'),
  hostileInput: p('tokens/session-token.test.ts', 'never throws on hostile input'),
  noPrivateMaterial: p('tokens/session-token.test.ts', 'publishes no private material in the public set'),
  rotation: p(
    'tokens/signing-key-rotation.test.ts',
    'rotation adds a new active key and keeps the previous one verify-only',
  ),
  rotationOverlap: p(
    'tokens/signing-key-rotation.test.ts',
    'the verify-only overlap outlasts a token lifetime plus the verifier cache',
  ),
  revoke: p(
    'tokens/signing-key-rotation.test.ts',
    'revoking the active key marks it revoked and generates a new active key',
  ),
  revokeRepublish: p(
    'tokens/signing-key-rotation.test.ts',
    'revoke writes a new current version and republishes the public set with the key revoked',
  ),
  issuerRefuses: p('tokens/token-issuer.test.ts', 'refuses %s'),
  issuerRateLimited: p(
    'tokens/token-issuer.test.ts',
    'answers 429 with Retry-After once the tenant exceeds tokensPerMinute',
  ),
  issuerNoSecretsLogged: p('tokens/token-issuer.test.ts', 'never logs the token or the user id'),
  issuerForeignConversation: p(
    'tokens/token-issuer.test.ts',
    'refuses a conversation that another user of the tenant owns',
  ),
  copiedIssuerSerialRefused: p(
    'tokens/token-issuer.test.ts',
    'refuses a certificate from another chain that copies a registered issuer DN and serial (401)',
  ),
  certificateLookup: p(
    'tokens/adapters.test.ts',
    'finds a partner certificate by the key derived from its PEM',
  ),
  jtiOnce: p('tokens/adapters.test.ts', 'accepts a token id once and refuses the replay'),
  rateWindow: p(
    'tokens/adapters.test.ts',
    'allows exactly the limit per window and opens a new window afterwards',
  ),
  keyInjection: p('tokens/adapters.test.ts', 'refuses key-injection in tenant or scope'),
  albTls: p('infra-chat/chat-stack.test.ts', 'uses a TLS 1.2+ policy on the HTTPS listener'),
  albRedirect: p('infra-chat/chat-stack.test.ts', 'redirects HTTP to HTTPS and serves nothing over HTTP'),
  albInvalidHeaders: p('infra-chat/chat-stack.test.ts', 'drops invalid header fields'),
  albMtls: p('infra-chat/chat-stack.test.ts', 'verifies client certificates against the partner trust store'),
  albRevocationList: p('infra-chat/chat-stack.test.ts', 'loads a revocation list into the trust store'),
  albRouting: p(
    'infra-chat/chat-stack.test.ts',
    'routes only POST /v1/session-tokens to the token Lambda and answers 404 otherwise',
  ),
  albLogs: p('infra-chat/chat-stack.test.ts', 'writes access logs and connection logs'),
  regionalWaf: p(
    'infra-chat/chat-stack.test.ts',
    'is a REGIONAL ACL with managed rule groups and a per-IP rate rule',
  ),
  regionalWafAttached: p('infra-chat/chat-stack.test.ts', 'is associated with the ALB'),
  regionalWafLogRedaction: p(
    'infra-chat/chat-stack.test.ts',
    'redacts the cookie header (the ALB admin session cookie) and authorization from its logs',
  ),
  stageLogs: p('infra-chat/chat-stack.test.ts', 'has a stage ws with access logs and throttling'),
  onlyThroughCloudFront: p(
    'infra-chat/chat-stack.test.ts',
    'sends the origin-verify header from the secret as a dynamic reference, never a literal',
  ),
  connectAuthorizer: p(
    'infra-chat/chat-stack.test.ts',
    'guards $connect with a REQUEST Lambda authorizer on the token, Origin and origin-verify header',
  ),
  wsDistributionProtected: p(
    'infra-chat/chat-stack.test.ts',
    'is protected by the edge web ACL and logs to the declared bucket',
  ),
  wsDistributionHttps: p(
    'infra-chat/chat-stack.test.ts',
    'is HTTPS only to viewers and TLS 1.2 to the origin, with caching disabled',
  ),
  authorizerSecrets: p(
    'infra-chat/chat-stack.test.ts',
    'gives the authorizer only the public key set and the origin-verify secret, not the signing keys',
  ),
  signingKeyReaders: p(
    'infra-chat/chat-stack.test.ts',
    'gives the signing key set only to the token issuer and the rotation function',
  ),
  rotationSchedule: p(
    'infra-chat/chat-stack.test.ts',
    'rotates the signing key set every 30 days with the rotation function',
  ),
  secretsEncrypted: p(
    'infra-chat/chat-stack.test.ts',
    'encrypts both key-set secrets and the origin-verify secret with the data key',
  ),
} as const;

/** Chat: router, conversation store, tenant-scoped credentials. */
export const CHAT = {
  tenantFromAuthorizer: p(
    'chat/chat-router.test.ts',
    'takes the tenant from the authorizer, never from the frame',
  ),
  crossTenantRouter: p(
    'chat/chat-router.test.ts',
    "shows tenant B nothing of tenant A's conversation with the same id",
  ),
  crossTenantStore: p(
    'chat/dynamodb-conversation-store.test.ts',
    "shows tenant B nothing of tenant A's conversation with the same id",
  ),
  crossTenantHandler: p(
    'chat/chat-router-handler.test.ts',
    "gives tenant B nothing of tenant A's conversation with the same id",
  ),
  rateConnection: p(
    'chat/chat-router.test.ts',
    'refuses over the per-connection limit with rate_limited and stores nothing',
  ),
  rateTenant: p(
    'chat/chat-router.test.ts',
    'refuses over the per-tenant limit across connections with rate_limited',
  ),
  otherUser: p(
    'chat/chat-router.test.ts',
    'refuses a conversation that belongs to another user of the tenant',
  ),
  wrongRoute: p('chat/chat-router.test.ts', 'refuses a valid frame that arrives on another route'),
  errorEcho: p(
    'chat/protocol.test.ts',
    'echoes a valid clientMessageId in the error so the client can match it',
  ),
  scopedRole: p(
    'chat/tenant-scoped-credentials.test.ts',
    'assumes the tenant-scoped role with the tenant as session tag and a tenant session name',
  ),
  scopedRefusesWidening: p(
    'chat/tenant-scoped-credentials.test.ts',
    'refuses a tenant id that could widen the policy pattern',
  ),
  scopedSigning: p(
    'chat/tenant-scoped-credentials.test.ts',
    "signs each tenant's DynamoDB calls with that tenant's credentials",
  ),
  tenantPrefixedKeys: p(
    'chat/dynamodb-connection-registry.test.ts',
    'stores a connection under the tenant-prefixed conversation key with its TTL',
  ),
} as const;

/** LLM worker: untrusted input and output filtering, budgets. */
export const LLM = {
  injectionScreen: p(
    'llm/injection-screen.test.ts',
    'names the patterns that matched without echoing the text',
  ),
  cardRedacted: p(
    'llm/stream-filter.test.ts',
    'redacts a card number split across two deltas and never releases its digits',
  ),
  contactRedacted: p('llm/stream-filter.test.ts', 'redacts e-mail addresses and phone numbers'),
  canary: p('llm/stream-filter.test.ts', 'stops the stream when the canary appears'),
  instructionsLeak: p(
    'llm/stream-filter.test.ts',
    'stops the stream when the output repeats the protected instructions',
  ),
  htmlRemoved: p('llm/stream-filter.test.ts', 'removes HTML tags, also when a tag is split across deltas'),
  tokenBudget: p(
    'llm/budget.test.ts',
    'refuses when input plus max_tokens would exceed the daily token budget',
  ),
  costBudget: p('llm/budget.test.ts', 'refuses when the worst-case cost would exceed the daily cost budget'),
  invalidLimits: p('llm/budget.test.ts', 'refuses invalid limits instead of allowing unbounded use'),
  workerRole: p('llm/llm-worker-construct.test.ts', 'has no wildcard DynamoDB or IAM actions'),
  workerNoKnowledgeWrites: p('llm/llm-worker-construct.test.ts', 'cannot write to the knowledge bucket'),
  workerMcpSecrets: p(
    'llm/llm-worker-construct.test.ts',
    'reads MCP client certificates only under the MCP secret prefix',
  ),
  mcpAllowList: p('llm/mcp-client.test.ts', 'refuses a host outside the allow-list'),
  mcpPrivateAddress: p(
    'llm/mcp-client.test.ts',
    'refuses a host that resolves to a private address, even if only one of its addresses is private',
  ),
} as const;

/** Admin API: verified admin identity, tenant-scoped administration, certificates, exports. */
export const ADMIN = {
  forgedHeader: p(
    'admin/identity.test.ts',
    'refuses a forged ALB header signed by another key under the same kid',
  ),
  algorithmConfusion: p('admin/identity.test.ts', 'refuses an HS256 access token (algorithm confusion)'),
  crossTenantFiles: p('admin/admin-api.test.ts', "does not let tenant B's admin see tenant A's files"),
  audited: p('admin/admin-api.test.ts', 'updates settings and audits who, what, before and after'),
  presignPinned: p(
    'admin/admin-api.test.ts',
    "presigns a POST pinned to the tenant's key, the content type and the size range",
  ),
  certificateRevoked: p(
    'admin/admin-api.test.ts',
    'registers a client certificate under the SHA-256 fingerprint of its DER, lists and revokes it with audit entries',
  ),
  certificateOneTenant: p(
    'admin/admin-api.test.ts',
    "refuses another tenant's registration of a certificate (409), and its partner still gets tokens",
  ),
  caRefused: p('admin/admin-api.test.ts', 'refuses a CA certificate as a client certificate'),
  signedUrl: p(
    'admin/admin-api.test.ts',
    'exports to the exports bucket and returns a CloudFront signed URL valid for at most 5 minutes',
  ),
  suspension: p(
    'admin/admin-api.test.ts',
    'is stored at once, so the next uncached tenant read (token request, connect) sees it; resume restores',
  ),
  securityContact: p('admin/admin-api.test.ts', 'refuses a tenant or settings without a security contact'),
  tenantGroupCreated: p(
    'admin/admin-api.test.ts',
    "creates the new tenant's admin group, so a member of it administers that tenant",
  ),
  tenantGroupFirst: p(
    'admin/admin-api.test.ts',
    'writes no tenant record when its admin group cannot be created',
  ),
  groupsInOwnPool: p(
    'admin/admin-constructs.test.ts',
    'may create groups only in its own user pool, and no other Cognito action',
  ),
  apiUnframeable: p(
    'admin/admin-response-headers.test.ts',
    "sends a Content-Security-Policy of default-src 'none' and frame-ancestors 'none'",
  ),
  apiHsts: p(
    'admin/admin-response-headers.test.ts',
    'sends Strict-Transport-Security for two years with sub-domains',
  ),
} as const;

/** Widget: SRI, CSP, text-only rendering. */
export const WIDGET = {
  sri: p('widget/build.test.ts', 'publishes sha384 SRI hashes that match the bytes on disk'),
  snippetIntegrity: p(
    'widget/build.test.ts',
    'the embed snippet pins both files by integrity with CORS and carries no inline code',
  ),
  strictCsp: p(
    'widget/widget-browser.test.ts',
    'runs under the strict CSP (no inline script or style, Trusted Types) without a violation',
  ),
  textOnly: p('widget/widget-browser.test.ts', 'renders model output as text, never as HTML'),
} as const;

/** Infra: network, data, security operations and edge stacks. */
export const INFRA = {
  nagClean: p(
    'infra/app-synth.test.ts',
    'cdk-nag reports nothing open (AwsSolutions, Serverless, NIST 800-53 R5, PCI DSS 3.2.1)',
  ),
  privateSubnets: p(
    'infra/network-stack.test.ts',
    'routes private subnets to the internet only through NAT gateways',
  ),
  twoAzs: p(
    'infra/network-stack.test.ts',
    'spans at least two availability zones with public, private and isolated subnets in each',
  ),
  flowLogs: p(
    'infra/network-stack.test.ts',
    'logs all VPC traffic to a KMS-encrypted log group with retention',
  ),
  nacls: p(
    'infra/network-stack.test.ts',
    'filters subnets with NACLs: private and isolated subnets admit nothing from outside the VPC but return traffic',
  ),
  gatewayEndpoints: p(
    'infra/network-stack.test.ts',
    'has gateway endpoints for S3 and DynamoDB on the private route tables',
  ),
  interfaceEndpoints: p(
    'infra/network-stack.test.ts',
    'has private-DNS interface endpoints for Secrets Manager, KMS, Logs, STS and SQS, but none for execute-api',
  ),
  egressFirewall: p(
    'infra/network-stack.test.ts',
    'sends private egress through a Network Firewall domain allow-list when the switch is on (prod)',
  ),
  tablesEncrypted: p(
    'infra/data-stack.test.ts',
    'encrypts every replica of every table with a customer-managed key (not checked by cdk-nag)',
  ),
  globalReplicas: p(
    'infra/data-stack.test.ts',
    'owns every global table in the primary with a replica in every cell region',
  ),
  vpceOnlyReads: p(
    'infra/data-stack.test.ts',
    'serves knowledge object reads and deletes only through the cell S3 gateway endpoint (aws:SourceVpce)',
  ),
  knowledgeEncrypted: p(
    'infra/data-stack.test.ts',
    'refuses non-TLS and pre-TLS-1.2 requests to the knowledge bucket',
  ),
  knowledgePrivate: p(
    'infra/data-stack.test.ts',
    'keeps the knowledge bucket private: versioned, KMS-encrypted, public access blocked, access-logged',
  ),
  knowledgeVersioned: p(
    'infra/data-stack.test.ts',
    'replicates the primary knowledge bucket to every other cell with that cell key',
  ),
  tenantPrefix: p(
    'infra/data-stack.test.ts',
    'accepts knowledge writes only under tenant prefixes t/<tenantId>/',
  ),
  secureBucket: p(
    'infra/app-synth.test.ts',
    'declares every bucket through SecureBucket: public access blocked, encrypted, TLS-only',
  ),
  trail: p(
    'infra/security-ops-stack.test.ts',
    'makes the trail multi-region with log file validation, KMS and CloudWatch Logs',
  ),
  oneTrail: p('infra/security-ops-stack.test.ts', 'creates one account trail, in the primary cell only'),
  dataEvents: p(
    'infra/security-ops-stack.test.ts',
    'records data events for every cell knowledge bucket and table',
  ),
  guardDuty: p(
    'infra/security-ops-stack.test.ts',
    'sends GuardDuty findings of severity >= 7 to the alert topic, with a dead-letter queue',
  ),
  edgeWaf: p(
    'infra/edge-stack.test.ts',
    'blocks a client IP above the configured request rate, before the managed rules',
  ),
  edgeManagedRules: p(
    'infra/edge-stack.test.ts',
    'has a CLOUDFRONT-scope web ACL with the AWS common, known-bad-inputs and IP-reputation rule groups',
  ),
  edgeHttps: p('infra/edge-stack.test.ts', 'serves HTTPS only, on every behaviour'),
  adminOriginHttps: p(
    'infra/edge-stack.test.ts',
    'reaches the admin listener over HTTPS only, on port 8443 with TLS 1.2',
  ),
  adminNoCache: p('infra/edge-stack.test.ts', 'disables caching on the admin routes'),
  adminUnframeable: p(
    'infra/edge-stack.test.ts',
    'applies the unframeable CSP to admin/* and the admin routes, admitting uploads to the knowledge bucket',
  ),
  adminEdgeCertificate: p(
    'infra/admin-sign-in.test.ts',
    'gives the primary admin listener the edge host certificate besides its own',
  ),
  edgeWafLogRedaction: p(
    'infra/edge-stack.test.ts',
    'redacts the cookie header (the ALB admin session cookie) from the edge WAF logs',
  ),
  adminEgressHosts: p(
    'infra/network-stack.test.ts',
    'admits the admin Lambda calls to Cognito and the ALB public keys of its own region through the firewall',
  ),
  edgeHsts: p(
    'infra/edge-stack.test.ts',
    'sends HSTS (two years, sub-domains, preload), nosniff and a strict referrer policy',
  ),
  originAccessControl: p(
    'infra/edge-stack.test.ts',
    'reaches the static bucket only through Origin Access Control (no OAI, no public access)',
  ),
  edgeLogs: p(
    'infra/edge-stack.test.ts',
    'attaches the web ACL and writes standard logs to the declared log bucket',
  ),
  wafLogs: p(
    'infra/edge-stack.test.ts',
    'logs WAF decisions to an encrypted aws-waf-logs-* group with the token query string redacted',
  ),
  latencyRouting: p(
    'infra/constructs.test.ts',
    'creates a latency-routed record for the cell region guarded by an HTTPS health check',
  ),
} as const;
