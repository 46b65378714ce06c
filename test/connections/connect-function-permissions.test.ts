// The $connect/$disconnect functions' IAM and environment: tenants read-only; sessions only as the tenant (ADR 0021).
import { chatStackFixture } from '../infra-chat/support/chat-stack-fixture';

interface Statement {
  readonly Action: string | string[];
  readonly Effect: string;
  readonly Resource: unknown;
}

const { template } = chatStackFixture();

const connectStatements = (): Statement[] => {
  const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, p]) =>
    JSON.stringify((p as any).Properties.Roles).includes('WebSocketConnectFunctionServiceRole'),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]![1] as any).Properties.PolicyDocument.Statement as Statement[];
};
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const onTable = (s: Statement, table: 'Tenants' | 'Sessions') =>
  new RegExp(`ExportsOutputFnGetAtt${table}[A-Z0-9]+Arn`).test(JSON.stringify(s.Resource));
const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

it('lets the Connect function read the tenants table (the tenant settings item)', () => {
  const tenantReads = connectStatements().filter((s) => s.Effect === 'Allow' && onTable(s, 'Tenants'));
  expect(tenantReads.flatMap(actionsOf)).toContain('dynamodb:GetItem');
});

it('never lets the Connect function write the tenants table', () => {
  const tenantActions = connectStatements()
    .filter((s) => onTable(s, 'Tenants'))
    .flatMap(actionsOf);
  for (const write of WRITES) expect(tenantActions).not.toContain(write);
  expect(tenantActions.some((a) => a === 'dynamodb:*' || a === '*')).toBe(false);
});

const statementsOf = (role: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify((p as any).Properties.Roles).includes(role))
    .flatMap((p) => (p as any).Properties.PolicyDocument.Statement as Statement[]);

for (const [name, role] of [
  ['Connect', 'WebSocketConnectFunctionServiceRole'],
  ['Disconnect', 'WebSocketDisconnectFunctionServiceRole'],
] as const) {
  it(`gives the ${name} function no sessions-table access of its own: only the tenant-scoped role reaches it`, () => {
    const statements = statementsOf(role);
    expect(statements.filter((s) => onTable(s, 'Sessions'))).toEqual([]);
    const assume = statements.find((s) => actionsOf(s).includes('sts:AssumeRole'));
    expect(assume).toBeDefined();
    expect(JSON.stringify(assume!.Resource)).toMatch(/TenantScopedRole/);
    expect((assume as any).Condition).toEqual({
      StringLike: { 'aws:RequestTag/tenant': '?*' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenant'] },
    });
  });
}

it('lets the $connect and $disconnect roles assume the tenant-scoped role (its trust policy names them)', () => {
  const roles = Object.entries(template.findResources('AWS::IAM::Role'));
  const scoped = roles.find(([id]) => id.includes('TenantScopedRole'));
  const trusted = JSON.stringify((scoped![1] as any).Properties.AssumeRolePolicyDocument);
  expect(trusted).toMatch(/WebSocketConnectFunctionServiceRole/);
  expect(trusted).toMatch(/WebSocketDisconnectFunctionServiceRole/);
});

it('tells the Connect function both table names through its environment', () => {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f: any) =>
    String(f.Properties.Description).startsWith('WebSocket $connect:'),
  ) as any;
  expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
    expect.arrayContaining(['TENANTS_TABLE', 'SESSIONS_TABLE', 'TENANT_SCOPED_ROLE_ARN']),
  );
});
