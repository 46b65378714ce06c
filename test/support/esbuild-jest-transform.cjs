// Jest transformer: esbuild compiles TypeScript and the ESM-only runtime packages (middy) to CommonJS.
'use strict';
const { createHash } = require('node:crypto');
const { transformSync } = require('esbuild');

const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha256')
      .update('esbuild-jest-1\0')
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
