// Per-cell network: VPC over ≥ 2 AZs, NAT egress, flow logs, NACLs, VPC endpoints, optional egress firewall.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { CellConfig } from '../config/schema';
import { EgressFirewall } from '../constructs/egress-firewall';
import { FlowLoggedVpc } from '../constructs/flow-logged-vpc';
import { LogKey } from '../constructs/log-key';
import type { CellNetwork } from './cell-interfaces';

export interface NetworkStackProps extends StackProps {
  /** This cell's slice of the config. */
  readonly cell: CellConfig;
  /** `livechat-dev`: names the firewall resources. */
  readonly prefix: string;
  /** Retention of the flow logs (and firewall logs) in days. */
  readonly logRetentionDays: number;
  /** Optional hostname egress control. @default - disabled */
  readonly networkFirewall?: { readonly enabled: boolean; readonly allowedDomains: readonly string[] };
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Hosts the product itself calls from the private subnets, whatever the operator lists: the admin Lambda's
 * Cognito calls (CreateGroup, the pool's JWKS) and the ALB's public keys of the signed identity header
 * (lambdas/admin-api/identity/key-providers.ts). Neither has a VPC endpoint.
 */
export const productEgressHosts = (region: string): readonly string[] => [
  `cognito-idp.${region}.amazonaws.com`,
  `public-keys.auth.elb.${region}.amazonaws.com`,
];

export class NetworkStack extends Stack implements CellNetwork {
  public readonly vpc: ec2.Vpc;
  /** S3 gateway endpoint: the knowledge bucket only serves object reads through it (`aws:SourceVpce`). */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  public readonly flowLogGroup: logs.LogGroup;
  public readonly firewall?: EgressFirewall;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetentionDays as logs.RetentionDays;
    const firewallEnabled = props.networkFirewall?.enabled ?? false;
    const { key: logKey } = new LogKey(this, 'NetworkLogKey', {
      description: `${id}: flow and firewall logs`,
      removalPolicy,
    });
    const network = new FlowLoggedVpc(this, 'Network', {
      cidr: props.cell.vpcCidr,
      availabilityZones: props.cell.availabilityZones,
      natGateways: props.cell.natGateways,
      logKey,
      logRetention,
      removalPolicy,
      firewallSubnets: firewallEnabled,
    });
    this.vpc = network.vpc;
    this.s3Endpoint = network.s3Endpoint;
    this.flowLogGroup = network.flowLogGroup;
    if (firewallEnabled) {
      const allowedDomains = [
        ...(props.networkFirewall?.allowedDomains ?? []),
        ...productEgressHosts(this.region),
      ];
      this.firewall = new EgressFirewall(this, 'EgressFirewall', {
        vpc: this.vpc,
        namePrefix: `${props.prefix}`,
        allowedDomains: [...new Set(allowedDomains)],
        logKey,
        logRetention,
        removalPolicy,
      });
    }
  }
}
