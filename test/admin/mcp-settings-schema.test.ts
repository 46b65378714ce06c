// mcpSchema: the tenant's MCP client-certificate secret is exactly its own, by name or full ARN, nothing else.
import { mcpSchema } from '../../lambdas/admin-api/schemas';

const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:';

function mcpWith(clientCertificateSecretId: string) {
  return {
    endpoint: 'https://mcp.acme.example/mcp',
    allowedHosts: ['mcp.acme.example'],
    allowedTools: ['order_status'],
    clientCertificateSecretId,
  };
}

describe('mcpSchema client-certificate secret', () => {
  it.each([
    'livechat/mcp/acme/client-certificate',
    `${ARN_PREFIX}livechat/mcp/acme/client-certificate-AbC123`,
  ])('accepts the tenant’s own secret %s', (secretId) => {
    expect(mcpSchema('acme').safeParse(mcpWith(secretId)).success).toBe(true);
  });

  it.each([
    'livechat/mcp/acme-europe/client-certificate',
    `${ARN_PREFIX}livechat/mcp/acme-europe/client-certificate-AbC123`,
    'livechat/mcp/globex/client-certificate',
    'mcp/acme/client-cert',
    'livechat/mcp/acme',
    'livechat/mcp/acme/client-certificate/../../globex/client-certificate',
    `${ARN_PREFIX}livechat/mcp/acme/client-certificate-AbC12`,
  ])('refuses %s for tenant acme, naming the expected secret', (secretId) => {
    const result = mcpSchema('acme').safeParse(mcpWith(secretId));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['clientCertificateSecretId'],
        message: expect.stringContaining('livechat/mcp/acme/client-certificate'),
      }),
    ]);
  });
});
