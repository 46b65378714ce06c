// The SDK stand-in plugin (OpenAI layout): unused resources become throwing stand-ins, chat stays real, SDK layout drift fails the build.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { OPENAI_STAND_IN_RULES, sdkStandIns } from '../../lib/sdk-stand-ins';

/** The fixture has the real layout of the client's resource imports (the first rule); no chat helpers. */
const RESOURCE_RULES = [OPENAI_STAND_IN_RULES[0]!];

/** A miniature `openai` package with the real one's layout: client.mjs imports every resource. */
function fakeOpenAiPackage(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'openai-stand-ins-'));
  const all: Record<string, string> = {
    'node_modules/openai/package.json': '{"name":"openai","type":"module","exports":{".":"./client.mjs"}}',
    'node_modules/openai/resources/index.mjs':
      'export * from "./chat/index.mjs";\nexport * from "./shared.mjs";\nexport { Files } from "./files.mjs";\n',
    'node_modules/openai/resources/chat/index.mjs': 'export { Chat } from "./chat.mjs";\n',
    'node_modules/openai/resources/chat/chat.mjs':
      'export class Chat { constructor(client) { this._client = client; } hello() { return "real chat"; } }\n',
    'node_modules/openai/resources/shared.mjs': 'export {};\n',
    'node_modules/openai/resources/files.mjs':
      'export class Files { constructor(client) { this._client = client; } list() { return "real files"; } }\n',
    'node_modules/openai/client.mjs': [
      'import * as API from "./resources/index.mjs";',
      'import { Chat } from "./resources/chat/chat.mjs";',
      'import { Files } from "./resources/files.mjs";',
      'export class OpenAI { constructor() { this.chat = new API.Chat(this); this.files = new API.Files(this); } }',
      'OpenAI.Chat = Chat; OpenAI.Files = Files;',
    ].join('\n'),
    'entry.mjs': 'import { OpenAI } from "openai";\nexport const client = new OpenAI();\n',
    ...files,
  };
  for (const [path, contents] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  return root;
}

async function bundle(root: string): Promise<string> {
  const outfile = join(root, 'out.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['entry.mjs'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    plugins: [sdkStandIns(RESOURCE_RULES)],
    logOverride: { 'import-is-undefined': 'error' },
    logLevel: 'silent',
  });
  return outfile;
}

function run(outfile: string, expression: string): string {
  const script = `import { client } from ${JSON.stringify(outfile)}; try { process.stdout.write(String(${expression})); } catch (e) { process.stdout.write('threw: ' + e.message); }`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('sdkStandIns', () => {
  it('keeps the chat resource real and replaces the others with stand-ins that refuse every use', async () => {
    const outfile = await bundle(fakeOpenAiPackage({}));
    expect(run(outfile, 'client.chat.hello()')).toBe('real chat');
    expect(run(outfile, 'client.files.list()')).toMatch(
      /^threw: OpenAI Files\.list: not bundled into the Lambda \(openai\/resources\/files\.mjs/,
    );
    expect(run(outfile, 'client.constructor.Files.create()')).toMatch(
      /^threw: OpenAI Files\.create: not bundled/,
    );
  });

  it('fails the build when the client imports a name the resource module no longer exports', async () => {
    const root = fakeOpenAiPackage({
      'node_modules/openai/resources/files.mjs': 'export class FileObjects {}\n',
    });
    await expect(bundle(root)).rejects.toThrow(/No matching export .* for import "Files"/);
  });

  it('fails the build when the client no longer imports the chat resource it must keep', async () => {
    const root = fakeOpenAiPackage({
      'node_modules/openai/client.mjs': [
        'import { Files } from "./resources/files.mjs";',
        'export class OpenAI { constructor() { this.files = new Files(this); } }',
      ].join('\n'),
    });
    await expect(bundle(root)).rejects.toThrow(
      /openai\/resources\/chat\/chat\.mjs was expected among the client's imports/,
    );
  });

  it('fails the build when a replaced resource module has no runtime exports', async () => {
    const root = fakeOpenAiPackage({
      'node_modules/openai/resources/files.mjs': 'export {};\n',
      'node_modules/openai/client.mjs': [
        'import * as API from "./resources/index.mjs";',
        'import { Chat } from "./resources/chat/chat.mjs";',
        'import "./resources/files.mjs";',
        'export class OpenAI { constructor() { this.chat = new API.Chat(this); } }',
        'OpenAI.Chat = Chat;',
      ].join('\n'),
      'node_modules/openai/resources/index.mjs':
        'export * from "./chat/index.mjs";\nexport * from "./shared.mjs";\n',
    });
    await expect(bundle(root)).rejects.toThrow(/openai\/resources\/files\.mjs has no runtime exports/);
  });
});
