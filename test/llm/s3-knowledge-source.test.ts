// S3KnowledgeSource: reads only the tenant's prefix, skips oversized or non-text objects, caches for a TTL.
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { knowledgePrefix, S3KnowledgeSource } from '../../lambdas/shared/adapters/s3-knowledge-source';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

/** The part of the SDK's streaming body the adapter uses. */
function body(text: string) {
  return { transformToString: async () => text } as never;
}

describe('S3KnowledgeSource', () => {
  it("lists only the tenant's prefix and never reads keys outside it", async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 't/acme/faq.md', Size: 20 },
        { Key: 't/globex/secret.md', Size: 20 },
        { Key: 't/acme/image.png', Size: 20 },
        { Key: 't/acme/huge.txt', Size: 10_000_000 },
      ],
    });
    s3.on(GetObjectCommand, { Key: 't/acme/faq.md' }).resolves({ Body: body('Returns are free.') });
    const source = new S3KnowledgeSource(new S3Client({ region: 'eu-west-1' }), 'kb');
    // Act
    const documents = await source.listDocuments('acme');
    // Assess
    expect(s3.commandCalls(ListObjectsV2Command)[0].args[0].input).toEqual(
      expect.objectContaining({ Bucket: 'kb', Prefix: 't/acme/' }),
    );
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).toEqual(['t/acme/faq.md']);
    expect(documents).toEqual([{ name: 'faq.md', text: 'Returns are free.' }]);
  });

  it('rejects a tenant id that could escape its prefix', async () => {
    const source = new S3KnowledgeSource(new S3Client({ region: 'eu-west-1' }), 'kb');
    await expect(source.listDocuments('../globex')).rejects.toThrow(/Invalid tenant id/);
    expect(() => knowledgePrefix('a/b')).toThrow();
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });

  it('reuses documents within the TTL and reloads after it', async () => {
    let now = 0;
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 't/acme/faq.txt', Size: 5 }] });
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: body('hello') }));
    const source = new S3KnowledgeSource(new S3Client({ region: 'eu-west-1' }), 'kb', {
      ttlMs: 1_000,
      clock: { now: () => now },
    });
    await source.listDocuments('acme');
    await source.listDocuments('acme');
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(1);
    now = 1_000;
    await source.listDocuments('acme');
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(2);
  });

  it('follows continuation tokens and stops at the total size cap', async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
      Contents: [{ Key: 't/acme/a.md', Size: 60 }],
      IsTruncated: true,
      NextContinuationToken: 'next',
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'next' }).resolves({
      Contents: [{ Key: 't/acme/b.md', Size: 60 }],
    });
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: body('x'.repeat(60)) }));
    const source = new S3KnowledgeSource(new S3Client({ region: 'eu-west-1' }), 'kb', { maxTotalBytes: 100 });
    const documents = await source.listDocuments('acme');
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(2);
    expect(documents.map((d) => d.name)).toEqual(['a.md']);
  });
});
