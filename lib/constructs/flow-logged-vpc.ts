// A cell VPC: public/private/isolated subnets over the given AZs, NAT egress, flow logs, NACLs, endpoints.
import { CfnResource, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface FlowLoggedVpcProps {
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  /** NAT gateways for the private subnets' internet egress (one per AZ for AZ independence). */
  readonly natGateways: number;
  /** Key encrypting the flow-log group (its policy must admit the regional logs service). */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Adds a small `firewall` subnet group for AWS Network Firewall endpoints. @default false */
  readonly firewallSubnets?: boolean;
}

/** Interface endpoints the Lambdas use; `execute-api` is deliberately absent (see docs/adr/0003). */
export const INTERFACE_ENDPOINTS = {
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
} as const;

export class FlowLoggedVpc extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogGroup: logs.LogGroup;
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  public readonly dynamoDbEndpoint: ec2.GatewayVpcEndpoint;
  public readonly interfaceEndpoints: Readonly<
    Record<keyof typeof INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpoint>
  >;

  constructor(scope: Construct, id: string, props: FlowLoggedVpcProps) {
    super(scope, id);
    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ];
    if (props.firewallSubnets) {
      subnetConfiguration.push({
        name: 'firewall',
        subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
        cidrMask: 28,
      });
    }
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      natGatewaySubnets: { subnetGroupName: 'public' },
      subnetConfiguration,
      // The default security group loses its rules through CDK's small custom resource (nothing uses it).
      restrictDefaultSecurityGroup: true,
    });

    this.declareDefaultSecurityGroupHandlerLogs(props);
    for (const subnet of this.vpc.publicSubnets) {
      const route = subnet.node.findChild('DefaultRoute');
      const reason =
        'Public subnets hold the NAT gateways and the ALB, which need a route to the internet gateway.';
      Validations.of(route).acknowledge({ id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason });
      Validations.of(route).acknowledge({ id: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', reason });
    }

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    const flowLogPolicy = flowLog.node.findChild('IAMRole').node.findChild('DefaultPolicy');
    const inlineReason =
      'The CDK flow-log grant is scoped to this one log group and lives and dies with its role.';
    Validations.of(flowLogPolicy).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: inlineReason,
    });
    Validations.of(flowLogPolicy).acknowledge({ id: 'PCI.DSS.321-IAMNoInlinePolicy', reason: inlineReason });

    this.addNetworkAcls(props.cidr);

    const egressSubnets = [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }];
    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: egressSubnets,
    });
    this.dynamoDbEndpoint = this.vpc.addGatewayEndpoint('DynamoDb', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: egressSubnets,
    });
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(props.cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    this.restrictToOwnAccount(this.s3Endpoint);
    this.restrictToOwnAccount(this.dynamoDbEndpoint);
    this.interfaceEndpoints = Object.fromEntries(
      Object.entries(INTERFACE_ENDPOINTS).map(([name, service]) => [
        name,
        this.vpc.addInterfaceEndpoint(name, {
          service,
          privateDnsEnabled: true,
          subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          securityGroups: [endpointSecurityGroup],
          open: false,
        }),
      ]),
    ) as Record<keyof typeof INTERFACE_ENDPOINTS, ec2.InterfaceVpcEndpoint>;
  }

  /**
   * Data perimeter: through the gateway endpoints (all same-region S3/DynamoDB traffic of the
   * private subnets) only resources of this account are reachable, so a compromised function
   * cannot copy tenant data to a bucket or table of another account.
   */
  private restrictToOwnAccount(endpoint: ec2.GatewayVpcEndpoint): void {
    endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OwnAccountResourcesOnly',
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:ResourceAccount': Stack.of(this).account } },
      }),
    );
  }

  /**
   * `restrictDefaultSecurityGroup` runs a small CDK-provided Lambda (custom resource) that strips the
   * default security group's rules. Declare its log group (encrypted, retained for the configured
   * days) before the custom resource runs, so Lambda never creates an unmanaged one.
   */
  private declareDefaultSecurityGroupHandlerLogs(props: FlowLoggedVpcProps): void {
    const provider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    const handler = provider?.node.tryFindChild('Handler') as CfnResource | undefined;
    if (!handler) throw new Error(`${this.node.path}: the default security group handler was not found`);
    const logGroup = new logs.LogGroup(this, 'DefaultSecurityGroupHandlerLogs', {
      logGroupName: Fn.join('', ['/aws/lambda/', handler.ref]),
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.vpc.node.findChild('RestrictDefaultSecurityGroupCustomResource').node.addDependency(logGroup);
  }

  /**
   * Stateless subnet filters as a second layer below the security groups: public subnets accept
   * HTTPS/HTTP and return traffic only; private and isolated subnets accept nothing from outside
   * the VPC except return traffic on ephemeral ports (NAT responses).
   */
  private addNetworkAcls(cidr: string): void {
    const ephemeral = ec2.AclTraffic.tcpPortRange(1024, 65535);
    const publicAcl = new ec2.NetworkAcl(this, 'PublicAcl', {
      vpc: this.vpc,
      subnetSelection: { subnetType: ec2.SubnetType.PUBLIC },
    });
    const naclReason = 'NACLs are a deliberate second, stateless layer under the security groups (issue 2).';
    const acknowledged = <T extends ec2.NetworkAcl | ec2.NetworkAclEntry>(construct: T): T => {
      Validations.of(construct.node.defaultChild ?? construct).acknowledge({
        id: 'AwsSolutions-VPC3',
        reason: naclReason,
      });
      return construct;
    };
    acknowledged(publicAcl);
    const inbound = (
      acl: ec2.NetworkAcl,
      id: string,
      n: number,
      peer: ec2.AclCidr,
      traffic: ec2.AclTraffic,
    ) =>
      acknowledged(
        acl.addEntry(id, { ruleNumber: n, cidr: peer, traffic, direction: ec2.TrafficDirection.INGRESS }),
      );
    const outboundAll = (acl: ec2.NetworkAcl) =>
      acknowledged(
        acl.addEntry('EgressAll', {
          ruleNumber: 100,
          cidr: ec2.AclCidr.anyIpv4(),
          traffic: ec2.AclTraffic.allTraffic(),
          direction: ec2.TrafficDirection.EGRESS,
        }),
      );
    inbound(publicAcl, 'IngressVpc', 100, ec2.AclCidr.ipv4(cidr), ec2.AclTraffic.allTraffic());
    inbound(publicAcl, 'IngressHttps', 110, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPort(443));
    inbound(publicAcl, 'IngressHttpRedirect', 120, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPort(80));
    inbound(publicAcl, 'IngressEphemeral', 130, ec2.AclCidr.anyIpv4(), ephemeral);
    outboundAll(publicAcl);

    const privateAcl = acknowledged(
      new ec2.NetworkAcl(this, 'PrivateAcl', {
        vpc: this.vpc,
        subnetSelection: { subnetGroupName: 'private' },
      }),
    );
    inbound(privateAcl, 'IngressVpc', 100, ec2.AclCidr.ipv4(cidr), ec2.AclTraffic.allTraffic());
    inbound(privateAcl, 'IngressEphemeral', 110, ec2.AclCidr.anyIpv4(), ephemeral);
    outboundAll(privateAcl);

    const isolatedAcl = acknowledged(
      new ec2.NetworkAcl(this, 'IsolatedAcl', {
        vpc: this.vpc,
        subnetSelection: { subnetGroupName: 'isolated' },
      }),
    );
    inbound(isolatedAcl, 'IngressVpc', 100, ec2.AclCidr.ipv4(cidr), ec2.AclTraffic.allTraffic());
    acknowledged(
      isolatedAcl.addEntry('EgressVpc', {
        ruleNumber: 100,
        cidr: ec2.AclCidr.ipv4(cidr),
        traffic: ec2.AclTraffic.allTraffic(),
        direction: ec2.TrafficDirection.EGRESS,
      }),
    );
  }
}
