// A small path-style S3: buckets, Put/Get/Head/Delete object, ListObjectsV2 and presigned POST uploads.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { escapeXml, readBody, sendXml } from './http-util';
import { parsePresignedPost } from './s3-post-policy';

export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: Date;
  readonly metadata: Record<string, string>;
}

export interface S3FakeOptions {
  /** Browser origins allowed by the bucket CORS rules (presigned POST uploads from the dashboard). @default none */
  readonly corsOrigins?: () => readonly string[];
  readonly onRequest?: (method: string, path: string, status: number, error?: string) => void;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class S3Fake {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  constructor(private readonly options: S3FakeOptions = {}) {}

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }

  putObject(
    bucket: string,
    key: string,
    body: Buffer,
    contentType = 'application/octet-stream',
  ): StoredObject {
    const objects = this.bucket(bucket);
    const object: StoredObject = {
      body,
      contentType,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: new Date(),
      metadata: {},
    };
    objects.set(key, object);
    return object;
  }

  getObject(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  createServer(): Server {
    return createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const method = req.method ?? 'GET';
    const origin = req.headers.origin;
    if (origin && (this.options.corsOrigins?.() ?? []).includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      if (method === 'OPTIONS') {
        res.writeHead(200, {
          'access-control-allow-methods': 'GET, HEAD, PUT, POST',
          'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }
    let status = 200;
    try {
      status = await this.route(method, decodeURIComponent(bucket), key, url, req, res);
      this.options.onRequest?.(method, url.pathname, status);
    } catch (error) {
      const e = error instanceof S3Error ? error : new S3Error(500, 'InternalError', String(error));
      if (method === 'HEAD') {
        res.writeHead(e.status, { 'x-amz-error-code': e.code });
        res.end();
      } else {
        sendXml(
          res,
          e.status,
          `<Error><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message></Error>`,
        );
      }
      this.options.onRequest?.(method, url.pathname, e.status, `${e.code}: ${e.message}`);
    }
  }

  private async route(
    method: string,
    bucket: string,
    key: string,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<number> {
    if (!bucket) throw new S3Error(400, 'InvalidRequest', 'Path-style bucket name required');
    if (!key) {
      if (method === 'PUT') {
        this.createBucket(bucket);
        res.writeHead(200, { location: `/${bucket}` }).end();
        return 200;
      }
      this.bucket(bucket);
      if (method === 'HEAD') return end(res, 200);
      if (method === 'GET') return this.list(bucket, url, res);
      if (method === 'POST') return this.postObject(bucket, req, res);
      throw new S3Error(405, 'MethodNotAllowed', `${method} on a bucket is not supported`);
    }
    if (method === 'PUT') {
      const body = decodeAwsChunked(await readBody(req), req.headers['content-encoding']);
      const object = this.putObject(
        bucket,
        key,
        body,
        String(req.headers['content-type'] ?? 'binary/octet-stream'),
      );
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.startsWith('x-amz-meta-')) object.metadata[name.slice(11)] = String(value);
      }
      res.writeHead(200, { etag: object.etag }).end();
      return 200;
    }
    const object = this.bucket(bucket).get(key);
    if (method === 'DELETE') {
      this.bucket(bucket).delete(key);
      return end(res, 204);
    }
    if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    const headers: Record<string, string> = {
      'content-type': object.contentType,
      'content-length': String(object.body.length),
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
    };
    for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
    if (method === 'HEAD') {
      res.writeHead(200, headers).end();
      return 200;
    }
    if (method !== 'GET')
      throw new S3Error(405, 'MethodNotAllowed', `${method} on an object is not supported`);
    res.writeHead(200, headers).end(object.body);
    return 200;
  }

  private list(bucket: string, url: URL, res: ServerResponse): number {
    const prefix = url.searchParams.get('prefix') ?? '';
    const maxKeys = Number(url.searchParams.get('max-keys') ?? 1000);
    const after = url.searchParams.get('continuation-token') ?? url.searchParams.get('start-after') ?? '';
    const keys = [...this.bucket(bucket).keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const page = keys.slice(0, maxKeys);
    const truncated = keys.length > page.length;
    const contents = page
      .map((k) => {
        const o = this.bucket(bucket).get(k)!;
        return `<Contents><Key>${escapeXml(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${escapeXml(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated
      ? `<NextContinuationToken>${escapeXml(page[page.length - 1]!)}</NextContinuationToken>`
      : '';
    sendXml(
      res,
      200,
      `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
    );
    return 200;
  }

  /** Presigned POST: the policy's conditions (key prefix, content-length-range) are enforced. */
  private async postObject(bucket: string, req: IncomingMessage, res: ServerResponse): Promise<number> {
    const body = await readBody(req, 64 * 1024 * 1024);
    const upload = parsePresignedPost(String(req.headers['content-type'] ?? ''), body, bucket);
    if ('error' in upload) throw new S3Error(upload.status, upload.code, upload.error);
    this.putObject(bucket, upload.key, upload.file, upload.contentType);
    const status = Number(upload.successStatus ?? 204);
    return end(res, [200, 201, 204].includes(status) ? status : 204);
  }

  private bucket(name: string): Map<string, StoredObject> {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    return bucket;
  }
}

function end(res: ServerResponse, status: number): number {
  res.writeHead(status).end();
  return status;
}

/** Decodes `aws-chunked` bodies (SDK streaming uploads with trailing checksums); others pass through. */
export function decodeAwsChunked(body: Buffer, encoding: string | string[] | undefined): Buffer {
  if (!String(encoding ?? '').includes('aws-chunked')) return body;
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(offset, lineEnd).toString('ascii').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
