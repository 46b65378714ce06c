// A latency-routed, health-checked DNS name for one cell: the record set Route 53 picks when the cell is healthy.
import { Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

export interface LatencyRecordProps {
  readonly zone: route53.IHostedZone;
  /** Record name inside the zone, e.g. `ws` for `ws.chat.example.com`. */
  readonly recordName: string;
  /** The cell's region: the latency region of this record set and its set identifier. */
  readonly region: string;
  /** The cell's endpoint host name (e.g. its CloudFront distribution domain name); also the checked host. */
  readonly target: string;
  /** HTTPS path the health check requests on the target. @default '/health' */
  readonly healthCheckPath?: string;
}

export class LatencyRecord extends Construct {
  public readonly healthCheck: route53.HealthCheck;
  public readonly record: route53.CnameRecord;

  constructor(scope: Construct, id: string, props: LatencyRecordProps) {
    super(scope, id);
    const fqdn = `${props.recordName}.${props.zone.zoneName}`;
    this.healthCheck = new route53.HealthCheck(this, 'HealthCheck', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: props.target,
      resourcePath: props.healthCheckPath ?? '/health',
      port: 443,
      enableSNI: true,
      failureThreshold: 3,
    });
    this.record = new route53.CnameRecord(this, 'Record', {
      zone: props.zone,
      recordName: fqdn,
      domainName: props.target,
      region: props.region,
      setIdentifier: props.region,
      healthCheck: this.healthCheck,
      // A short TTL lets resolvers move to the next-nearest healthy cell within a minute.
      ttl: Duration.seconds(60),
    });
  }
}
