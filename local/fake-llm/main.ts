// Runs the fake LLM server on its own: `npx tsx local/fake-llm/main.ts [port]`; prints the base URLs.
import { startFakeLlmServer } from './server';

const port = Number(process.argv[2] ?? process.env.FAKE_LLM_PORT ?? 0);
startFakeLlmServer({ port }).then((server) => {
  process.stdout.write(`OPENAI_BASE_URL=${server.openaiBaseUrl}\nANTHROPIC_BASE_URL=${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
