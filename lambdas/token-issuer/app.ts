// (ALB event) --> middy chain --> validate --> issueSessionToken: the token issuer with its ports injected.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { albJson, albJsonErrors } from '../shared/http-errors';
import { issueSessionToken, type IssueSessionTokenDeps } from './issue-session-token';
import { partnerIdentityFromHeaders } from './partner-identity';
import { headersOf, parseTokenRequest } from './request';

export interface TokenIssuerHandlerDeps extends IssueSessionTokenDeps {
  readonly logger: Logger;
}

export function createTokenIssuerHandler(deps: TokenIssuerHandlerDeps) {
  const handle = async (event: ALBEvent): Promise<ALBResult> => {
    const headers = headersOf(event);
    // Authenticate the caller before reading its body.
    const partner = partnerIdentityFromHeaders(headers, deps.clock.now());
    const body = parseTokenRequest(event, headers);
    const issued = await issueSessionToken({ partner, ...body }, deps);
    deps.logger.info('session token issued', {
      tenantId: issued.tenantId,
      newConversation: !body.conversationId,
    });
    return albJson(201, {
      token: issued.token,
      expiresAt: issued.expiresAt,
      websocketUrl: issued.websocketUrl,
      conversationId: issued.conversationId,
    });
  };
  return middy<ALBEvent, ALBResult>(handle)
    .use(injectLambdaContext(deps.logger))
    .use(albJsonErrors(deps.logger));
}
