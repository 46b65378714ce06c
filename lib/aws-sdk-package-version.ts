// esbuild plugin: an AWS SDK client's runtime config gets only the `version` of its package.json, not the whole file.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * `@aws-sdk/client-*` runtime configs `import packageInfo from "../package.json"` for the user agent's
 * client version, which bundles the whole manifest (≈ 2.4 KB per client). When the importing module
 * reads nothing but `packageInfo.version`, the import resolves to a module whose default export is
 * `{ version }` with the manifest's own value; any other use keeps the real file.
 */
const RUNTIME_CONFIG = /@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]runtimeConfig[\w.]*\.js$/;
const NAMESPACE = 'aws-sdk-package-version';

/** True when `source` imports `../package.json` and only ever reads `.version` from it. */
export function readsOnlyVersion(source: string): boolean {
  const binding = /^import (\w+) from "\.\.\/package\.json";$/m.exec(source)?.[1];
  if (!binding) return false;
  const uses = [...source.matchAll(new RegExp(`\\b${binding}\\b(\\.\\w+)?`, 'g'))];
  // The first use is the import itself; every other one must be `<binding>.version`.
  return uses.length > 1 && uses.slice(1).every((use) => use[1] === '.version');
}

export function awsSdkPackageVersion(): Plugin {
  return {
    name: 'aws-sdk-package-version',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.\/package\.json$/ }, async (args) => {
        if (!RUNTIME_CONFIG.test(args.importer)) return undefined;
        if (!readsOnlyVersion(await readFile(args.importer, 'utf8'))) return undefined;
        return { path: join(dirname(args.importer), args.path), namespace: NAMESPACE };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const { version } = JSON.parse(await readFile(args.path, 'utf8')) as { version?: unknown };
        if (typeof version !== 'string') {
          return { errors: [{ text: `${args.path} has no version (lib/aws-sdk-package-version.ts)` }] };
        }
        return { contents: `export default { version: ${JSON.stringify(version)} };`, loader: 'js' };
      });
    },
  };
}
