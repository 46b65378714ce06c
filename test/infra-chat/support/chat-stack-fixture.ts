// Test support: the chat stack of one cell on top of the shared cell fixture (bundling skipped for speed).
import { Template } from 'aws-cdk-lib/assertions';
import { ChatStack, type ChatStackProps } from '../../../lib/stacks/chat-stack';
import { cellFixture, TEST_ENV } from '../../support/cell-fixture';

export const ALB_CERTIFICATE_ARN =
  'arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
/** A certificate in the cell's region for the edge host name (the primary cell's extra admin listener certificate). */
export const ADMIN_EDGE_CERTIFICATE_ARN =
  'arn:aws:acm:eu-west-1:111111111111:certificate/77777777-2222-3333-4444-555555555555';
export const EDGE_WEB_ACL_ARN =
  'arn:aws:wafv2:us-east-1:111111111111:global/webacl/livechat-test-edge/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** Runs `build` with Lambda bundling disabled (context read by the App the fixture creates). */
function withoutBundling<T>(build: () => T): T {
  const previous = process.env.CDK_CONTEXT_JSON;
  process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:bundling-stacks': [] });
  try {
    return build();
  } finally {
    if (previous === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = previous;
  }
}

export function chatStackFixture(
  overrides: Partial<ChatStackProps> = {},
  extend?: (stack: ChatStack) => void,
) {
  return withoutBundling(() => {
    const cell = cellFixture();
    const stack = new ChatStack(cell.app, 'Chat', {
      env: TEST_ENV,
      settings: cell.settings,
      network: cell.network,
      data: cell.data,
      alertTopic: cell.alertTopic,
      adminHostName: 'admin-eu-west-1.chat.example.com',
      adminEdge: { hostName: 'static.chat.example.com', certificateArn: ADMIN_EDGE_CERTIFICATE_ARN },
      edgeWebAclArn: EDGE_WEB_ACL_ARN,
      wafRegionalRateLimitPer5Min: 1000,
      albCertificateArn: ALB_CERTIFICATE_ARN,
      ...overrides,
    });
    extend?.(stack);
    let template: Template | undefined;
    return {
      cell,
      stack,
      /** Synthesizes on first use, so a caller can add validation plugins before synthesis. */
      get template(): Template {
        template ??= Template.fromStack(stack);
        return template;
      },
    };
  });
}
