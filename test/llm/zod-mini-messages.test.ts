// The zod/mini schemas (lambdas/shared/zod-mini.ts) report the same issues, codes and messages as classic zod.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as classic from 'zod';
import * as mini from '../../lambdas/shared/zod-mini';

const issuesOf = (result: { success: boolean; error?: { issues: unknown[] } }) =>
  result.success ? [] : JSON.parse(JSON.stringify(result.error!.issues));

const cases: { name: string; classic: classic.ZodType; mini: mini.ZodMiniType; inputs: unknown[] }[] = [
  {
    name: 'bounded string with a pattern',
    classic: classic
      .string()
      .min(1)
      .max(5)
      .regex(/^[a-z]+$/),
    mini: mini.string().check(mini.minLength(1), mini.maxLength(5), mini.regex(/^[a-z]+$/)),
    inputs: ['', 'abcdefg', 'AB', 42, undefined],
  },
  {
    name: 'positive integer',
    classic: classic.number().int().positive(),
    mini: mini.number().check(mini.int(), mini.positive()),
    inputs: [0, -1, 1.5, '3', Number.NaN],
  },
  {
    name: 'coerced bounded integer with a default',
    classic: classic.coerce.number().int().min(100).max(600_000).default(20_000),
    mini: mini._default(
      mini.coerce.number().check(mini.int(), mini.minimum(100), mini.maximum(600_000)),
      20_000,
    ),
    inputs: ['99', '600001', 'abc', '150.5'],
  },
  {
    name: 'optional trimmed URL',
    classic: classic
      .string()
      .optional()
      .transform((v) => (v && v.trim() ? v.trim() : undefined))
      .pipe(classic.url().optional()),
    mini: mini.pipe(
      mini.pipe(
        mini.optional(mini.string()),
        mini.transform((v: string | undefined) => (v && v.trim() ? v.trim() : undefined)),
      ),
      mini.optional(mini.url()),
    ),
    inputs: ['not a url', 7],
  },
  {
    name: 'strict object with an enum and a bounded array',
    classic: classic
      .object({
        status: classic.enum(['active', 'suspended']),
        origins: classic.array(classic.string().max(3)).max(2),
      })
      .strict(),
    mini: mini.strictObject({
      status: mini.enum(['active', 'suspended']),
      origins: mini.array(mini.string().check(mini.maxLength(3))).check(mini.maxLength(2)),
    }),
    inputs: [
      { status: 'gone', origins: ['abcd', 'a', 'b'] },
      { status: 'active', origins: [], extra: 1 },
      null,
    ],
  },
];

describe('zod/mini schemas report what classic zod reports', () => {
  it.each(cases)('$name', ({ classic: c, mini: m, inputs }) => {
    for (const input of inputs) {
      const expected = issuesOf(c.safeParse(input));
      expect(expected.length).toBeGreaterThan(0);
      expect(issuesOf(m.safeParse(input))).toEqual(expected);
    }
  });
});

describe('lambdas/shared/zod-mini.ts on its own (as in a bundle without classic zod)', () => {
  it('installs the English messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zod-mini-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import * as z from ${JSON.stringify(join(__dirname, '..', '..', 'lambdas', 'shared', 'zod-mini'))};\n` +
        'const r = z.object({ a: z.string().check(z.minLength(2)), b: z.url() }).safeParse({ a: "x", b: 1 });\n' +
        'process.stdout.write(JSON.stringify(r.error.issues.map((i) => i.message)));\n',
    );
    const outfile = join(dir, 'out.mjs');
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    });
    const messages = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as string[];
    const expected = classic
      .object({ a: classic.string().min(2), b: classic.url() })
      .safeParse({ a: 'x', b: 1 })
      .error!.issues.map((i) => i.message);
    expect(messages).toEqual(expected);
  });
});
