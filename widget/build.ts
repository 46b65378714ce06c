// Builds the widget with esbuild into versioned, content-hashed files plus loader, SRI manifest, snippet and demo.
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const WIDGET_ROOT = __dirname;
const REPO_ROOT = resolve(WIDGET_ROOT, '..');
const BROWSER_TARGETS = ['es2020', 'chrome100', 'firefox100', 'safari15', 'edge100'];
const EMBED_MARKER = '<!-- live-chat-widget:embed -->';

export interface WidgetBuildOptions {
  /** Output directory (emptied first). @default widget/dist */
  readonly outDir?: string;
  /** URL prefix the files are served under, ending in `/` (absolute URL or root-relative path). @default '/widget/' */
  readonly publicPath?: string;
  /** @default the version in package.json */
  readonly version?: string;
  /** Attributes of the embed snippet's script tag (without the `data-` prefix). @default { 'token-endpoint': '/api/session-token' } */
  readonly snippetData?: Readonly<Record<string, string>>;
  /** Also write demo/index.html (the demo partner page). @default true */
  readonly demo?: boolean;
}

export interface HashedFile {
  /** Path relative to the output directory (and to publicPath). */
  readonly path: string;
  /** Subresource Integrity value, `sha384-<base64>`. */
  readonly integrity: string;
  readonly bytes: number;
}

export interface WidgetManifest {
  readonly name: 'live-chat-widget';
  readonly version: string;
  readonly publicPath: string;
  readonly files: { readonly js: HashedFile; readonly css: HashedFile };
  readonly loader: HashedFile;
  readonly embedSnippet: string;
}

export interface WidgetBuildResult {
  readonly outDir: string;
  readonly manifest: WidgetManifest;
  /** The HTML a partner pastes into their page. */
  readonly snippet: string;
}

export const sri = (content: Uint8Array | string): string =>
  `sha384-${createHash('sha384').update(content).digest('base64')}`;
const contentHash = (content: Uint8Array): string =>
  createHash('sha256').update(content).digest('hex').slice(0, 16);

/** Synchronous (CDK asset bundling calls it during synth); deterministic: same sources, same bytes and hashes. */
export function buildWidget(options: WidgetBuildOptions = {}): WidgetBuildResult {
  const outDir = resolve(options.outDir ?? join(WIDGET_ROOT, 'dist'));
  const publicPath = options.publicPath ?? '/widget/';
  if (!publicPath.endsWith('/')) throw new Error(`publicPath must end with "/": ${publicPath}`);
  const version = options.version ?? readPackageVersion();
  if (!/^[0-9A-Za-z.+-]+$/.test(version)) throw new Error(`version is not a safe path segment: ${version}`);

  const js = bundle(join(WIDGET_ROOT, 'ui/embed.ts'), { WIDGET_VERSION: JSON.stringify(version) });
  const css = bundle(join(WIDGET_ROOT, 'styles/chat-widget.css'));
  rmSync(outDir, { recursive: true, force: true });
  const jsFile = writeHashed(outDir, `${version}/chat-widget.${contentHash(js)}.js`, js);
  const cssFile = writeHashed(outDir, `${version}/chat-widget.${contentHash(css)}.css`, css);
  const loader = writeHashed(outDir, 'loader.js', Buffer.from(renderLoader(version, jsFile, cssFile)));

  const snippetData = options.snippetData ?? { 'token-endpoint': '/api/session-token' };
  const snippet = renderEmbedSnippet({ publicPath, version, js: jsFile, css: cssFile, data: snippetData });
  writeFileSync(join(outDir, 'embed-snippet.html'), snippet);
  const manifest: WidgetManifest = {
    name: 'live-chat-widget',
    version,
    publicPath,
    files: { js: jsFile, css: cssFile },
    loader,
    embedSnippet: 'embed-snippet.html',
  };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (options.demo ?? true) writeDemo(outDir, publicPath, version, jsFile, cssFile);
  return { outDir, manifest, snippet };
}

export interface SnippetInput {
  readonly publicPath: string;
  readonly version: string;
  readonly js: HashedFile;
  readonly css: HashedFile;
  readonly data: Readonly<Record<string, string>>;
}

/** The pinned embed: stylesheet and deferred script, each with its SRI hash and CORS mode. */
export function renderEmbedSnippet(input: SnippetInput): string {
  const data = Object.entries(input.data)
    .map(([name, value]) => {
      if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`invalid data attribute name: ${name}`);
      return ` data-${name}="${escapeAttribute(value)}"`;
    })
    .join('');
  return [
    `<!-- Live chat widget ${input.version}: files pinned by Subresource Integrity (sha384). -->`,
    `<link rel="stylesheet" href="${escapeAttribute(input.publicPath + input.css.path)}" integrity="${input.css.integrity}" crossorigin="anonymous">`,
    `<script defer src="${escapeAttribute(input.publicPath + input.js.path)}" integrity="${input.js.integrity}" crossorigin="anonymous"${data}></script>`,
    '',
  ].join('\n');
}

/** The short-cached loader: injects the current hashed files (with SRI) next to itself, passing on its data-* attributes. */
function renderLoader(version: string, js: HashedFile, css: HashedFile): string {
  const files = JSON.stringify({ js, css });
  return `/* Live chat widget loader ${version}: short-cached; injects the hashed files with their SRI hashes. */
(function () {
  var files = ${files};
  var me = document.currentScript;
  var base = me && me.src ? me.src : document.baseURI;
  var link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(files.css.path, base).href;
  link.integrity = files.css.integrity;
  link.crossOrigin = 'anonymous';
  document.head.appendChild(link);
  var script = document.createElement('script');
  var src = new URL(files.js.path, base).href;
  // Under Trusted Types enforcement, allow this policy name in the page's CSP (trusted-types live-chat-widget-loader).
  if (window.trustedTypes && window.trustedTypes.createPolicy) {
    src = window.trustedTypes.createPolicy('live-chat-widget-loader', { createScriptURL: function (u) { return u; } }).createScriptURL(src);
  }
  script.src = src;
  script.integrity = files.js.integrity;
  script.crossOrigin = 'anonymous';
  if (me) for (var key in me.dataset) script.dataset[key] = me.dataset[key];
  document.head.appendChild(script);
})();
`;
}

/** The demo partner pages: one per demo tenant of the local runtime, each themed by CSS variables. */
const DEMO_PAGES = [
  { file: 'index.html', tenant: 'acme', brand: 'Acme Outdoor', topics: 'returns, refunds and shipping' },
  {
    file: 'globex.html',
    tenant: 'globex',
    brand: 'Globex Electronics',
    topics: 'returns, warranty and support',
  },
] as const;

function writeDemo(
  outDir: string,
  publicPath: string,
  version: string,
  js: HashedFile,
  css: HashedFile,
): void {
  const template = readFileSync(join(WIDGET_ROOT, 'demo/index.html'), 'utf8');
  if (!template.includes(EMBED_MARKER)) throw new Error(`demo/index.html lacks the ${EMBED_MARKER} marker`);
  mkdirSync(join(outDir, 'demo'), { recursive: true });
  const urlOf = (page: (typeof DEMO_PAGES)[number]) =>
    page.file === 'index.html' ? '/' : `${publicPath}demo/${page.file}`;
  for (const page of DEMO_PAGES) {
    const other = DEMO_PAGES.find((p) => p !== page)!;
    const snippet = renderEmbedSnippet({
      publicPath,
      version,
      js,
      css,
      data: {
        'token-endpoint': '/api/session-token',
        tenant: page.tenant,
        container: '#chat',
        title: `${page.brand} support`,
      },
    });
    const html = template
      .replace(EMBED_MARKER, snippet.trim())
      .replaceAll('%PUBLIC_PATH%', publicPath)
      .replaceAll('%BRAND%', page.brand)
      .replaceAll('%BODY_CLASS%', `theme-${page.tenant}`)
      .replaceAll('%TOPICS%', page.topics)
      .replaceAll('%OTHER_URL%', escapeAttribute(urlOf(other)))
      .replaceAll('%OTHER_BRAND%', other.brand);
    writeFileSync(join(outDir, 'demo', page.file), html);
  }
  writeFileSync(join(outDir, 'demo/demo.css'), readFileSync(join(WIDGET_ROOT, 'demo/demo.css')));
}

function bundle(entry: string, define: Record<string, string> = {}): Uint8Array {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: BROWSER_TARGETS,
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    define,
    write: false,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.contents;
}

function writeHashed(outDir: string, path: string, content: Uint8Array): HashedFile {
  const target = join(outDir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  return { path, integrity: sri(content), bytes: content.byteLength };
}

function readPackageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

if (require.main === module) {
  const result = buildWidget({
    ...(process.env.WIDGET_PUBLIC_PATH ? { publicPath: process.env.WIDGET_PUBLIC_PATH } : {}),
  });
  console.log(`widget ${result.manifest.version} → ${result.outDir}`);
  for (const file of [result.manifest.files.js, result.manifest.files.css, result.manifest.loader]) {
    console.log(`  ${file.path}  ${file.bytes} B  ${file.integrity}`);
  }
}
