// Jest transformer: esbuild compiles TypeScript and the ESM-only runtime packages (middy) to CommonJS.
'use strict';
const { createHash } = require('node:crypto');
const { transformSync } = require('esbuild');

/** Changes to this transformer (or esbuild) invalidate Jest's cache of transformed files. */
const TRANSFORMER_KEY = createHash('sha256')
  .update(require('node:fs').readFileSync(__filename))
  .update(require('esbuild').version)
  .digest('hex');

const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha256')
      .update(TRANSFORMER_KEY)
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
  },
  process(source, filename) {
    const extension = filename.slice(filename.lastIndexOf('.'));
    const result = transformSync(source, {
      loader: LOADERS[extension] ?? 'js',
      format: 'cjs',
      target: 'node22',
      platform: 'node',
      sourcemap: 'inline',
      sourcefile: filename,
      // Jest's module registry has no dynamic import() without --experimental-vm-modules: lower it to require().
      supported: { 'dynamic-import': false },
      // `import.meta.url` has no CommonJS equivalent in esbuild's output; Jest modules have __filename.
      ...(source.includes('import.meta')
        ? {
            define: { 'import.meta.url': '__jestImportMetaUrl' },
            banner: 'const __jestImportMetaUrl = require("node:url").pathToFileURL(__filename).href;',
          }
        : {}),
    });
    return { code: result.code };
  },
};
