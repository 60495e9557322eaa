// A server for the HTTP benchmark, in its own process, run by plain node from the build (dist/) as
// `npm start` runs it: `ours` is the bot as `npm start` builds it; `echo` is the same restify +
// CloudAdapter stack with a bot that replies the text back.
// Both run open (no app id) with loopback exempt from the rate limits: the benchmark measures the bot,
// not the limiter.
// usage: node bench/httpServer.mjs ours|echo PORT   (after npm run build)
import { ActivityHandler, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { fileURLToPath } from 'node:url';

const [kind, port] = process.argv.slice(2);
const rootDir = fileURLToPath(new URL('..', import.meta.url));

async function echoServer() {
  const { createHttpServer } = await import('../dist/server/httpServer.js');
  const { AssistantAdapter } = await import('../dist/bot/assistantAdapter.js');
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(context.activity.text ?? '');
    await next();
  });
  const adapter = new AssistantAdapter(new ConfigurationBotFrameworkAuthentication({}));
  return createHttpServer({ adapter, bot, health: () => ({ status: 'ok' }), openMode: { loopbackReplies: false } });
}

async function ourServer() {
  const { createApp } = await import('../dist/app.js');
  const { readConfig } = await import('../dist/config.js');
  return createApp(readConfig({ LOG_LEVEL: 'silent', UNANSWERED_LOG: '', RATE_LIMIT_EXEMPT_LOOPBACK: '1' }, rootDir))
    .server;
}

const server = kind === 'echo' ? await echoServer() : await ourServer();
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => process.exit(0));
