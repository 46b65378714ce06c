// End to end through the local runtime: a partner admin uploads a FAQ file, the assistant answers from it, other tenants cannot.
import { REPO_ROOT, useLocalRuntime } from '../local/support/local-runtime-fixture';
import { postJson, Session, tlsOf, type Tenant } from '../local/support/runtime-client';
import { AdminBrowserClient, type UploadForm } from './support/admin-browser-client';

const FILE_NAME = 'gift-cards.md';
const FACT = 'Gift cards can be redeemed at the Zanzibar kiosk until 23:00.';
const FAQ_FILE = `# Acme Outdoor — gift cards\n\n- ${FACT}\n- Gift cards never expire.\n`;
const QUESTION = 'Where can gift cards be redeemed?';

const fixture = useLocalRuntime('livechat-admin-e2e');
const rootDir = REPO_ROOT;
const tenant = (id: string): Tenant => fixture.tenant(id);

/** An end user of the tenant: session token over mTLS with the partner's certificate, socket from its origin. */
async function askAsEndUser(
  of: Tenant,
  userId: string,
  text: string,
): Promise<{ done: string; deltas: string }> {
  const token = await postJson(fixture.runtime.endpoints.tokenUrl, { userId }, tlsOf(rootDir, of));
  expect(token.status).toBe(201);
  const session = await Session.open(token.json.websocketUrl, token.json.token, of.origin);
  if (!(session instanceof Session)) throw new Error(`${of.id} connect refused with ${session}`);
  try {
    const clientMessageId = `${userId}-q1`;
    session.send({ action: 'sendMessage', clientMessageId, text });
    const ack = await session.waitFor((f) => f.type === 'ack' && f.clientMessageId === clientMessageId);
    const done = await session.waitFor((f) => f.type === 'assistant.done' && f.seq === ack.seq + 1);
    const deltas = session.frames
      .filter((f) => f.type === 'assistant.delta' && f.messageId === done.messageId)
      .map((f) => f.text as string)
      .join('');
    return { done: done.text as string, deltas };
  } finally {
    await session.close();
  }
}

const FORBIDDEN = { status: 403, code: 'forbidden' };
const refusal = (res: { status: number; body: any }) => ({ status: res.status, code: res.body?.error?.code });
const fileNames = (body: { files: Array<{ name: string }> }) => body.files.map((f) => f.name);

test("a partner admin signs in, uploads a FAQ file and the assistant answers from it; another tenant's admin cannot see or touch it", async () => {
  const acme = tenant('acme');
  const globex = tenant('globex');
  const acmeAdmin = await AdminBrowserClient.signIn(fixture.runtime.adminUrl, 'admin-acme');
  const globexAdmin = await AdminBrowserClient.signIn(fixture.runtime.adminUrl, 'admin-globex');
  expect((await acmeAdmin.call('GET', '/me')).body).toMatchObject({
    platformAdmin: false,
    tenantIds: ['acme'],
  });

  // 1. acme's admin uploads the FAQ file through a presigned POST, as the dashboard does in a browser.
  const bytes = Buffer.byteLength(FAQ_FILE);
  const issued = await acmeAdmin.call('POST', '/tenants/acme/files/upload-url', {
    fileName: FILE_NAME,
    contentType: 'text/markdown',
    sizeBytes: bytes,
  });
  expect(issued.status).toBe(201);
  const form = issued.body as UploadForm;
  expect(form.key).toBe(`t/acme/faq/${FILE_NAME}`);
  const upload = await acmeAdmin.uploadWithPresignedPost(form, FILE_NAME, 'text/markdown', FAQ_FILE);
  expect({ status: upload.status, body: upload.body }).toEqual({ status: 204, body: '' });
  expect(upload.allowOrigin).toBe(new URL(fixture.runtime.adminUrl).origin); // the dashboard may read the result

  const acmeFiles = await acmeAdmin.call('GET', '/tenants/acme/files');
  expect(acmeFiles.status).toBe(200);
  expect(acmeFiles.body.files).toContainEqual(
    expect.objectContaining({ name: FILE_NAME, key: form.key, size: bytes }),
  );

  // 2. globex's admin can neither see nor touch it, even with the dashboard's CSRF header.
  expect(refusal(await globexAdmin.call('GET', '/tenants/acme/files'))).toEqual(FORBIDDEN);
  expect(refusal(await globexAdmin.call('DELETE', `/tenants/acme/files/${FILE_NAME}`))).toEqual(FORBIDDEN);
  const overwrite = await globexAdmin.call('POST', '/tenants/acme/files/upload-url', {
    fileName: FILE_NAME,
    contentType: 'text/markdown',
    sizeBytes: 10,
  });
  expect(refusal(overwrite)).toEqual(FORBIDDEN);
  const globexFiles = await globexAdmin.call('GET', '/tenants/globex/files');
  expect(globexFiles.status).toBe(200);
  expect(fileNames(globexFiles.body).length).toBeGreaterThan(0); // globex's own seeded FAQ
  expect(fileNames(globexFiles.body)).not.toContain(FILE_NAME);
  expect(fileNames((await acmeAdmin.call('GET', '/tenants/acme/files')).body)).toContain(FILE_NAME);

  // 3. An acme end user asks in the chat and the streamed answer comes from the uploaded file. This is the
  // first acme turn of this fresh runtime, so the worker's knowledge cache (60 s TTL) holds no earlier listing.
  const acmeAnswer = await askAsEndUser(acme, 'shopper-acme', QUESTION);
  expect(acmeAnswer.done).toContain(FACT);
  expect(acmeAnswer.deltas).toContain('Zanzibar kiosk');

  // 4. A globex end user asking the same question gets nothing from acme's file.
  const globexAnswer = await askAsEndUser(globex, 'shopper-globex', QUESTION);
  expect(globexAnswer.done).not.toContain('Zanzibar');
  expect(globexAnswer.deltas).not.toContain('Zanzibar');

  // 5. Control: the refused delete above was authorization, not a broken route — acme's own admin can delete.
  expect((await acmeAdmin.call('DELETE', `/tenants/acme/files/${FILE_NAME}`)).status).toBe(204);
  expect(fileNames((await acmeAdmin.call('GET', '/tenants/acme/files')).body)).not.toContain(FILE_NAME);
}, 120_000);
