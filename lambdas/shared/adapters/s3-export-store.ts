// ExportStore over S3: writes transcript exports to the private exports bucket (KMS by bucket default).
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExportStore } from '../admin-ports';

export class S3ExportStore implements ExportStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }
}
