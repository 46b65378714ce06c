// Wires the whole CDK app from a validated config: the us-east-1 edge and one set of stacks per cell.
import { App, Aspects, RemovalPolicy, Validations, type IAspect } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { addGovernanceStacks, type GovernanceStacks } from './governance/add-governance-stacks';
import { AwsSolutionsChecks, ServerlessChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import type { AppConfig } from './config/schema';
import { prefix, cellStackName, knowledgeBucketName, staticHostName, webSocketHostName } from './naming';
import { ChatStack } from './stacks/chat-stack';
import { DataStack } from './stacks/data-stack';
import { DashboardDeployment } from './constructs/dashboard-deployment';
import { WidgetDeployment } from './constructs/widget-deployment';
import { EdgeStack } from './stacks/edge-stack';
import { NetworkStack } from './stacks/network-stack';
import { SecurityOpsStack } from './stacks/security-ops-stack';

/** The region every CLOUDFRONT-scope resource (web ACL, edge certificate) must live in. */
export const EDGE_REGION = 'us-east-1';

export interface CellStacks {
  readonly region: string;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly secops: SecurityOpsStack;
  readonly chat: ChatStack;
}

export interface ProductApp {
  readonly app: App;
  readonly edge: EdgeStack;
  readonly cells: readonly CellStacks[];
  /** The account-wide management plane (us-east-1) and each cell's governance stack. */
  readonly governance: GovernanceStacks;
}

export interface CreateAppOptions {
  /** Run the cdk-nag rule packs as validation plugins. @default true */
  readonly nag?: boolean;
}

/** Builds every stack for the given config; `bin/app.ts` and the tests call this same function. */
export function createApp(
  config: AppConfig,
  app: App = new App(),
  options: CreateAppOptions = {},
): ProductApp {
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
      new ServerlessChecks(app, { writeSuppressionsToCloudFormation: true }),
      new NIST80053R5Checks(app, { writeSuppressionsToCloudFormation: true }),
      new PCIDSS321Checks(app, { writeSuppressionsToCloudFormation: true }),
    );
  }
  pinAvailabilityZones(app, config);
  const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const naming = { appName: config.appName, envName: config.envName, account: config.account };
  const cellRegions = config.cells.map((cell) => cell.region);
  const stateful = { terminationProtection: config.production };
  const primaryCell = config.cells.find((cell) => cell.region === config.primaryRegion);
  if (!primaryCell) throw new Error(`primary region ${config.primaryRegion} has no cell`);

  const edge = new EdgeStack(app, `${prefix(config)}-edge`, {
    env: { account: config.account, region: EDGE_REGION },
    description: `${prefix(config)} edge: CloudFront web ACL and static site`,
    ...stateful,
    prefix: prefix(config),
    domain: config.domain,
    rateLimitPer5Min: config.waf.edgeRateLimitPer5Min,
    logRetentionDays: config.retention.logDays,
    accessLogDays: config.retention.accessLogDays,
    shieldAdvanced: config.shieldAdvanced,
    // With a custom domain the dashboard and the primary cell's admin listener share the distribution's
    // origin (ADR 0074). Without one the edge host is *.cloudfront.net, which no listener certificate can
    // cover: admins then use each cell's https://<adminHostName>:8443 directly and no dashboard is deployed.
    admin: config.domain && {
      originHostName: primaryCell.adminHostName,
      uploadOrigins: [
        `https://${knowledgeBucketName(naming, primaryCell.region)}.s3.${primaryCell.region}.amazonaws.com`,
      ],
    },
    removalPolicy,
  });

  // The widget and SDK files (hashed, SRI-pinned) go to the public bucket behind the static distribution.
  // CDK runs one BucketDeployment handler per stack, so the widget and dashboard deployments share its log group.
  const deploymentLogs = new logs.LogGroup(edge, 'WidgetDeploymentLogs', {
    encryptionKey: edge.logKey,
    retention: config.retention.logDays as logs.RetentionDays,
    removalPolicy,
  });
  new WidgetDeployment(edge, 'Widget', {
    bucket: edge.staticBucket,
    logGroup: deploymentLogs,
    distribution: edge.distribution,
    publicPath: config.domain ? `https://${staticHostName(config.domain.zoneName)}/widget/` : undefined,
  });
  // The admin dashboard SPA (hashed files, short-cached index.html) under admin/ of the same bucket; only
  // with the edge admin routes, since the SPA calls its API on its own origin.
  if (config.domain) {
    new DashboardDeployment(edge, 'Dashboard', {
      bucket: edge.staticBucket,
      logGroup: deploymentLogs,
      distribution: edge.distribution,
    });
  }

  const cells = config.cells.map((cell): CellStacks => {
    const env = { account: config.account, region: cell.region };
    const name = (part: string) => cellStackName(config, cell.region, part);
    const network = new NetworkStack(app, name('network'), {
      env,
      description: `${prefix(config)} network of cell ${cell.region}`,
      cell,
      prefix: prefix(config),
      logRetentionDays: config.retention.logDays,
      networkFirewall: config.networkFirewall,
      removalPolicy,
    });
    const data = new DataStack(app, name('data'), {
      env,
      description: `${prefix(config)} data of cell ${cell.region}`,
      ...stateful,
      naming,
      region: cell.region,
      primaryRegion: config.primaryRegion,
      cellRegions,
      production: config.production,
      accessLogDays: config.retention.accessLogDays,
      s3EndpointId: network.s3Endpoint.vpcEndpointId,
      removalPolicy,
    });
    const secops = new SecurityOpsStack(app, name('secops'), {
      env,
      description: `${prefix(config)} security operations of cell ${cell.region}`,
      ...stateful,
      naming,
      region: cell.region,
      primaryRegion: config.primaryRegion,
      cellRegions,
      production: config.production,
      guardDuty: config.guardDuty,
      cloudTrail: config.cloudTrail,
      alertEmail: config.alertEmail,
      logRetentionDays: config.retention.logDays,
      backupDays: config.retention.backupDays,
      data,
      removalPolicy,
    });
    const chat = new ChatStack(app, name('chat'), {
      env,
      description: `${prefix(config)} chat entry, routing and assistant of cell ${cell.region}`,
      crossRegionReferences: true,
      settings: {
        prefix: prefix(config),
        region: cell.region,
        production: config.production,
        logRetentionDays: config.retention.logDays,
        conversationRetentionDays: config.retention.conversationDays,
      },
      network,
      data,
      alertTopic: secops.alertTopic,
      edgeWebAclArn: edge.webAcl.webAcl.attrArn,
      adminHostName: cell.adminHostName,
      adminEdge:
        config.domain && cell.region === config.primaryRegion
          ? {
              hostName: staticHostName(config.domain.zoneName),
              certificateArn: config.domain.primaryAdminEdgeCertificateArn,
            }
          : undefined,
      wafRegionalRateLimitPer5Min: config.waf.regionalRateLimitPer5Min,
      shieldAdvanced: config.shieldAdvanced,
      partnerTrust: config.partnerTrust,
      transcriptSigningPublicKeyPath: config.transcriptSigningPublicKeyPath,
      albCertificateArn: cell.albCertificateArn,
      domain: config.domain && {
        hostName: webSocketHostName(cell.region, config.domain.zoneName),
        edgeCertificateArn: config.domain.edgeCertificateArn,
      },
      removalPolicy,
    });
    return { region: cell.region, network, data, secops, chat };
  });
  orderCrossRegionDeployments(cells, config.primaryRegion);
  const governance = addGovernanceStacks(app, config, {
    cells: Object.fromEntries(
      cells.map((cell) => [
        cell.region,
        // Governance keeps its own alert topic: an EventBridge target on the security-ops topic would make
        // that topic's policy name the governance rules and the two stacks would depend on each other.
        { accessLogsBucket: cell.data.accessLogsBucket },
      ]),
    ),
  });
  for (const cell of cells) {
    Aspects.of(cell.chat).add(new AttachCodeSigning(governance.cells[cell.region].codeSigningConfig));
  }
  return { app, edge, cells, governance };
}

/**
 * Stacks that name resources of other regions deploy after them: the primary data stack's replicas
 * use the other cells' keys and buckets, and each backup plan copies into the next cell's vault.
 */
function orderCrossRegionDeployments(cells: readonly CellStacks[], primaryRegion: string): void {
  const primary = cells.find((cell) => cell.region === primaryRegion);
  if (!primary) throw new Error(`primary region ${primaryRegion} has no cell`);
  for (const cell of cells) {
    if (cell !== primary) primary.data.addStackDependency(cell.data, 'replicas use this cell key and bucket');
  }
  if (cells.length > 1) {
    const copyTarget = cells[(cells.indexOf(primary) + 1) % cells.length];
    primary.secops.addStackDependency(copyTarget.secops, 'backup copies go to this cell vault');
  }
}

/**
 * `ec2.Vpc` looks availability zones up even when they are listed; pin the lookup result to the
 * configured AZs so synth never needs credentials (see docs/adr/0002-offline-synth.md).
 */
function pinAvailabilityZones(app: App, config: AppConfig): void {
  for (const cell of config.cells) {
    const key = `availability-zones:account=${config.account}:region=${cell.region}`;
    if (app.node.tryGetContext(key) === undefined) app.node.setContext(key, cell.availabilityZones);
  }
}

/** Checks every Lambda of a stack against the cell's code-signing config (ADR 0041). */
class AttachCodeSigning implements IAspect {
  constructor(private readonly codeSigningConfig: lambda.ICodeSigningConfig) {}

  visit(node: IConstruct): void {
    if (node instanceof lambda.CfnFunction && node.codeSigningConfigArn === undefined) {
      node.codeSigningConfigArn = this.codeSigningConfig.codeSigningConfigArn;
    }
  }
}
