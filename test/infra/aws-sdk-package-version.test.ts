// The package.json narrowing: only for modules that read nothing but `.version`, and the user agent keeps the version.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../../lib/bundling';
import { readsOnlyVersion } from '../../lib/aws-sdk-package-version';

describe('awsSdkPackageVersion', () => {
  it('narrows only an import whose every use is `.version`', () => {
    const head = 'import packageInfo from "../package.json";\n';
    expect(readsOnlyVersion(`${head}const v = packageInfo.version;`)).toBe(true);
    expect(readsOnlyVersion(`${head}const v = packageInfo.version, n = packageInfo.name;`)).toBe(false);
    expect(readsOnlyVersion(`${head}const all = packageInfo;`)).toBe(false);
    expect(readsOnlyVersion(`${head}`)).toBe(false);
    expect(readsOnlyVersion('const v = 1;')).toBe(false);
  });

  it('keeps the client version in the bundled S3 client user agent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'package-version-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        "import { S3Client } from '@aws-sdk/client-s3';",
        "const client = new S3Client({ region: 'eu-west-1' });",
        'const agent = await client.config.defaultUserAgentProvider();',
        'process.stdout.write(JSON.stringify(agent));',
      ].join('\n'),
    );
    const outfile = join(dir, 'out.mjs');
    // The entry lives outside the repository: resolve packages from the repository's node_modules.
    await build({
      ...esbuildOptionsFor(entry, outfile),
      nodePaths: [join(__dirname, '..', '..', 'node_modules')],
    });
    const agent = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as string[][];
    const manifest = require.resolve('@aws-sdk/client-s3').replace(/dist-cjs[\\/]index\.js$/, 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    expect(agent).toContainEqual(['api/S3', version]);
    expect(readFileSync(outfile, 'utf8')).not.toContain('"devDependencies"');
  });
});
