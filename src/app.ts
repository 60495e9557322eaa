// Builds the whole bot from configuration: facts → recognizer → assistant → bot → adapter → server.
// index.ts calls it to serve; tests call it to get a real server on an ephemeral port.
import { type Activity, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { join } from 'node:path';
import type restify from 'restify';
import { answerTable } from './answers/index.js';
import { say } from './answers/compose.js';
import { AssistantAdapter } from './bot/assistantAdapter.js';
import { AssistantBot } from './bot/assistantBot.js';
import { ConversationStore } from './bot/conversationStore.js';
import type { Config } from './config.js';
import { Assistant } from './conversation/assistant.js';
import { createEventLog, type EventLog } from './insights/eventLog.js';
import { InsightsBuilder } from './insights/insights.js';
import { loadInsightsStrings } from './insights/tables.js';
import { conversationHash, createLogger, errorSummary, type Logger } from './logger.js';
import { countFacts, loadFactBase, type FactBase } from './facts/loader.js';
import type { Language } from './facts/schema.js';
import { loadIntents } from './nlu/corpus.js';
import { EntityExtractor } from './nlu/entities.js';
import { languageDetector } from './nlu/language.js';
import { version } from './version.js';
import { trainedRecognizers, type Recognizers } from './nlu/modelFile.js';
import type { IntentRecognizer } from './nlu/recognizer.js';
import { LocalDirectLine, type DirectLineActivity, type Relay } from './server/directLine.js';
import { createHttpServer, type HttpServerOptions } from './server/httpServer.js';
import type { InsightsPageOptions } from './server/insightsPage.js';
import { RateLimiter } from './server/rateLimit.js';
import { createStorage } from './storage.js';
import { noTelemetry, type Telemetry } from './telemetry/telemetry.js';

export interface App {
  server: restify.Server;
  logger: Logger;
  facts: FactBase;
  recognizers: Recognizers & { en: IntentRecognizer };
  assistant: Assistant;
  /** Where conversations' state is kept (memory or blob, as configured). */
  conversations: ConversationStore;
  /** Where each turn's event goes (files or blobs, as configured), for the insights page and the reports. */
  events: EventLog;
  /**
   * Stops gracefully: no new connections, web chat streams told the server is going away, idle
   * keep-alive connections closed; resolves once the requests in flight have been answered and the
   * turn events written.
   */
  close: () => Promise<void>;
  /** What each part of building the app took, in ms: logged at start-up, read by npm run bench:http. */
  startup: StartupTimes;
}

interface StartupTimes {
  /** data/ read and checked (the US places gazetteer's files included). */
  facts: number;
  intents: number;
  /** The name index over the fact base, US places included, which entity extraction uses. */
  gazetteer: number;
  /** The saved model read and English built (or, without an up-to-date file, trained). */
  model: number;
  languageDetector: number;
  /** Everything else: the adapter, storage, the HTTP server and its routes. */
  server: number;
}

/** @param telemetry where traces and metrics go (index.ts starts it when configured); none by default */
export function createApp(
  config: Config,
  { telemetry = noTelemetry }: { telemetry?: Telemetry | undefined } = {},
): App {
  const stopwatch = lapTimer();
  const core = loadCore(config, stopwatch);
  const { facts, recognizers } = core;
  const logger = createLogger(config.logLevel);
  const assistant = new Assistant(facts, recognizers, core.detector);
  const adapter = createAdapter(config, facts, logger);
  const storage = createStorage(config.storage, telemetry);
  const conversations = new ConversationStore(storage.storage);
  const events = createEventLog(config.events, { logger, deleteExpired: true });
  const bot = new AssistantBot(assistant, conversations, { logger, telemetry, events }, config.recognizerTrace);
  // One rate limiter for every anonymous route: the token, the local Direct Line, /api/messages.
  const limiter = new RateLimiter(config.rateLimit);
  const directLine = localDirectLine(config, adapter, bot, limiter);
  const insights = insightsOptions(config, { events, facts, recognizers, limiter, logger });
  const health = { status: 'ok', version, intents: core.intentCount, facts: countFacts(facts) };
  const server = createHttpServer({
    adapter,
    bot,
    health: () => health,
    readiness: async () => ({ model: Boolean(recognizers.en), storage: await storage.reachable() }),
    webChat: webChatOptions(config, directLine, limiter, logger),
    limiter,
    logger,
    telemetry,
    ...(insights ? { insights } : {}),
    maxBodyBytes: config.maxBodyBytes,
    ...(config.botFramework.MicrosoftAppId ? {} : { openMode: { loopbackReplies: config.loopbackReplies } }),
  });
  const startup: StartupTimes = { ...core.times, server: stopwatch() };
  // A model trained here costs seconds of start-up: `npm run build` (and the container's build stage) saves one.
  if (core.loaded) logger.info({ modelFile: config.modelFile, startupMs: startup }, 'model loaded');
  else
    logger.warn(
      { modelFile: config.modelFile, startupMs: startup },
      'model trained at start-up: no up-to-date model file',
    );
  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      directLine.close();
      server.server.closeIdleConnections();
    });
    // The turns in flight have recorded their events: the queue is written before the process exits.
    await events.close();
  };
  return { server, logger, facts, recognizers, assistant, conversations, events, close, startup };
}

/** Each call returns the milliseconds since the one before (or since the timer was made). */
function lapTimer(): () => number {
  let lap = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round((now - lap) * 10) / 10;
    lap = now;
    return ms;
  };
}

/** The facts, the intents (each with its answer), the name index, the recognizers and the language detector, timed. */
function loadCore(config: Config, stopwatch: () => number) {
  const facts = loadFactBase(config.dataDir);
  const factsMs = stopwatch();
  const intents = loadIntents(config.intentsDir);
  const missing = intents.map((i) => i.intent).filter((name) => !answerTable[name]);
  if (missing.length) throw new Error(`intents without an answer in src/answers/index.ts: ${missing.join(', ')}`);
  const intentsMs = stopwatch();
  EntityExtractor.for(facts);
  const gazetteerMs = stopwatch();
  const { recognizers, loaded } = trainedRecognizers(config.modelFile, facts, intents);
  const modelMs = stopwatch();
  const detector = languageDetector(facts, intents);
  const times = {
    facts: factsMs,
    intents: intentsMs,
    gazetteer: gazetteerMs,
    model: modelMs,
    languageDetector: stopwatch(),
  };
  return { facts, intentCount: intents.length, recognizers, loaded, detector, times };
}

/** The Bot Framework adapter, whose turn errors are logged (never the person's text) and apologized for. */
function createAdapter(config: Config, facts: FactBase, logger: Logger): AssistantAdapter {
  const adapter = new AssistantAdapter(new ConfigurationBotFrameworkAuthentication(config.botFramework));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const conversation = conversationHash(context.activity.conversation?.id ?? '');
    logger.error({ conversation, error: errorSummary(error) }, 'turn failed');
    try {
      await context.sendTraceActivity(
        'OnTurnError Trace',
        error.name,
        'https://www.botframework.com/schemas/error',
        'TurnError',
      );
      await context.sendActivity(say(facts, 'en', 'turnError'));
    } catch (replyError) {
      // The channel cannot be reached (the usual cause of the first error): nothing more to tell anyone.
      logger.error({ error: errorSummary(replyError) }, 'turn error reply failed');
    }
  };
  return adapter;
}

/** The local Direct Line relays each web chat message to the bot in-process and collects its replies. */
function localDirectLine(
  config: Config,
  adapter: AssistantAdapter,
  bot: AssistantBot,
  limiter: RateLimiter,
): LocalDirectLine {
  const relay: Relay = async (activity) => {
    const incoming = {
      ...activity,
      recipient: { id: 'canada-us-relations-bot', role: 'bot' },
      serviceUrl: 'http://localhost/local-direct-line',
    } as unknown as Partial<Activity>;
    return (await adapter.processLocally(incoming, (context) => bot.run(context))) as unknown as DirectLineActivity[];
  };
  return new LocalDirectLine({
    relay,
    limits: config.webChat.directLine,
    limiter,
    publicUrl: config.webChat.publicUrl,
  });
}

function webChatOptions(
  config: Config,
  directLine: LocalDirectLine,
  limiter: RateLimiter,
  logger: Logger,
): NonNullable<HttpServerOptions['webChat']> {
  return {
    directLineEndpoint: config.webChat.directLineEndpoint,
    embedOrigins: config.webChat.embedOrigins,
    directLineSecret: config.webChat.directLineSecret || undefined,
    publicDir: config.publicDir,
    vendorDir: config.vendorDir,
    directLine,
    localDirectLineAvailable: !config.botFramework.MicrosoftAppId,
    limiter,
    logger,
  };
}

/**
 * The keepers' page, only with a token: it reads every instance's events and groups the declined
 * questions with the recognizer's own features and probabilities.
 */
function insightsOptions(
  config: Config,
  parts: {
    events: EventLog;
    facts: FactBase;
    recognizers: Recognizers & { en: IntentRecognizer };
    limiter: RateLimiter;
    logger: Logger;
  },
): InsightsPageOptions | undefined {
  if (!config.insightsToken) return undefined;
  const { events, facts, recognizers, limiter, logger } = parts;
  const strings = loadInsightsStrings(join(config.publicDir, 'insights-strings.json'));
  const builder = new InsightsBuilder({
    events,
    facts,
    routes: answerTable,
    classify: (text: string, language: Language) => (recognizers[language] ?? recognizers.en).recognize(text).intents,
    strings,
  });
  return {
    token: config.insightsToken,
    builder,
    strings,
    retentionDays: config.events.kind === 'off' ? 90 : config.events.retentionDays,
    publicDir: config.publicDir,
    vendorDir: config.vendorDir,
    publicUrl: config.webChat.publicUrl,
    limiter,
    logger,
  };
}
