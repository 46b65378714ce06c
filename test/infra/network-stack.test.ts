// Network stack security properties: AZs, NAT egress, flow logs, NACLs, endpoints, default SG, egress firewall.
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { buildApp, resourcesOf, testConfig, type BuiltApp } from './support/synth-app';

let dev: BuiltApp;
let prod: BuiltApp;
let template: Template;

beforeAll(() => {
  dev = buildApp(testConfig('dev'));
  prod = buildApp(testConfig('prod'));
  template = dev.template(dev.cell('eu-west-1').network);
});

const subnetsNamed = (t: Template, group: string) =>
  resourcesOf(t, 'AWS::EC2::Subnet').filter(([, r]) =>
    (r.Properties.Tags as { Key: string; Value: string }[]).some(
      (tag) => tag.Key === 'aws-cdk:subnet-name' && tag.Value === group,
    ),
  );

describe('network stack', () => {
  it('spans at least two availability zones with public, private and isolated subnets in each', () => {
    for (const group of ['public', 'private', 'isolated']) {
      const azs = new Set(subnetsNamed(template, group).map(([, r]) => r.Properties.AvailabilityZone));
      expect([...azs].sort()).toEqual(['eu-west-1a', 'eu-west-1b']);
    }
  });

  it('gives public subnets no automatic public IPs', () => {
    for (const [, subnet] of subnetsNamed(template, 'public')) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  it('routes private subnets to the internet only through NAT gateways', () => {
    const privateRoutes = resourcesOf(template, 'AWS::EC2::Route').filter(([id]) =>
      id.includes('privateSubnet'),
    );
    expect(privateRoutes.length).toBe(2);
    for (const [, route] of privateRoutes) {
      expect(route.Properties).toEqual(
        expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: expect.anything() }),
      );
      expect(route.Properties.GatewayId).toBeUndefined();
    }
  });

  it('logs all VPC traffic to a KMS-encrypted log group with retention', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      MaxAggregationInterval: 60,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: dev.config.retention.logDays,
    });
  });

  it('filters subnets with NACLs: private and isolated subnets admit nothing from outside the VPC but return traffic', () => {
    const entries = resourcesOf(template, 'AWS::EC2::NetworkAclEntry').map(([id, r]) => ({
      id,
      ...r.Properties,
    }));
    const inboundOf = (acl: string) => entries.filter((e) => e.id.includes(acl) && e.Egress !== true);
    for (const entry of inboundOf('PrivateAcl')) {
      const fromVpc = entry.CidrBlock === dev.config.cells[0].vpcCidr;
      const ephemeralOnly =
        entry.PortRange?.From === 1024 && entry.PortRange?.To === 65535 && entry.Protocol === 6;
      expect(fromVpc || ephemeralOnly).toBe(true);
    }
    for (const entry of entries.filter((e) => e.id.includes('IsolatedAcl'))) {
      expect(entry.CidrBlock).toBe(dev.config.cells[0].vpcCidr);
    }
    const publicPorts = inboundOf('PublicAcl')
      .filter((e) => e.CidrBlock === '0.0.0.0/0')
      .map((e) => `${e.PortRange.From}-${e.PortRange.To}`);
    expect(publicPorts.sort()).toEqual(['1024-65535', '443-443', '80-80']);
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 6);
  });

  it('has gateway endpoints for S3 and DynamoDB on the private route tables', () => {
    for (const service of ['s3', 'dynamodb']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`.${service}`])] }),
        RouteTableIds: Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp('privateSubnet') })]),
      });
    }
  });

  it('lets the gateway endpoints reach resources of this account only (data perimeter)', () => {
    const gateways = resourcesOf(template, 'AWS::EC2::VPCEndpoint').filter(
      ([, r]) => r.Properties.VpcEndpointType === 'Gateway',
    );
    expect(gateways).toHaveLength(2);
    for (const [, endpoint] of gateways) {
      expect(endpoint.Properties.PolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceAccount': '111111111111' } },
        }),
      ]);
    }
  });

  it('has private-DNS interface endpoints for Secrets Manager, KMS, Logs, STS and SQS, but none for execute-api', () => {
    const services = resourcesOf(template, 'AWS::EC2::VPCEndpoint')
      .filter(([, r]) => r.Properties.VpcEndpointType === 'Interface')
      .map(([, r]) => {
        expect(r.Properties.PrivateDnsEnabled).toBe(true);
        return String(r.Properties.ServiceName).split('.').pop();
      });
    expect(services.sort()).toEqual(['kms', 'logs', 'secretsmanager', 'sqs', 'sts']);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/execute-api/);
  });

  it('admits only HTTPS from inside the VPC to the interface endpoints', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC only',
      SecurityGroupIngress: [
        {
          CidrIp: dev.config.cells[0].vpcCidr,
          FromPort: 443,
          ToPort: 443,
          IpProtocol: 'tcp',
          Description: Match.anyValue(),
        },
      ],
    });
  });

  it('strips the rules of the default security group, with the handler log group declared first', () => {
    const [[customId, custom]] = resourcesOf(template, 'Custom::VpcRestrictDefaultSG');
    expect(custom.Properties.DefaultSecurityGroupId).toEqual({
      'Fn::GetAtt': [expect.any(String), 'DefaultSecurityGroup'],
    });
    const handlerLogs = resourcesOf(template, 'AWS::Logs::LogGroup').find(([, r]) =>
      JSON.stringify(r.Properties.LogGroupName ?? '').includes('/aws/lambda/'),
    );
    expect(handlerLogs).toBeDefined();
    expect(template.toJSON().Resources[customId].DependsOn).toContain(handlerLogs![0]);
  });

  it('has no network firewall when the switch is off (dev)', () => {
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 0);
  });

  it('sends private egress through a Network Firewall domain allow-list when the switch is on (prod)', () => {
    const prodNetwork = prod.template(prod.cell('eu-west-1').network);
    prodNetwork.hasResourceProperties('AWS::NetworkFirewall::RuleGroup', {
      Type: 'STATEFUL',
      RuleGroup: {
        RulesSource: {
          RulesSourceList: {
            GeneratedRulesType: 'ALLOWLIST',
            TargetTypes: ['TLS_SNI', 'HTTP_HOST'],
            Targets: Match.arrayWith([...prod.config.networkFirewall.allowedDomains]),
          },
        },
      },
    });
    prodNetwork.resourceCountIs('AWS::NetworkFirewall::Firewall', 3);
    const privateRoutes = resourcesOf(prodNetwork, 'AWS::EC2::Route').filter(([id]) =>
      id.includes('privateSubnet'),
    );
    expect(privateRoutes).toHaveLength(3);
    for (const [, route] of privateRoutes) {
      expect(route.Properties.NatGatewayId).toBeUndefined();
      expect(JSON.stringify(route.Properties.VpcEndpointId)).toContain('EndpointIds');
    }
    prodNetwork.hasResourceProperties('AWS::NetworkFirewall::LoggingConfiguration', {
      LoggingConfiguration: {
        LogDestinationConfigs: Match.arrayWith([
          Match.objectLike({ LogType: 'ALERT' }),
          Match.objectLike({ LogType: 'FLOW' }),
        ]),
      },
    });
  });

  it('admits the admin Lambda calls to Cognito and the ALB public keys of its own region through the firewall', () => {
    for (const cell of prod.config.cells) {
      const targets = resourcesOf(
        prod.template(prod.cell(cell.region).network),
        'AWS::NetworkFirewall::RuleGroup',
      )[0][1].Properties.RuleGroup.RulesSource.RulesSourceList.Targets as string[];
      expect(targets).toEqual([
        ...prod.config.networkFirewall.allowedDomains,
        `cognito-idp.${cell.region}.amazonaws.com`,
        `public-keys.auth.elb.${cell.region}.amazonaws.com`,
      ]);
    }
  });
});
