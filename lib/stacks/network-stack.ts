// Per-cell network: a VPC over at least two AZs with private subnets for the Lambdas.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { CellConfig } from '../config/schema';

export interface NetworkStackProps extends StackProps {
  /** This cell's slice of the config. */
  readonly cell: CellConfig;
  /** Retention of the flow logs in days. */
  readonly logRetentionDays: number;
}

export class NetworkStack extends Stack {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cell.vpcCidr),
      availabilityZones: props.cell.availabilityZones,
      natGateways: props.cell.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
  }
}
