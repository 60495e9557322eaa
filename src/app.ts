// Builds the whole bot from configuration: facts → recognizer → assistant → bot → adapter → server.
// index.ts calls it to serve; tests call it to get a real server on an ephemeral port.
import {
  type Activity,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
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
import { conversationHash, createLogger, type Logger } from './logger.js';
import { countFacts, loadFactBase, type FactBase } from './facts/loader.js';
import type { Language } from './facts/schema.js';
import { loadIntents } from './nlu/corpus.js';
import { EntityExtractor } from './nlu/entities.js';
import { languageDetector } from './nlu/language.js';
import { version } from './version.js';
import { trainedRecognizers, type Recognizers } from './nlu/modelFile.js';
import type { IntentRecognizer } from './nlu/recognizer.js';
import { LocalDirectLine, type DirectLineActivity, type Relay } from './server/directLine.js';
import { createHttpServer } from './server/httpServer.js';
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

export interface StartupTimes {
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
export function createApp(config: Config, { telemetry = noTelemetry }: { telemetry?: Telemetry } = {}): App {
  let lap = performance.now();
  const took = () => {
    const now = performance.now();
    const ms = Math.round((now - lap) * 10) / 10;
    lap = now;
    return ms;
  };
  const facts = loadFactBase(config.dataDir);
  const factsMs = took();
  const intents = loadIntents(config.intentsDir);
  const missing = intents.map((i) => i.intent).filter((name) => !answerTable[name]);
  if (missing.length) throw new Error(`intents without an answer in src/answers/index.ts: ${missing.join(', ')}`);
  const intentsMs = took();
  EntityExtractor.for(facts);
  const gazetteerMs = took();
  const { recognizers, loaded } = trainedRecognizers(config.modelFile, facts, intents);
  const modelMs = took();
  const detector = languageDetector(facts, intents);
  const languageDetectorMs = took();
  const logger = createLogger(config.logLevel);
  const assistant = new Assistant(facts, recognizers, detector);

  const authentication = new ConfigurationBotFrameworkAuthentication(config.botFramework);
  const adapter = new AssistantAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the kind of failure, never the user's text; tell the Emulator and the user.
    logger.error(
      {
        conversation: conversationHash(context.activity.conversation?.id ?? ''),
        error: `${error.name}: ${error.message}`,
      },
      'turn failed',
    );
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
      logger.error(
        { error: `${(replyError as Error).name}: ${(replyError as Error).message}` },
        'turn error reply failed',
      );
    }
  };

  const storage = createStorage(config.storage, telemetry);
  const conversations = new ConversationStore(storage.storage);
  const events = createEventLog(config.events, { logger, deleteExpired: true });
  const bot = new AssistantBot(assistant, conversations, { logger, telemetry, events }, config.recognizerTrace);
  // One rate limiter for every anonymous route: the token, the local Direct Line, /api/messages.
  const limiter = new RateLimiter(config.rateLimit);
  const health = { status: 'ok', version, intents: intents.length, facts: countFacts(facts) };
  // The local Direct Line relays each web chat message to the bot in-process and collects its replies.
  const relay: Relay = async (activity) => {
    const incoming = {
      ...activity,
      recipient: { id: 'canada-us-relations-bot', role: 'bot' },
      serviceUrl: 'http://localhost/local-direct-line',
    } as Partial<Activity>;
    return (await adapter.processLocally(incoming, (context) => bot.run(context))) as DirectLineActivity[];
  };
  const directLine = new LocalDirectLine({
    relay,
    limits: config.webChat.directLine,
    limiter,
    publicUrl: config.webChat.publicUrl,
  });
  const webChat = {
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
  const readiness = async () => ({
    model: Boolean(recognizers.en),
    storage: await storage.reachable(),
  });
  // The keepers' page, only with a token: it reads every instance's events and groups the declined
  // questions with the recognizer's own features and probabilities.
  const insightsStrings = config.insightsToken
    ? loadInsightsStrings(join(config.publicDir, 'insights-strings.json'))
    : undefined;
  const insights = insightsStrings
    ? {
        token: config.insightsToken,
        builder: new InsightsBuilder({
          events,
          facts,
          routes: answerTable,
          classify: (text: string, language: Language) =>
            (recognizers[language] ?? recognizers.en).recognize(text).intents,
          strings: insightsStrings,
        }),
        strings: insightsStrings,
        retentionDays: config.events.kind === 'off' ? 90 : config.events.retentionDays,
        publicDir: config.publicDir,
        vendorDir: config.vendorDir,
        publicUrl: config.webChat.publicUrl,
        limiter,
        logger,
      }
    : undefined;
  const server = createHttpServer({
    adapter,
    bot,
    health: () => health,
    readiness,
    webChat,
    limiter,
    logger,
    telemetry,
    ...(insights ? { insights } : {}),
    maxBodyBytes: config.maxBodyBytes,
    ...(config.botFramework.MicrosoftAppId ? {} : { openMode: { loopbackReplies: config.loopbackReplies } }),
  });
  const startup: StartupTimes = {
    facts: factsMs,
    intents: intentsMs,
    gazetteer: gazetteerMs,
    model: modelMs,
    languageDetector: languageDetectorMs,
    server: took(),
  };
  // A model trained here costs seconds of start-up: `npm run build` (and the container's build stage) saves one.
  if (loaded) logger.info({ modelFile: config.modelFile, startupMs: startup }, 'model loaded');
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
