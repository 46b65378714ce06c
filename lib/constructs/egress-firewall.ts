// Optional AWS Network Firewall: private subnets' internet egress passes a domain allow-list before NAT.
import { Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';

export interface EgressFirewallProps {
  /** A VPC built with `FlowLoggedVpc({ firewallSubnets: true })`. */
  readonly vpc: ec2.Vpc;
  /** Name prefix of the firewall resources (unique per account and region). */
  readonly namePrefix: string;
  /** Host names the private subnets may reach over TLS/HTTP; a leading dot admits sub-domains. */
  readonly allowedDomains: readonly string[];
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * One firewall per AZ (each with one endpoint, so its endpoint id is unambiguous; the price is per
 * endpoint either way) sharing one policy. Route: private subnet → firewall endpoint (same AZ) → NAT
 * → internet; the NAT's public subnet routes each private CIDR back through that AZ's endpoint.
 */
export class EgressFirewall extends Construct {
  public readonly policy: networkfirewall.CfnFirewallPolicy;
  public readonly firewalls: networkfirewall.CfnFirewall[] = [];
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    super(scope, id);
    if (props.allowedDomains.length === 0) throw new Error(`${this.node.path}: allowedDomains is empty`);
    const firewallSubnets = props.vpc.selectSubnets({ subnetGroupName: 'firewall' }).subnets;
    const privateSubnets = props.vpc.selectSubnets({ subnetGroupName: 'private' }).subnets as ec2.Subnet[];

    const allowList = new networkfirewall.CfnRuleGroup(this, 'DomainAllowList', {
      ruleGroupName: `${props.namePrefix}-domains`,
      type: 'STATEFUL',
      capacity: 100,
      description: 'Egress allow-list: LLM providers, partner MCP hosts, the @connections API',
      ruleGroup: {
        rulesSource: {
          rulesSourceList: {
            generatedRulesType: 'ALLOWLIST',
            targetTypes: ['TLS_SNI', 'HTTP_HOST'],
            targets: [...props.allowedDomains],
          },
        },
      },
    });
    this.policy = new networkfirewall.CfnFirewallPolicy(this, 'Policy', {
      firewallPolicyName: `${props.namePrefix}-egress`,
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulRuleGroupReferences: [{ resourceArn: allowList.attrRuleGroupArn }],
      },
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    const natSubnets = props.vpc.publicSubnets.filter((s) => s.node.tryFindChild('NATGateway'));
    const protect = (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.RETAIN;
    const endpointByAz = new Map<string, string>();
    firewallSubnets.forEach((subnet, i) => {
      const firewall = new networkfirewall.CfnFirewall(this, `Firewall${i}`, {
        firewallName: `${props.namePrefix}-egress-${i}`,
        firewallPolicyArn: this.policy.attrFirewallPolicyArn,
        vpcId: props.vpc.vpcId,
        subnetMappings: [{ subnetId: subnet.subnetId }],
        deleteProtection: protect,
        subnetChangeProtection: protect,
        firewallPolicyChangeProtection: protect,
      });
      new networkfirewall.CfnLoggingConfiguration(this, `Logging${i}`, {
        firewallArn: firewall.attrFirewallArn,
        loggingConfiguration: {
          logDestinationConfigs: ['ALERT', 'FLOW'].map((logType) => ({
            logType,
            logDestinationType: 'CloudWatchLogs',
            logDestination: { logGroup: this.logGroup.logGroupName },
          })),
        },
      });
      this.firewalls.push(firewall);
      endpointByAz.set(
        subnet.availabilityZone,
        Fn.select(1, Fn.split(':', Fn.select(0, firewall.attrEndpointIds))),
      );
    });

    privateSubnets.forEach((subnet, i) => {
      const endpointId = endpointByAz.get(subnet.availabilityZone);
      const defaultRoute = subnet.node.tryFindChild('DefaultRoute') as ec2.CfnRoute | undefined;
      if (!endpointId || !defaultRoute?.natGatewayId) {
        throw new Error(`${this.node.path}: no firewall endpoint or NAT route for ${subnet.node.path}`);
      }
      const natGatewayId = defaultRoute.natGatewayId;
      // Private subnet → firewall endpoint of its AZ.
      defaultRoute.natGatewayId = undefined;
      defaultRoute.vpcEndpointId = endpointId;
      // Firewall subnet of that AZ → the NAT gateway the private subnet used before.
      const firewallSubnet = firewallSubnets.find((s) => s.availabilityZone === subnet.availabilityZone)!;
      new ec2.CfnRoute(this, `FirewallToNat${i}`, {
        routeTableId: firewallSubnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId,
      });
      // Every NAT's public subnet returns traffic for this private CIDR through the same endpoint.
      natSubnets.forEach((publicSubnet, j) => {
        new ec2.CfnRoute(this, `ReturnVia${i}Public${j}`, {
          routeTableId: publicSubnet.routeTable.routeTableId,
          destinationCidrBlock: subnet.ipv4CidrBlock,
          vpcEndpointId: endpointId,
        });
      });
    });
  }
}
