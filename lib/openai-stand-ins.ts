// esbuild plugin: the OpenAI client's unused API resources become stand-in classes generated from the real modules' exports.
import { dirname, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * `new OpenAI()` instantiates every API resource (files, audio, beta, admin, ...), so the client
 * module imports all of them and nothing tree-shakes. The Lambdas only call Chat Completions
 * (`chat.completions.create`, streaming), so:
 * - every other resource module imported by `openai/client.mjs` or `openai/resources/index.mjs`, and
 * - the chat helpers behind `chat.completions.stream()` / `runTools()` (not `create()`)
 * are replaced by modules exporting the same names, each a class that throws a clear error on any
 * use. The client, its HTTP, retries, streaming (`core/streaming`) and errors stay the SDK's code.
 */
export interface StandInRule {
  /** Package-relative modules whose imports the rule looks at. */
  readonly importers: readonly string[];
  /** Package-relative modules (resolved from those importers) replaced by stand-ins. */
  readonly replace: (module: string) => boolean;
  /** Package-relative modules that must be among the rule's imports, kept or replaced. */
  readonly expected: readonly string[];
}

export const OPENAI_KEPT_MODULES = [
  'resources/index.mjs',
  'resources/chat/index.mjs',
  'resources/chat/chat.mjs',
  'resources/shared.mjs',
] as const;

export const OPENAI_CHAT_HELPERS = [
  'lib/ChatCompletionRunner.mjs',
  'lib/ChatCompletionStreamingRunner.mjs',
  'lib/ChatCompletionStream.mjs',
] as const;

export const OPENAI_STAND_IN_RULES: readonly StandInRule[] = [
  {
    importers: ['client.mjs', 'resources/index.mjs'],
    replace: (module) =>
      module.startsWith('resources/') && !(OPENAI_KEPT_MODULES as readonly string[]).includes(module),
    expected: OPENAI_KEPT_MODULES,
  },
  {
    importers: ['resources/chat/completions/completions.mjs'],
    replace: (module) => (OPENAI_CHAT_HELPERS as readonly string[]).includes(module),
    expected: OPENAI_CHAT_HELPERS,
  },
];

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
    'const refuse = (name, property) => {',
    `  throw new Error(\`OpenAI \${name}.\${String(property)}: not bundled into the Lambda (${modulePath}, lib/openai-stand-ins.ts)\`);`,
    '};',
    'const guard = (name) => ({',
    '  get(target, property, receiver) {',
    "    if (typeof property === 'symbol' || property in target) return Reflect.get(target, property, receiver);",
    "    if (property === 'then' || property === 'toJSON') return undefined;",
    '    return refuse(name, property);',
    '  },',
    '});',
    '/** A class whose instances and statics refuse every use beyond construction. */',
    'const standIn = (name) =>',
    '  new Proxy(',
    '    class {',
    '      constructor(client) {',
    '        this._client = client;',
    '        return new Proxy(this, guard(name));',
    '      }',
    '    },',
    '    guard(name),',
    '  );',
  ];
  names.forEach((name, i) => {
    lines.push(`const s${i} = standIn(${JSON.stringify(name)});`);
    lines.push(`export { s${i} as ${JSON.stringify(name)} };`);
  });
  return lines.join('\n');
}

export function openAiResourceStandIns(rules: readonly StandInRule[] = OPENAI_STAND_IN_RULES): Plugin {
  return {
    name: 'openai-resource-stand-ins',
    setup(pluginBuild) {
      let seen = new Set<string>();
      let replaced = 0;
      pluginBuild.onStart(() => {
        seen = new Set();
        replaced = 0;
      });

      pluginBuild.onResolve({ filter: /^\.\.?\/.*\.mjs$/ }, (args) => {
        const match = /^(.*\/node_modules\/openai)\/(.+)$/.exec(toPosix(args.importer));
        const rule = match && rules.find((r) => r.importers.includes(match[2]!));
        if (!match || !rule) return undefined;
        const target = toPosix(resolve(dirname(args.importer), args.path));
        const inPackage = toPosix(relative(match[1]!, target));
        seen.add(inPackage);
        if (!rule.replace(inPackage)) return undefined;
        replaced += 1;
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
        if (seen.size === 0) return undefined;
        const errors = rules
          .flatMap((rule) => rule.expected)
          .filter((module) => !seen.has(module))
          .map((module) => ({
            text: `openai/${module} was expected among the client's imports (lib/openai-stand-ins.ts)`,
          }));
        if (replaced === 0) {
          errors.push({ text: 'no openai module was replaced (lib/openai-stand-ins.ts)' });
        }
        return { errors };
      });
    },
  };
}
