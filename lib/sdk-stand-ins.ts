// esbuild plugin: the LLM SDK clients' unused API resources and helpers become stand-in classes generated from the real exports.
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
 * The same holds for Anthropic's `messages.stream()` helper and message batches: the worker calls
 * `messages.create({ stream: true })` on a `BaseAnthropic` client.
 */
export interface StandInRule {
  /** The npm package the rule applies to. */
  readonly sdk: string;
  /** Name used in the stand-ins' error messages. */
  readonly label: string;
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
    sdk: 'openai',
    label: 'OpenAI',
    importers: ['client.mjs', 'resources/index.mjs'],
    replace: (module) =>
      module.startsWith('resources/') && !(OPENAI_KEPT_MODULES as readonly string[]).includes(module),
    expected: OPENAI_KEPT_MODULES,
  },
  {
    sdk: 'openai',
    label: 'OpenAI',
    importers: ['resources/chat/completions/completions.mjs'],
    replace: (module) => (OPENAI_CHAT_HELPERS as readonly string[]).includes(module),
    expected: OPENAI_CHAT_HELPERS,
  },
];

export const ANTHROPIC_MESSAGES_HELPERS = [
  'lib/MessageStream.mjs',
  'resources/messages/batches.mjs',
] as const;

export const ANTHROPIC_STAND_IN_RULES: readonly StandInRule[] = [
  {
    sdk: '@anthropic-ai/sdk',
    label: 'Anthropic',
    importers: ['resources/messages/messages.mjs'],
    replace: (module) => (ANTHROPIC_MESSAGES_HELPERS as readonly string[]).includes(module),
    expected: ANTHROPIC_MESSAGES_HELPERS,
  },
];

/** Every rule the Lambda bundles apply. */
export const LLM_SDK_STAND_IN_RULES: readonly StandInRule[] = [
  ...OPENAI_STAND_IN_RULES,
  ...ANTHROPIC_STAND_IN_RULES,
];

const NAMESPACE = 'sdk-stand-in';

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
export function standInSource(label: string, modulePath: string, names: readonly string[]): string {
  const lines = [
    'const refuse = (name, property) => {',
    `  throw new Error(\`${label} \${name}.\${String(property)}: not bundled into the Lambda (${modulePath}, lib/sdk-stand-ins.ts)\`);`,
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

export function sdkStandIns(rules: readonly StandInRule[] = LLM_SDK_STAND_IN_RULES): Plugin {
  return {
    name: 'sdk-stand-ins',
    setup(pluginBuild) {
      /** `<sdk>/<module>` of every import the rules looked at, and the SDKs that had any. */
      let seen = new Set<string>();
      let sdksSeen = new Set<string>();
      let replaced = 0;
      pluginBuild.onStart(() => {
        seen = new Set();
        sdksSeen = new Set();
        replaced = 0;
      });

      pluginBuild.onResolve({ filter: /^\.\.?\/.*\.mjs$/ }, (args) => {
        const importer = toPosix(args.importer);
        for (const rule of rules) {
          const marker = `/node_modules/${rule.sdk}/`;
          const at = importer.lastIndexOf(marker);
          if (at < 0 || !rule.importers.includes(importer.slice(at + marker.length))) continue;
          const target = toPosix(resolve(dirname(args.importer), args.path));
          const inPackage = toPosix(relative(importer.slice(0, at + marker.length), target));
          seen.add(`${rule.sdk}/${inPackage}`);
          sdksSeen.add(rule.sdk);
          if (!rule.replace(inPackage)) return undefined;
          replaced += 1;
          return {
            path: target,
            namespace: NAMESPACE,
            pluginData: { label: rule.label, module: `${rule.sdk}/${inPackage}` },
          };
        }
        return undefined;
      });

      pluginBuild.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const { label, module } = args.pluginData as { label: string; module: string };
        const names = await exportNamesOf(args.path);
        if (names.length === 0) {
          return { errors: [{ text: `${module} has no runtime exports to stand in for` }] };
        }
        return { contents: standInSource(label, module, names), loader: 'js' };
      });

      // The SDKs' layout is part of the contract: fail instead of bundling something unexpected.
      pluginBuild.onEnd(() => {
        if (sdksSeen.size === 0) return undefined;
        const errors = rules
          .filter((rule) => sdksSeen.has(rule.sdk))
          .flatMap((rule) => rule.expected.map((module) => `${rule.sdk}/${module}`))
          .filter((module) => !seen.has(module))
          .map((module) => ({
            text: `${module} was expected among the client's imports (lib/sdk-stand-ins.ts)`,
          }));
        if (replaced === 0) {
          errors.push({ text: 'no SDK module was replaced (lib/sdk-stand-ins.ts)' });
        }
        return { errors };
      });
    },
  };
}
