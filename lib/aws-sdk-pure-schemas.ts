// esbuild plugin: marks the AWS SDK clients' schema literals pure so the schemas of unused operations tree-shake.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * Each `@aws-sdk/client-*` keeps every operation's schema in `dist-es/schemas/schemas_0.js` as
 * top-level `var X$ = [ ... ]` array literals. Their trait objects use computed keys
 * (`{ [_e]: _c }`), which esbuild must treat as possible side effects, so none of them is dropped
 * (S3: 66 KB for two commands). A data-only initializer is rewritten to an immediately invoked
 * arrow marked `@__PURE__`: evaluated at the same point to the same value when used, dropped when
 * nothing refers to it. Initializers with calls, `new` or parentheses other than arrow thunks
 * (`() => X$`) are left alone. Error registrations (`registry.registerError(...)`) are calls and
 * stay, keeping the error schemas they name.
 */
export const AWS_SDK_SCHEMA_FILE = /@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

const DECLARATION = /^((?:export )?var [\w$]+ = )(\[[\s\S]*?\]);$/gm;

/** True for array literals built only from literals, identifiers and `() => identifier` thunks. */
export function isDataOnly(initializer: string): boolean {
  const withoutStrings = initializer.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/`[^`$\\]*`/g, '""');
  if (/\n(?:export )?(?:var|const|let|function|class) /.test(withoutStrings)) return false;
  const withoutThunks = withoutStrings.replace(/\(\) => [\w$]+/g, 'thunk');
  return !/[()`/]|\bnew\b|\bfunction\b|\?\.|\+\+|--|=/.test(withoutThunks);
}

/** The schema module with every data-only declaration wrapped; `wrapped` counts them. */
export function purifySchemaModule(source: string): { contents: string; wrapped: number } {
  let wrapped = 0;
  const contents = source.replace(DECLARATION, (declaration, head: string, initializer: string) => {
    if (!isDataOnly(initializer)) return declaration;
    wrapped += 1;
    return `${head}/* @__PURE__ */ (() => ${initializer})();`;
  });
  return { contents, wrapped };
}

export function awsSdkPureSchemas(): Plugin {
  return {
    name: 'aws-sdk-pure-schemas',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: AWS_SDK_SCHEMA_FILE }, async (args) => {
        const { contents, wrapped } = purifySchemaModule(await readFile(args.path, 'utf8'));
        if (wrapped === 0) {
          // The SDK's generated layout changed: fail instead of silently losing the reduction.
          return {
            errors: [
              { text: `no schema declaration recognized in ${args.path} (lib/aws-sdk-pure-schemas.ts)` },
            ],
          };
        }
        return { contents, loader: 'js' };
      });
    },
  };
}
