// KnowledgeSource over the private bucket: reads only the tenant's prefix `t/<tenantId>/`, with size caps and a TTL cache.
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { KnowledgeDocument, KnowledgeSource } from '../../llm-worker/ports';
import { ID_PATTERN } from '../definitions';
import type { Clock } from '../ports';

export interface S3KnowledgeSourceOptions {
  /** How long a tenant's documents are reused. @default 60_000 ms */
  readonly ttlMs?: number;
  /** Objects read per tenant at most. @default 200 */
  readonly maxObjects?: number;
  /** Larger objects are skipped. @default 262_144 bytes */
  readonly maxObjectBytes?: number;
  /** Total bytes read per tenant at most. @default 2_097_152 */
  readonly maxTotalBytes?: number;
  readonly clock?: Clock;
}

/** Text formats the assistant reads; anything else in the prefix is ignored. */
const TEXT_EXTENSIONS = /\.(md|markdown|txt|text|faq|csv|json)$/i;

/** The tenant's prefix in the knowledge bucket. */
export function knowledgePrefix(tenantId: string): string {
  if (!ID_PATTERN.test(tenantId)) throw new Error('Invalid tenant id');
  return `t/${tenantId}/`;
}

export class S3KnowledgeSource implements KnowledgeSource {
  private readonly cache = new Map<string, { documents: KnowledgeDocument[]; loadedAt: number }>();
  private readonly ttlMs: number;
  private readonly maxObjects: number;
  private readonly maxObjectBytes: number;
  private readonly maxTotalBytes: number;
  private readonly clock: Clock;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    options: S3KnowledgeSourceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxObjects = options.maxObjects ?? 200;
    this.maxObjectBytes = options.maxObjectBytes ?? 262_144;
    this.maxTotalBytes = options.maxTotalBytes ?? 2_097_152;
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  async listDocuments(tenantId: string): Promise<KnowledgeDocument[]> {
    const prefix = knowledgePrefix(tenantId);
    const cached = this.cache.get(tenantId);
    if (cached && this.clock.now() - cached.loadedAt < this.ttlMs) return cached.documents;

    const candidates: Array<{ key: string; size: number }> = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? '';
        // Defence in depth: never trust the listing to honour the prefix.
        if (!key.startsWith(prefix) || !TEXT_EXTENSIONS.test(key)) continue;
        if ((object.Size ?? 0) === 0 || (object.Size ?? 0) > this.maxObjectBytes) continue;
        candidates.push({ key, size: object.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && candidates.length < this.maxObjects);

    const chosen: Array<{ key: string; size: number }> = [];
    let total = 0;
    for (const c of candidates.sort((a, b) => a.key.localeCompare(b.key)).slice(0, this.maxObjects)) {
      if (total + c.size > this.maxTotalBytes) break;
      chosen.push(c);
      total += c.size;
    }
    const documents: KnowledgeDocument[] = [];
    for (let i = 0; i < chosen.length; i += 8) {
      const batch = await Promise.all(chosen.slice(i, i + 8).map((c) => this.read(c.key, prefix)));
      documents.push(...batch.filter((d): d is KnowledgeDocument => d !== undefined));
    }
    this.cache.set(tenantId, { documents, loadedAt: this.clock.now() });
    return documents;
  }

  private async read(key: string, prefix: string): Promise<KnowledgeDocument | undefined> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const text = (await out.Body?.transformToString('utf-8')) ?? '';
    if (!text.trim()) return undefined;
    return { name: key.slice(prefix.length), text: text.slice(0, this.maxObjectBytes) };
  }
}
