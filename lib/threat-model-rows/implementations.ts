// Named references to the implementing files (and symbols) of the rows.

/** Governance (this branch). */
export const GOV_IMPL = {
  managementStack: 'lib/stacks/management-stack.ts#ManagementStack',
  governanceStack: 'lib/stacks/governance-stack.ts#GovernanceStack',
  humanRoles: 'lib/constructs/human-access-roles.ts#HumanAccessRoles',
  oidcProvider: 'lib/constructs/github-oidc-provider.ts#GitHubOidcProvider',
  deployRole: 'lib/constructs/github-deploy-role.ts#GitHubDeployRole',
  boundary: 'lib/constructs/deploy-permissions-boundary.ts#DeployPermissionsBoundary',
  alertRule: 'lib/constructs/cloudtrail-alert-rule.ts#CloudTrailAlertRule',
  alertPatterns: 'lib/governance/alert-patterns.ts',
  alertTopic: 'lib/constructs/security-alert-topic.ts#SecurityAlertTopic',
  configRules: 'lib/constructs/security-config-rules.ts#SecurityConfigRules',
  accessAnalyzer: 'lib/constructs/exposure-analyzer.ts#ExposureAnalyzer',
  restoreTesting: 'lib/constructs/restore-testing-plan.ts#RestoreTestingPlan',
  shield: 'lib/constructs/shield-advanced-protection.ts#ShieldAdvancedProtection',
  certificateAlarms: 'lib/constructs/certificate-expiry-alarms.ts#CertificateExpiryAlarms',
  codeSigning: 'lib/constructs/lambda-code-signing.ts#LambdaCodeSigning',
  retainGuard: 'lib/governance/retain-stateful-resources.ts#RetainStatefulResources',
  reservedGuard: 'lib/governance/require-reserved-concurrency.ts#RequireReservedConcurrency',
  chatFunction: 'lib/constructs/chat-function.ts#ChatFunction',
  stackPolicies: 'deploy/stack-policies/data.json',
  stackPolicyPlan: 'lib/governance/stack-policy-plan.ts#stackPolicyTargets',
  stackPolicyScript: 'scripts/stack-policies.ts',
  workflow: '.github/workflows/ci.yml',
  dependabot: '.github/dependabot.yml',
  packageJson: 'package.json',
  lockfile: 'package-lock.json',
  runbookKey: 'docs/runbooks/key-or-certificate-compromise.md',
  runbookBreach: 'docs/runbooks/data-breach.md',
  runbookDdos: 'docs/runbooks/ddos.md',
  runbookFailover: 'docs/runbooks/region-failover.md',
  runbookDrTest: 'docs/runbooks/dr-test.md',
  codeSigningAdr: 'docs/adr/0041-lambda-code-signing.md',
} as const;

/** Other parts of the product (their branches). */
export const TOKENS_IMPL = {
  authorizer: 'lambdas/authorizer/authorize-connection.ts',
  originVerify: 'lambdas/authorizer/origin-verify.ts',
  issuer: 'lambdas/token-issuer/issue-session-token.ts',
  partnerIdentity: 'lambdas/token-issuer/partner-identity.ts',
  rotation: 'lambdas/signing-key-rotation/rotate-signing-keys.ts',
  partnerApi: 'lib/constructs/partner-token-api.ts#PartnerTokenApi',
  websocketEntry: 'lib/constructs/websocket-entry.ts#WebSocketEntry',
  /** $connect counts the connection against the tenant's maxConnections (ADR 0023). */
  connectionLimit: 'lambdas/connections/app.ts#createConnectHandler',
  connectionCounters: 'lambdas/shared/adapters/dynamodb-connection-limiter.ts#DynamoDbConnectionLimiter',
  regionalWaf: 'lib/constructs/regional-web-acl.ts#RegionalWebAcl',
  signingKeys: 'lib/constructs/signing-keys.ts#SigningKeys',
  chatStack: 'lib/stacks/chat-stack.ts#ChatStack',
} as const;

export const CHAT_IMPL = {
  router: 'lambdas/chat-router/router.ts',
  routeFrame: 'lambdas/chat-router/route-frame.ts',
  tenantPorts: 'lambdas/chat-router/tenant-ports.ts',
  sendMessage: 'lambdas/chat-router/use-cases/send-message.ts',
} as const;

export const LLM_IMPL = {
  streamFilter: 'lambdas/llm-worker/domain/stream-filter.ts',
  injectionScreen: 'lambdas/llm-worker/domain/injection-screen.ts',
  promptBuilder: 'lambdas/llm-worker/domain/prompt-builder.ts',
  budget: 'lambdas/llm-worker/domain/budget.ts',
  apiKeys: 'lambdas/llm-worker/providers/api-keys.ts',
  workerConstruct: 'lib/constructs/llm-worker.ts#LlmWorker',
  mcpClient: 'lambdas/shared/adapters/mcp-client.ts',
} as const;

export const ADMIN_IMPL = {
  identity: 'lambdas/admin-api/identity/admin-identity-verifier.ts',
  certificates: 'lambdas/admin-api/use-cases/certificates.ts',
  conversations: 'lambdas/admin-api/use-cases/conversations.ts',
  knowledgeFiles: 'lambdas/admin-api/use-cases/knowledge-files.ts',
  tenantSettings: 'lambdas/admin-api/use-cases/tenant-settings.ts',
  responseHeaders: 'lambdas/admin-api/admin-app.ts#JSON_HEADERS',
  adminApiConstruct: 'lib/constructs/admin-api.ts#AdminApi',
} as const;

export const WIDGET_IMPL = {
  build: 'widget/build.ts',
  messageList: 'widget/ui/message-list.ts',
} as const;

export const INFRA_IMPL = {
  vpc: 'lib/constructs/flow-logged-vpc.ts#FlowLoggedVpc',
  egressFirewall: 'lib/constructs/egress-firewall.ts#EgressFirewall',
  tables: 'lib/constructs/global-tables.ts#GlobalTables',
  knowledgeBucket: 'lib/constructs/knowledge-bucket.ts#KnowledgeBucket',
  secureBucket: 'lib/constructs/secure-bucket.ts#SecureBucket',
  trail: 'lib/constructs/account-trail.ts#AccountTrail',
  guardDuty: 'lib/constructs/guard-duty.ts#GuardDuty',
  backup: 'lib/constructs/backup-plan.ts#CellBackup',
  webAcl: 'lib/constructs/web-acl.ts#WebAcl',
  securityHeaders: 'lib/constructs/security-headers.ts#SecurityHeaders',
  edgeStack: 'lib/stacks/edge-stack.ts#EdgeStack',
  edgeAdminRoutes: 'lib/stacks/edge-stack.ts#ADMIN_ORIGIN_PATHS',
  productEgressHosts: 'lib/stacks/network-stack.ts#productEgressHosts',
  latencyRecord: 'lib/constructs/latency-record.ts#LatencyRecord',
  dataStack: 'lib/stacks/data-stack.ts#DataStack',
  networkStack: 'lib/stacks/network-stack.ts#NetworkStack',
  securityOpsStack: 'lib/stacks/security-ops-stack.ts#SecurityOpsStack',
  app: 'lib/app.ts#createApp',
} as const;
