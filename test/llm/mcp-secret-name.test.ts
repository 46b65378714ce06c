// The one MCP client-certificate secret naming convention: builder and strict parser shared by admin, worker and IAM.
import { MCP_CLIENT_CERTIFICATE_SECRET as SECRET } from '../../lambdas/shared/definitions';

const ARN_PREFIX = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:';

describe('MCP client-certificate secret name', () => {
  it('builds livechat/mcp/<tenantId>/client-certificate', () => {
    expect(SECRET.nameFor('acme')).toBe('livechat/mcp/acme/client-certificate');
    expect(SECRET.nameFor('acme')).toBe(`${SECRET.namePrefix}acme${SECRET.nameSuffix}`);
  });

  it.each(['', 'acme/other', '../acme', 'a'.repeat(65), 'acme europe', 'acme#1'])(
    'refuses to build a name for the tenant id %j',
    (tenantId) => expect(() => SECRET.nameFor(tenantId)).toThrow('invalid tenant id'),
  );

  it('accepts the exact name of the tenant', () => {
    expect(SECRET.tenantOf('livechat/mcp/acme/client-certificate')).toBe('acme');
    expect(SECRET.isOfTenant('livechat/mcp/acme/client-certificate', 'acme')).toBe(true);
    expect(SECRET.isOfTenant('livechat/mcp/acme_2-x/client-certificate', 'acme_2-x')).toBe(true);
  });

  it.each([
    'arn:aws:secretsmanager:eu-west-1:111111111111:secret:livechat/mcp/acme/client-certificate-AbC123',
    'arn:aws-us-gov:secretsmanager:us-gov-west-1:111111111111:secret:livechat/mcp/acme/client-certificate-zzzzzz',
    'arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:livechat/mcp/acme/client-certificate-000000',
  ])('accepts the full Secrets Manager ARN %s', (arn) => {
    expect(SECRET.tenantOf(arn)).toBe('acme');
    expect(SECRET.isOfTenant(arn, 'acme')).toBe(true);
  });

  it.each([
    ['another tenant whose id extends this one', 'livechat/mcp/acme-europe/client-certificate'],
    [
      'another tenant whose id extends this one, as an ARN',
      `${ARN_PREFIX}livechat/mcp/acme-europe/client-certificate-AbC123`,
    ],
    ['another tenant', 'livechat/mcp/globex/client-certificate'],
    ['the old flat name', 'livechat/mcp/acme'],
    ['the old flat name with a random suffix', `${ARN_PREFIX}livechat/mcp/acme-AbC123`],
    ['the old admin naming', 'mcp/acme/client-cert'],
    ['another prefix', 'other/mcp/acme/client-certificate'],
    ['a prefix in front of the convention', 'x/livechat/mcp/acme/client-certificate'],
    ['a longer prefix', 'livechat/mcp/x/acme/client-certificate'],
    ['a different last segment', 'livechat/mcp/acme/client-cert'],
    ['a trailing segment', 'livechat/mcp/acme/client-certificate/x'],
    ['a suffix on the bare name', 'livechat/mcp/acme/client-certificate-AbC123'],
    ['a dot-dot path', 'livechat/mcp/../mcp/acme/client-certificate'],
    ['a dot-dot tenant segment', 'livechat/mcp/acme/../acme/client-certificate'],
    ['a doubled slash', 'livechat/mcp//acme/client-certificate'],
    ['an encoded slash', 'livechat/mcp/acme%2Fclient-certificate'],
    ['a trailing newline', 'livechat/mcp/acme/client-certificate\n'],
    ['leading whitespace', ' livechat/mcp/acme/client-certificate'],
    ['an upper-case variant', 'LiveChat/MCP/acme/client-certificate'],
    ['an ARN without the random suffix', `${ARN_PREFIX}livechat/mcp/acme/client-certificate`],
    ['an ARN with a 5-character suffix', `${ARN_PREFIX}livechat/mcp/acme/client-certificate-AbC12`],
    ['an ARN with a 7-character suffix', `${ARN_PREFIX}livechat/mcp/acme/client-certificate-AbC1234`],
    ['an ARN with a non-alphanumeric suffix', `${ARN_PREFIX}livechat/mcp/acme/client-certificate-AbC-12`],
    [
      'an ARN of another service',
      'arn:aws:ssm:eu-west-1:111111111111:secret:livechat/mcp/acme/client-certificate-AbC123',
    ],
    [
      'an ARN with a short account',
      'arn:aws:secretsmanager:eu-west-1:1111:secret:livechat/mcp/acme/client-certificate-AbC123',
    ],
    ['a partial ARN', 'secret:livechat/mcp/acme/client-certificate-AbC123'],
    ['an empty id', ''],
  ])('refuses %s for tenant acme', (_label, secretId) => {
    expect(SECRET.isOfTenant(secretId, 'acme')).toBe(false);
  });

  it('parses another tenant’s secret as that tenant, never as a prefix of it', () => {
    expect(SECRET.tenantOf('livechat/mcp/acme-europe/client-certificate')).toBe('acme-europe');
  });

  it('binds no secret to a tenant id outside ID_PATTERN', () => {
    expect(SECRET.isOfTenant('livechat/mcp/acme/client-certificate', 'acme/client-certificate')).toBe(false);
    expect(SECRET.isOfTenant('livechat/mcp/acme/client-certificate', '')).toBe(false);
  });
});
