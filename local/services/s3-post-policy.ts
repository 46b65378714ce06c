// Parses a presigned POST upload (multipart/form-data) and enforces its policy: key prefix, exact fields, size range.

export type PresignedPostResult =
  | { key: string; file: Buffer; contentType: string; successStatus?: string }
  | { error: string; code: string; status: number };

interface Part {
  readonly name: string;
  readonly value: Buffer;
  readonly contentType?: string;
}

function parseMultipart(contentType: string, body: Buffer): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      if (name !== undefined) parts.push({ name, value: chunk.subarray(headerEnd + 4), contentType: type });
    }
    start = next;
  }
  return parts;
}

const fail = (code: string, error: string, status = 403): PresignedPostResult => ({ code, error, status });

export function parsePresignedPost(contentType: string, body: Buffer, bucket: string): PresignedPostResult {
  const parts = parseMultipart(contentType, body);
  const fields = new Map<string, string>();
  let file: Part | undefined;
  for (const part of parts) {
    if (part.name === 'file') file = part;
    else fields.set(part.name.toLowerCase(), part.value.toString('utf8'));
  }
  const key = fields.get('key');
  if (!key || !file) return fail('InvalidArgument', 'POST requires the key and file fields', 400);
  const encodedPolicy = fields.get('policy');
  if (!encodedPolicy) return fail('AccessDenied', 'POST requires a policy');
  let policy: { expiration?: string; conditions?: unknown[] };
  try {
    policy = JSON.parse(Buffer.from(encodedPolicy, 'base64').toString('utf8')) as typeof policy;
  } catch {
    return fail('InvalidPolicyDocument', 'Policy is not base64 JSON', 400);
  }
  if (!policy.expiration || Date.parse(policy.expiration) < Date.now()) {
    return fail('AccessDenied', 'Invalid according to Policy: Policy expired.');
  }
  const values = new Map(fields);
  values.set('bucket', bucket);
  for (const condition of policy.conditions ?? []) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as [string, unknown, unknown];
      if (op === 'content-length-range') {
        if (file.value.length < Number(a) || file.value.length > Number(b)) {
          return fail('EntityTooLarge', 'Your proposed upload exceeds the policy content-length-range', 400);
        }
      } else if (op === 'starts-with' || op === 'eq') {
        const actual = values.get(String(a).replace(/^\$/, '').toLowerCase()) ?? '';
        const ok = op === 'eq' ? actual === String(b) : actual.startsWith(String(b));
        if (!ok)
          return fail('AccessDenied', `Invalid according to Policy: Policy Condition failed: ${op} ${a}`);
      }
    } else if (condition && typeof condition === 'object') {
      for (const [name, expected] of Object.entries(condition as Record<string, string>)) {
        if ((values.get(name.toLowerCase()) ?? '') !== expected) {
          return fail('AccessDenied', `Invalid according to Policy: Policy Condition failed: ${name}`);
        }
      }
    }
  }
  return {
    key,
    file: file.value,
    contentType: fields.get('content-type') ?? file.contentType ?? 'binary/octet-stream',
    successStatus: fields.get('success_action_status'),
  };
}
