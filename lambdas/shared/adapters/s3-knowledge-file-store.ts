// KnowledgeFileStore over S3: presigned POST (size range, content type, exact key), list, head and delete.
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { KnowledgeFile, KnowledgeFileStore } from '../admin-ports';

/** The POST policy conditions for one upload; exported so tests assert the policy itself. */
export function uploadPolicyConditions(bucket: string, key: string, contentType: string, maxBytes: number) {
  return [
    { bucket },
    ['eq', '$key', key],
    ['eq', '$Content-Type', contentType],
    ['content-length-range', 1, maxBytes],
  ] as Array<Record<string, string> | [string, string, string] | [string, number, number]>;
}

export class S3KnowledgeFileStore implements KnowledgeFileStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async createUploadForm(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
  }): Promise<{ url: string; fields: Record<string, string> }> {
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: input.key,
      Conditions: uploadPolicyConditions(this.bucket, input.key, input.contentType, input.maxBytes) as never,
      Fields: { 'Content-Type': input.contentType },
      Expires: input.expiresInSeconds,
    });
    return { url, fields };
  }

  async list(prefix: string): Promise<KnowledgeFile[]> {
    const files: KnowledgeFile[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of out.Contents ?? []) {
        if (!object.Key) continue;
        files.push({
          name: object.Key.slice(prefix.length),
          key: object.Key,
          size: object.Size ?? 0,
          lastModified: object.LastModified?.toISOString(),
        });
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return files;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return false;
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
