// A server for the HTTP benchmark, in its own process: `ours` is the bot as `npm start` builds it;
// `echo` is the same restify + CloudAdapter stack with a bot that replies the text back.
// usage: tsx bench/httpServer.ts ours|echo PORT
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { createHttpServer } from '../src/server/httpServer.js';

const [kind, port] = process.argv.slice(2);
const rootDir = fileURLToPath(new URL('..', import.meta.url));
const config = readConfig({ LOG_LEVEL: 'silent', UNANSWERED_LOG: '' }, rootDir);

function echoServer() {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(context.activity.text ?? '');
    await next();
  });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  return createHttpServer({ adapter, bot, health: () => ({ status: 'ok' }) });
}

const server = kind === 'echo' ? echoServer() : createApp(config).server;
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
