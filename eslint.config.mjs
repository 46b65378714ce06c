// ESLint flat config: typescript-eslint recommended rules plus the layering rule (lambdas never import infra).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      '.local/**',
      'dist/**',
      'widget/dist/**',
      'coverage/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __filename: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['lambdas/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message:
            "Use `import * as z from 'zod'`: the `z` namespace object defeats tree-shaking (~360 KB per bundle).",
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@anthropic-ai/sdk',
              message:
                "Extend BaseAnthropic from '@anthropic-ai/sdk/client' with the resources you call: the default client pulls every resource (~300 KB per bundle).",
            },
            {
              name: '@anthropic-ai/sdk/client',
              importNames: ['Anthropic', 'default'],
              message:
                'Extend BaseAnthropic with the resources you call: the default client pulls every resource (~300 KB per bundle).',
            },
          ],
          patterns: [
            {
              group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag'],
              message: 'lambdas/ never imports infrastructure code.',
            },
            { group: ['**/lib/**', '../lib/*', '../../lib/*'], message: 'lambdas/ never imports lib/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/**/*.ts', 'bin/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'lambdas/(?!shared/definitions$)',
              message: 'lib/ refers to lambdas/ by entry path only (except lambdas/shared/definitions).',
            },
          ],
        },
      ],
    },
  },
);
