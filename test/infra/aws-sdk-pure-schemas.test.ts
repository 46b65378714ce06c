// The AWS SDK schema purity rewrite: data-only declarations only, and the real schema modules keep their exact values.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { awsSdkPureSchemas, isDataOnly, purifySchemaModule } from '../../lib/aws-sdk-pure-schemas';

const schemaFile = (client: string) =>
  require.resolve(`@aws-sdk/${client}`).replace(/dist-cjs[\\/]index\.js$/, 'dist-es/schemas/schemas_0.js');

/** Every export of the module, thunks followed three levels deep, as JSON. */
const DUMP = `
const seen = (v, depth) => {
  if (typeof v === 'function') return depth < 3 ? { thunk: seen(v(), depth + 1) } : 'thunk';
  if (Array.isArray(v)) return v.map((x) => seen(x, depth));
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, seen(v[k], depth)]));
  return v === undefined ? '<undefined>' : v;
};`;

async function dumpExports(file: string, purify: boolean): Promise<unknown> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'pure-schemas-')), 'schemas.mjs');
  await build({
    entryPoints: [file],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: purify ? [awsSdkPureSchemas()] : [],
  });
  const script = `${DUMP}
const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});
process.stdout.write(JSON.stringify(Object.fromEntries(Object.keys(m).sort().map((k) => [k, seen(m[k], 0)]))));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
}

describe('awsSdkPureSchemas', () => {
  it('wraps data-only array declarations and leaves anything that calls, constructs or assigns', () => {
    const source = [
      'export var A$ = [3, n0, _A,',
      '    { [_e]: _c, [_hE]: 400, [_aQE]: [`A`, 400] },',
      '    [_m, _n],',
      '    [0, () => B$]',
      '];',
      'export var B$ = [3, n0, "(not a call)", 0, [], []];',
      'export var C$ = [3, n0, make(_C), 0, [], []];',
      'export var D$ = [3, n0, new Thing(), 0, [], []];',
      'var E = [x = 1];',
      'registry.registerError(A$, A);',
    ].join('\n');
    const { contents, wrapped } = purifySchemaModule(source);
    expect(wrapped).toBe(2);
    expect(contents).toContain('export var A$ = /* @__PURE__ */ (() => [3, n0, _A,');
    expect(contents).toContain(
      'export var B$ = /* @__PURE__ */ (() => [3, n0, "(not a call)", 0, [], []])();',
    );
    expect(contents).toContain('export var C$ = [3, n0, make(_C), 0, [], []];');
    expect(contents).toContain('export var D$ = [3, n0, new Thing(), 0, [], []];');
    expect(contents).toContain('var E = [x = 1];');
    expect(contents).toContain('registry.registerError(A$, A);');
    expect(isDataOnly('[1, `a${b}`]')).toBe(false);
  });

  it('fails the build when a schema module has no recognizable declaration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pure-schemas-layout-'));
    const file = join(dir, 'node_modules', '@aws-sdk', 'client-x', 'dist-es', 'schemas', 'schemas_0.js');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'export const schemas = make();\n');
    await expect(
      build({
        entryPoints: [file],
        bundle: true,
        write: false,
        logLevel: 'silent',
        plugins: [awsSdkPureSchemas()],
      }),
    ).rejects.toThrow(/no schema declaration recognized/);
  });

  it.each(['client-s3', 'client-sts', 'client-dynamodb'])(
    '%s: every schema export keeps its value',
    async (client) => {
      const file = schemaFile(client);
      const original = (await dumpExports(file, false)) as Record<string, unknown>;
      expect(Object.keys(original).length).toBeGreaterThan(10);
      expect(await dumpExports(file, true)).toEqual(original);
    },
    60_000,
  );
});
