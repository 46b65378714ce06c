// Dashboard SPA: tenant files, settings, certificates, conversations, usage, audit; DOM built with textContent only.
import { api, ApiError, uploadWithPresignedPost } from './api';

interface Principal {
  sub: string;
  email?: string;
  platformAdmin: boolean;
  tenantIds: string[];
}
interface Tenant {
  tenantId: string;
  displayName: string;
  status: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const CONTENT_TYPES: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
};
const EDITABLE = ['displayName', 'allowedOrigins', 'limits', 'llm', 'mcp', 'securityContact'] as const;

let tenantId = '';

function status(message: string): void {
  $('status').textContent = message;
}

function item(text: string, ...buttons: Array<[string, () => void]>): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  for (const [label, onClick] of buttons) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () => void guarded(async () => onClick()));
    li.append(button);
  }
  return li;
}

async function guarded(work: () => Promise<void> | void): Promise<void> {
  try {
    status('');
    await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    status(error instanceof Error ? error.message : String(error));
  }
}

const t = (path = '') => `/tenants/${encodeURIComponent(tenantId)}${path}`;

async function loadFiles(): Promise<Array<{ name: string; size: number }>> {
  const { files } = await api<{ files: Array<{ name: string; size: number }> }>('GET', t('/files'));
  $('files').replaceChildren(
    ...files.map((f) =>
      item(`${f.name} (${f.size} bytes)`, [
        'Delete',
        () => void api('DELETE', t(`/files/${encodeURIComponent(f.name)}`)).then(loadFiles),
      ]),
    ),
  );
  return files;
}

async function loadSettings(): Promise<void> {
  const settings = await api<Record<string, unknown>>('GET', t('/settings'));
  const editable = Object.fromEntries(
    EDITABLE.filter((k) => settings[k] !== undefined).map((k) => [k, settings[k]]),
  );
  ($('settings') as HTMLTextAreaElement).value = JSON.stringify(editable, null, 2);
}

async function loadCertificates(): Promise<void> {
  const { certificates } = await api<{
    certificates: Array<{ certKey: string; subject: string; status: string }>;
  }>('GET', t('/certificates'));
  $('certs').replaceChildren(
    ...certificates.map((c) =>
      item(
        `${c.subject} [${c.status}]`,
        ...(c.status === 'active'
          ? [
              [
                'Revoke',
                () => void api('POST', t(`/certificates/${c.certKey}/revoke`)).then(loadCertificates),
              ] as [string, () => void],
            ]
          : []),
      ),
    ),
  );
}

async function showTranscript(conversationId: string): Promise<void> {
  const { messages } = await api<{ messages: Array<{ seq: number; role: string; text: string }> }>(
    'GET',
    t(`/conversations/${conversationId}/transcript`),
  );
  $('transcript').replaceChildren(
    ...messages.map((m) => {
      const li = item(`${m.role}: ${m.text}`);
      li.className = `role-${m.role === 'assistant' ? 'assistant' : 'user'}`;
      return li;
    }),
  );
}

async function loadConversations(): Promise<void> {
  const { conversations } = await api<{ conversations: Array<{ conversationId: string }> }>(
    'GET',
    t('/conversations?limit=50'),
  );
  $('conversations').replaceChildren(
    ...conversations.map((c) =>
      item(
        c.conversationId,
        ['Transcript', () => void showTranscript(c.conversationId)],
        [
          'Export',
          () =>
            void api<{ url: string }>('POST', t(`/conversations/${c.conversationId}/export`)).then((r) =>
              window.open(r.url, '_blank', 'noopener'),
            ),
        ],
      ),
    ),
  );
}

async function loadUsageAndAudit(): Promise<void> {
  const usage = await api<{ days: unknown[] }>('GET', t('/usage'));
  $('usage').textContent = JSON.stringify(usage.days, null, 2);
  const { entries } = await api<{
    entries: Array<{ at: string; action: string; who: { email?: string; sub: string } }>;
  }>('GET', t('/audit?limit=50'));
  $('audit').replaceChildren(...entries.map((e) => item(`${e.at} ${e.who.email ?? e.who.sub} ${e.action}`)));
}

async function loadTenant(): Promise<void> {
  $('main').hidden = false;
  await Promise.all([
    loadFiles(),
    loadSettings(),
    loadCertificates(),
    loadConversations(),
    loadUsageAndAudit(),
  ]);
}

async function loadPlatform(): Promise<void> {
  const { tenants } = await api<{ tenants: Tenant[] }>('GET', '/tenants');
  $('tenants').replaceChildren(
    ...tenants.map((tn) =>
      item(`${tn.tenantId} (${tn.displayName}) [${tn.status}]`, [
        tn.status === 'active' ? 'Suspend' : 'Resume',
        () =>
          void api(
            'POST',
            `/tenants/${encodeURIComponent(tn.tenantId)}/${tn.status === 'active' ? 'suspend' : 'resume'}`,
          ).then(loadPlatform),
      ]),
    ),
  );
}

async function start(): Promise<void> {
  const me = await api<Principal>('GET', '/me');
  $('who').textContent = me.email ?? me.sub;
  const { tenants } = await api<{ tenants: Tenant[] }>('GET', '/tenants');
  const select = $('tenant') as HTMLSelectElement;
  select.replaceChildren(
    ...tenants.map((tn) => {
      const option = document.createElement('option');
      option.value = tn.tenantId;
      option.textContent = `${tn.displayName} (${tn.tenantId})`;
      return option;
    }),
  );
  select.addEventListener(
    'change',
    () =>
      void guarded(async () => {
        tenantId = select.value;
        await loadTenant();
      }),
  );
  if (me.platformAdmin) {
    $('platform').hidden = false;
    await loadPlatform();
  }
  tenantId = select.value;
  if (tenantId) await loadTenant();
}

$('upload-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void guarded(async () => {
    const file = ($('upload-file') as HTMLInputElement).files?.[0];
    if (!file) return;
    const contentType = CONTENT_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''];
    if (!contentType) throw new Error('Only .md and .txt files are accepted');
    const form = await api<{ url: string; fields: Record<string, string> }>('POST', t('/files/upload-url'), {
      fileName: file.name,
      contentType,
      sizeBytes: file.size,
    });
    await uploadWithPresignedPost(form, file, contentType);
    const stored = (await loadFiles()).find((f) => f.name === file.name && f.size === file.size);
    status(stored ? `Uploaded ${file.name}` : `Upload of ${file.name} was refused by storage`);
  });
});

$('save-settings').addEventListener(
  'click',
  () =>
    void guarded(async () => {
      await api('PUT', t('/settings'), JSON.parse(($('settings') as HTMLTextAreaElement).value));
      status('Settings saved');
      await loadSettings();
    }),
);

$('register-cert').addEventListener(
  'click',
  () =>
    void guarded(async () => {
      await api('POST', t('/certificates'), { certificatePem: ($('cert-pem') as HTMLTextAreaElement).value });
      await loadCertificates();
    }),
);

void guarded(start);
