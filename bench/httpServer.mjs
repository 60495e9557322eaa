// A server for the HTTP benchmark, in its own process, run by plain node from the build (dist/) as
// `npm start` runs it: `ours` is the bot as `npm start` builds it; `echo` is the same restify +
// CloudAdapter stack with a bot that replies the text back.
// Both run open (no app id) with loopback exempt from the rate limits: the benchmark measures the bot,
// not the limiter. The parent's environment picks the path: by default replies come back in the
// response (expectReplies) and ours keeps state in memory; with STORAGE=blob (BLOB_CONNECTION_STRING:
// Azurite) and LOOPBACK_REPLIES=1 both keep each conversation's state in Blob storage — the echo bot
// counts its turns there, through the same conversation store — and post their replies to the
// activity's serviceUrl, the production path. BENCH_EAGER_FRENCH=1 builds the French model at start-up
// instead of on the first French message.
// Tells its parent, once listening: { ready, bootMs, importMs, appMs, startup } (ms since the process started).
// usage: node bench/httpServer.mjs ours|echo PORT   (after npm run build)
const bootMs = performance.now();
const { ActivityHandler, ConfigurationBotFrameworkAuthentication } = await import('botbuilder');
const { fileURLToPath } = await import('node:url');
const { mkdtempSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { readConfig } = await import('../dist/config.js');
const { createHttpServer } = await import('../dist/server/httpServer.js');
const { AssistantAdapter } = await import('../dist/bot/assistantAdapter.js');
const [kind, port] = process.argv.slice(2);
const { createApp } = kind === 'ours' ? await import('../dist/app.js') : {};
const importMs = performance.now();

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const pathSettings = ['STORAGE', 'BLOB_CONNECTION_STRING', 'BLOB_CONTAINER', 'LOOPBACK_REPLIES'];
const config = readConfig(
  {
    LOG_LEVEL: 'silent',
    // Turn events are written as in production, to a fresh file: not to the checkout's logs/, which every
    // run would grow (and the bot reads at start-up to delete expired events).
    EVENTS_LOG: join(mkdtempSync(join(tmpdir(), 'bench-events-')), 'events.jsonl'),
    RATE_LIMIT_EXEMPT_LOOPBACK: '1',
    ...Object.fromEntries(pathSettings.filter((name) => process.env[name]).map((name) => [name, process.env[name]])),
  },
  rootDir,
);

async function echoServer() {
  const { createStorage } = await import('../dist/storage.js');
  const { ConversationStore } = await import('../dist/bot/conversationStore.js');
  const conversations =
    config.storage.kind === 'blob' ? new ConversationStore(createStorage(config.storage).storage) : undefined;
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    const address = { channelId: context.activity.channelId, conversationId: context.activity.conversation.id };
    await conversations?.update(address, ({ memory, turns }) => ({ record: { memory, turns: turns + 1 } }));
    await context.sendActivity(context.activity.text ?? '');
    await next();
  });
  const adapter = new AssistantAdapter(new ConfigurationBotFrameworkAuthentication({}));
  return {
    server: createHttpServer({
      adapter,
      bot,
      health: () => ({ status: 'ok' }),
      openMode: { loopbackReplies: config.loopbackReplies },
    }),
  };
}

function ourServer() {
  const app = createApp(config);
  if (process.env.BENCH_EAGER_FRENCH === '1') void app.recognizers.fr;
  return app;
}

const app = kind === 'echo' ? await echoServer() : ourServer();
const appMs = performance.now();
app.server.listen(Number(port), '127.0.0.1', () =>
  process.send?.({ ready: true, bootMs, importMs, appMs, startup: app.startup }),
);
process.on('SIGTERM', () => process.exit(0));
