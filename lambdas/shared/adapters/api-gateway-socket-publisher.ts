// SocketPublisher over the API Gateway @connections management API; 410 Gone becomes 'gone'.
import {
  GoneException,
  PostToConnectionCommand,
  type ApiGatewayManagementApiClient,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { SocketPublisher } from '../ports';
import type { ServerFrame } from '../types';

const encoder = new TextEncoder();

export class ApiGatewaySocketPublisher implements SocketPublisher {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async post(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'> {
    try {
      await this.client.send(
        new PostToConnectionCommand({
          ConnectionId: connectionId,
          Data: encoder.encode(JSON.stringify(frame)),
        }),
      );
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  }
}

function isGone(error: unknown): boolean {
  if (error instanceof GoneException) return true;
  return error instanceof Error && error.name === 'GoneException';
}
