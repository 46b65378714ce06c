// Jest snapshot serializer: masks CDK asset hashes so snapshots change only when the infrastructure does.
const ASSET_HASH = /[0-9a-f]{64}(\.zip|\.json)?/g;

const serializer: jest.SnapshotSerializerPlugin = {
  test: (value: unknown) => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value: string) =>
    JSON.stringify(value.replace(ASSET_HASH, (_m, ext: string | undefined) => `[ASSET_HASH]${ext ?? ''}`)),
};

module.exports = serializer;
