// esbuild plugin: the OpenAI client's unused API resources become stand-in classes generated from the real modules' exports.
import { dirname, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * `new OpenAI()` instantiates every API resource (files, audio, beta, admin, ...), so the client
 * module imports all of them and nothing tree-shakes. The Lambdas only call Chat Completions, so
 * every other resource module imported by `openai/client.mjs` or `openai/resources/index.mjs` is
 * replaced by a module exporting the same names, each a class whose instances throw a clear error
 * on any use. The client, its HTTP, retries, streaming and errors stay the SDK's own code.
 */
export interface OpenAiStandInOptions {
  /** Package-relative modules kept real. @default the chat resource and the shared types */
  readonly keep?: readonly string[];
  /** Package-relative modules whose resource imports are considered. @default client + resources index */
  readonly importers?: readonly string[];
}

export const OPENAI_KEPT_MODULES = [
  'resources/index.mjs',
  'resources/chat/index.mjs',
  'resources/chat/chat.mjs',
  'resources/shared.mjs',
] as const;

const OPENAI_IMPORTERS = ['client.mjs', 'resources/index.mjs'] as const;
const NAMESPACE = 'openai-stand-in';

const toPosix = (path: string) => path.split(sep).join('/');

/** The runtime export names of an ES module, as esbuild sees them after following `export *`. */
export async function exportNamesOf(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    outdir: 'stand-in-probe',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  return output?.exports ?? [];
}

/** Source of a module exporting `names`, each a resource class that refuses every use. */
export function standInSource(modulePath: string, names: readonly string[]): string {
  const lines = [
    'const standIn = (name) => class {',
    '  constructor(client) {',
    '    this._client = client;',
    '    return new Proxy(this, {',
    '      get(target, property, receiver) {',
    "        if (typeof property === 'symbol' || property in target) return Reflect.get(target, property, receiver);",
    "        if (property === 'then' || property === 'toJSON') return undefined;",
    `        throw new Error(\`OpenAI \${name}.\${property}: this API resource is not bundled into the Lambda (${modulePath}, lib/openai-stand-ins.ts)\`);`,
    '      },',
    '    });',
    '  }',
    '};',
  ];
  names.forEach((name, i) => {
    lines.push(`const s${i} = standIn(${JSON.stringify(name)});`);
    lines.push(`export { s${i} as ${JSON.stringify(name)} };`);
  });
  return lines.join('\n');
}

export function openAiResourceStandIns(options: OpenAiStandInOptions = {}): Plugin {
  const keep = new Set<string>(options.keep ?? OPENAI_KEPT_MODULES);
  const importers = new Set<string>(options.importers ?? OPENAI_IMPORTERS);
  return {
    name: 'openai-resource-stand-ins',
    setup(pluginBuild) {
      let packageRoots = new Set<string>();
      let kept = new Set<string>();
      let replaced = new Set<string>();
      pluginBuild.onStart(() => {
        packageRoots = new Set();
        kept = new Set();
        replaced = new Set();
      });

      pluginBuild.onResolve({ filter: /^\.\.?\/.*\.mjs$/ }, (args) => {
        const importer = toPosix(args.importer);
        const match = /^(.*\/node_modules\/openai)\/(.+)$/.exec(importer);
        if (!match || !importers.has(match[2])) return undefined;
        const root = match[1];
        const target = toPosix(resolve(dirname(args.importer), args.path));
        const inPackage = toPosix(relative(root, target));
        if (!inPackage.startsWith('resources/')) return undefined;
        packageRoots.add(root);
        if (keep.has(inPackage)) {
          kept.add(inPackage);
          return undefined;
        }
        replaced.add(inPackage);
        return { path: target, namespace: NAMESPACE, pluginData: { inPackage } };
      });

      pluginBuild.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const { inPackage } = args.pluginData as { inPackage: string };
        const names = await exportNamesOf(args.path);
        if (names.length === 0) {
          return {
            errors: [{ text: `openai/${inPackage} has no runtime exports to stand in for` }],
          };
        }
        return { contents: standInSource(`openai/${inPackage}`, names), loader: 'js' };
      });

      // The SDK's layout is part of the contract: fail instead of bundling something unexpected.
      pluginBuild.onEnd(() => {
        if (packageRoots.size === 0) return undefined;
        const errors = [...keep]
          .filter((module) => !kept.has(module))
          .map((module) => ({
            text: `openai/${module} was expected among the client's resource imports (lib/openai-stand-ins.ts)`,
          }));
        if (replaced.size === 0) {
          errors.push({ text: 'no openai resource module was replaced (lib/openai-stand-ins.ts)' });
        }
        return { errors };
      });
    },
  };
}
