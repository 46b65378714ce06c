// Widget build: versioned hashed files, SRI hashes that match the bytes, the embed snippet, loader and demo page.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWidget, renderEmbedSnippet, type WidgetBuildResult } from '../../widget/build';

const sha384 = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

describe('buildWidget', () => {
  let result: WidgetBuildResult;
  const read = (path: string) => readFileSync(join(result.outDir, path));

  beforeAll(() => {
    result = buildWidget({
      outDir: mkdtempSync(join(tmpdir(), 'widget-build-')),
      version: '1.2.3',
      publicPath: 'https://cdn.example.test/widget/',
    });
  });

  test('writes versioned, content-hashed js and css files', () => {
    expect(result.manifest.files.js.path).toMatch(/^1\.2\.3\/chat-widget\.[0-9a-f]{16}\.js$/);
    expect(result.manifest.files.css.path).toMatch(/^1\.2\.3\/chat-widget\.[0-9a-f]{16}\.css$/);
    expect(readdirSync(join(result.outDir, '1.2.3')).sort()).toEqual(
      [result.manifest.files.css.path, result.manifest.files.js.path]
        .map((p) => p.slice('1.2.3/'.length))
        .sort(),
    );
  });

  test('publishes sha384 SRI hashes that match the bytes on disk', () => {
    const { js, css } = result.manifest.files;
    expect(sha384(read(js.path))).toBe(js.integrity);
    expect(sha384(read(css.path))).toBe(css.integrity);
    expect(sha384(read('loader.js'))).toBe(result.manifest.loader.integrity);
    expect(JSON.parse(read('manifest.json').toString())).toEqual(result.manifest);
  });

  test('the embed snippet pins both files by integrity with CORS and carries no inline code', () => {
    const snippet = read('embed-snippet.html').toString();
    const { js, css } = result.manifest.files;
    expect(snippet).toContain(
      `href="https://cdn.example.test/widget/${css.path}" integrity="${css.integrity}" crossorigin="anonymous"`,
    );
    expect(snippet).toContain(
      `src="https://cdn.example.test/widget/${js.path}" integrity="${js.integrity}" crossorigin="anonymous"`,
    );
    expect(snippet).toContain('data-token-endpoint="/api/session-token"');
    expect(snippet).not.toMatch(/<script[^>]*>[^<]+<\/script>|<style|style=|on\w+=/);
  });

  test('the loader injects exactly the hashed files with their integrity', () => {
    const loader = read('loader.js').toString();
    expect(loader).toContain(result.manifest.files.js.integrity);
    expect(loader).toContain(result.manifest.files.css.integrity);
    expect(loader).toContain(JSON.stringify(result.manifest.files.js.path));
  });

  test('the bundle never assigns HTML sinks and carries its version', () => {
    const js = read(result.manifest.files.js.path).toString();
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    expect(js).toContain('"1.2.3"');
  });

  test.each([
    ['demo/index.html', 'acme'],
    ['demo/globex.html', 'globex'],
  ])('the demo page %s embeds the snippet for tenant %s, with no inline script or style', (path, tenant) => {
    const html = read(path).toString();
    expect(html).toContain(`integrity="${result.manifest.files.js.integrity}"`);
    expect(html).toContain(`data-tenant="${tenant}" data-container="#chat"`);
    expect(html).not.toMatch(/%[A-Z_]+%/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/);
  });

  test('is deterministic: a second build yields the same hashes', () => {
    const again = buildWidget({
      outDir: mkdtempSync(join(tmpdir(), 'widget-build-')),
      version: '1.2.3',
      publicPath: 'https://cdn.example.test/widget/',
    });
    expect(again.manifest).toEqual(result.manifest);
  });

  test('refuses a public path without a trailing slash and unsafe snippet attribute names', () => {
    expect(() => buildWidget({ outDir: mkdtempSync(join(tmpdir(), 'w-')), publicPath: '/widget' })).toThrow(
      /end with/,
    );
    expect(() =>
      renderEmbedSnippet({
        ...result.manifest.files,
        publicPath: '/',
        version: '1',
        data: { 'x" onload="': 'y' },
      }),
    ).toThrow(/invalid data attribute/);
  });
});
