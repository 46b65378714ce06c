// IAM Access Analyzer for the region: reports any resource policy that shares a resource outside the account.
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import { Construct } from 'constructs';

export interface ExposureAnalyzerProps {
  /** Analyzer name. */
  readonly analyzerName: string;
}

/** An account-zone analyzer; findings reach the alert topic through an EventBridge rule in the stack. */
export class ExposureAnalyzer extends Construct {
  public readonly analyzer: accessanalyzer.CfnAnalyzer;

  constructor(scope: Construct, id: string, props: ExposureAnalyzerProps) {
    super(scope, id);
    this.analyzer = new accessanalyzer.CfnAnalyzer(this, 'Analyzer', {
      analyzerName: props.analyzerName,
      type: 'ACCOUNT',
    });
  }
}
