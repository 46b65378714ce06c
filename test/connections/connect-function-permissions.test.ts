// The $connect function's IAM and environment: it reads the tenants table and counts only in the sessions table.
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

it('lets the Connect function update and get items only in the sessions table', () => {
  const statements = connectStatements();
  const updating = statements.filter((s) => actionsOf(s).includes('dynamodb:UpdateItem'));
  expect(updating.length).toBeGreaterThan(0);
  for (const s of updating) expect(onTable(s, 'Sessions')).toBe(true);
  const sessionActions = statements.filter((s) => onTable(s, 'Sessions')).flatMap(actionsOf);
  expect(sessionActions).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:GetItem']));
  const dynamoResources = statements
    .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))
    .filter((s) => !onTable(s, 'Sessions') && !onTable(s, 'Tenants'));
  expect(dynamoResources).toEqual([]);
});

it('tells the Connect function both table names through its environment', () => {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f: any) =>
    String(f.Properties.Description).startsWith('WebSocket $connect:'),
  ) as any;
  expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
    expect.arrayContaining(['TENANTS_TABLE', 'SESSIONS_TABLE']),
  );
});
