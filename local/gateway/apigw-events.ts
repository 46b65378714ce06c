// Builds the Lambda events API Gateway WebSocket APIs send: REQUEST authorizer, CONNECT, MESSAGE, DISCONNECT.
import { randomBytes, randomUUID } from 'node:crypto';

export interface GatewayIdentity {
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
  readonly domainName: string;
}

export interface ConnectionInfo {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent?: string;
}

export type HeaderMaps = {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
};

export type QueryMaps = {
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
};

/** Header maps keeping the client's casing (API Gateway does), built from Node's raw header list. */
export function headerMaps(rawHeaders: readonly string[], added: Record<string, string> = {}): HeaderMaps {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const addedLower = new Set(Object.keys(added).map((n) => n.toLowerCase()));
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (addedLower.has(name.toLowerCase())) continue; // CloudFront replaces viewer copies of its custom headers.
    const value = rawHeaders[i + 1]!;
    (multiValueHeaders[name] ??= []).push(value);
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  for (const [name, value] of Object.entries(added)) {
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  return { headers, multiValueHeaders };
}

export function queryMaps(search: URLSearchParams): QueryMaps {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of search) {
    (multi[name] ??= []).push(value);
    single[name] = value;
  }
  return Object.keys(single).length === 0
    ? {}
    : { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

/** API Gateway-style connection id: 16 base64 characters (may contain `=`, `+`, `/`). */
export const newConnectionId = (): string => randomBytes(11).toString('base64').slice(0, 15) + '=';

const requestTime = (now: Date) =>
  now.toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');

function requestContext(
  gateway: GatewayIdentity,
  connection: ConnectionInfo,
  routeKey: string,
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT',
): Record<string, unknown> {
  const now = new Date();
  return {
    routeKey,
    eventType,
    extendedRequestId: randomBytes(12).toString('base64url'),
    requestTime: requestTime(now),
    messageDirection: 'IN',
    stage: gateway.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: now.getTime(),
    identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
    requestId: randomUUID(),
    domainName: gateway.domainName,
    connectionId: connection.connectionId,
    apiId: gateway.apiId,
  };
}

export const methodArn = (gateway: GatewayIdentity, routeKey: string): string =>
  `arn:aws:execute-api:${gateway.region}:${gateway.accountId}:${gateway.apiId}/${gateway.stage}/${routeKey}`;

export function authorizerEvent(
  gateway: GatewayIdentity,
  connection: ConnectionInfo,
  headers: HeaderMaps,
  query: QueryMaps,
): Record<string, unknown> {
  return {
    type: 'REQUEST',
    methodArn: methodArn(gateway, '$connect'),
    ...headers,
    ...query,
    stageVariables: {},
    requestContext: requestContext(gateway, connection, '$connect', 'CONNECT'),
  };
}

export function connectEvent(
  gateway: GatewayIdentity,
  connection: ConnectionInfo,
  headers: HeaderMaps,
  query: QueryMaps,
  authorizer: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...headers,
    ...query,
    requestContext: { ...requestContext(gateway, connection, '$connect', 'CONNECT'), authorizer },
    isBase64Encoded: false,
  };
}

export function messageEvent(
  gateway: GatewayIdentity,
  connection: ConnectionInfo,
  routeKey: string,
  body: string,
  isBase64Encoded: boolean,
  authorizer: Record<string, unknown>,
): Record<string, unknown> {
  return {
    requestContext: {
      ...requestContext(gateway, connection, routeKey, 'MESSAGE'),
      messageId: randomBytes(12).toString('base64url'),
      authorizer,
    },
    body,
    isBase64Encoded,
  };
}

export function disconnectEvent(
  gateway: GatewayIdentity,
  connection: ConnectionInfo,
  headers: HeaderMaps,
  authorizer: Record<string, unknown>,
  statusCode: number,
  reason: string,
): Record<string, unknown> {
  return {
    ...headers,
    requestContext: {
      ...requestContext(gateway, connection, '$disconnect', 'DISCONNECT'),
      disconnectStatusCode: statusCode,
      disconnectReason: reason,
      authorizer,
    },
    isBase64Encoded: false,
  };
}
