// Chat router Lambda: middy --> caller from the authorizer context --> route frame --> use case.
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ApiGatewaySocketPublisher } from '../shared/adapters/api-gateway-socket-publisher';
import { SqsTurnQueue } from '../shared/adapters/sqs-turn-queue';
import { StsTenantCredentials } from '../shared/adapters/sts-tenant-credentials';
import { logger } from '../shared/logger';
import { readChatRouterEnv } from './env';
import { createChatRouter, type WebSocketRouteEvent } from './router';
import { tenantPortsFactory } from './tenant-ports';

const env = readChatRouterEnv();
const publisher = new ApiGatewaySocketPublisher(
  new ApiGatewayManagementApiClient({ region: env.region, endpoint: env.callbackUrl }),
);
const turns = new SqsTurnQueue(new SQSClient({ region: env.region }), env.turnQueueUrl);
const sharedDoc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: env.region }), {
  marshallOptions: { removeUndefinedValues: true },
});
const credentials = env.tenantScopedRoleArn
  ? new StsTenantCredentials(new STSClient({ region: env.region }), env.tenantScopedRoleArn)
  : undefined;
const portsFor = tenantPortsFactory({
  env,
  publisher,
  turns,
  sharedDoc,
  ...(credentials ? { credentials } : {}),
});
const route = createChatRouter({ portsFor, publisher });

export const handler = middy<WebSocketRouteEvent, { statusCode: number }>(route).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
