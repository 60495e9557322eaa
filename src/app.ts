// Builds the whole bot from configuration: facts → recognizer → assistant → bot → adapter → server.
// index.ts calls it to serve; tests call it to get a real server on an ephemeral port.
import {
  type Activity,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type restify from 'restify';
import { answerTable } from './answers/index.js';
import { say } from './answers/compose.js';
import { AssistantAdapter } from './bot/assistantAdapter.js';
import { AssistantBot } from './bot/assistantBot.js';
import { ConversationStore } from './bot/conversationStore.js';
import type { Config } from './config.js';
import { Assistant } from './conversation/assistant.js';
import { FeedbackLog } from './conversation/feedback.js';
import { UnansweredLog } from './conversation/unanswered.js';
import { conversationHash, createLogger, type Logger } from './logger.js';
import { countFacts, loadFactBase, localizedNames, type FactBase } from './facts/loader.js';
import { languages } from './facts/schema.js';
import { examplesOf, loadIntents, type IntentDefinition } from './nlu/corpus.js';
import { LanguageDetector } from './nlu/language.js';
import { foldAccents, tokenize } from './nlu/text.js';
import { version } from './version.js';
import { trainedRecognizers, type Recognizers } from './nlu/modelFile.js';
import type { IntentRecognizer } from './nlu/recognizer.js';
import { LocalDirectLine, type DirectLineActivity, type Relay } from './server/directLine.js';
import { createHttpServer } from './server/httpServer.js';
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
}

/** The language detector learns from the training utterances and the fact base's names in each language. */
export function languageDetector(facts: FactBase, intents: IntentDefinition[]): LanguageDetector {
  const texts = { en: examplesOf(intents, 'en').map((e) => e.text), fr: examplesOf(intents, 'fr').map((e) => e.text) };
  for (const language of languages) texts[language].push(...localizedNames(facts, language));
  // US cities and offices' cities are written alike in English and French.
  const places = [...facts.usCities.cities.map(([name]) => name), ...facts.offices.canadianOffices.map((o) => o.city)];
  const neutral = new Set(places.flatMap((name) => tokenize(name).map((t) => foldAccents(t.lower))));
  return new LanguageDetector(texts, neutral);
}

/** @param telemetry where traces and metrics go (index.ts starts it when configured); none by default */
export function createApp(config: Config, { telemetry = noTelemetry }: { telemetry?: Telemetry } = {}): App {
  const facts = loadFactBase(config.dataDir);
  const intents = loadIntents(config.intentsDir);
  const missing = intents.map((i) => i.intent).filter((name) => !answerTable[name]);
  if (missing.length) throw new Error(`intents without an answer in src/answers/index.ts: ${missing.join(', ')}`);
  const { recognizers, loaded } = trainedRecognizers(config.modelFile, facts, intents);
  const logger = createLogger(config.logLevel);
  // A model trained here costs seconds of start-up: `npm run build` (and the container's build stage) saves one.
  if (loaded) logger.info({ modelFile: config.modelFile }, 'model loaded');
  else logger.warn({ modelFile: config.modelFile }, 'model trained at start-up: no up-to-date model file');
  const assistant = new Assistant(facts, recognizers, languageDetector(facts, intents));

  const authentication = new ConfigurationBotFrameworkAuthentication(
    config.botFramework as ConfigurationBotFrameworkAuthenticationOptions,
  );
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
  const bot = new AssistantBot(assistant, conversations, {
    logger,
    telemetry,
    ...(config.feedbackLog ? { feedback: new FeedbackLog(config.feedbackLog) } : {}),
    ...(config.unansweredLog ? { unanswered: new UnansweredLog(config.unansweredLog) } : {}),
  });
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
  const webChat = {
    ...config.webChat,
    directLineSecret: config.webChat.directLineSecret || undefined,
    publicDir: config.publicDir,
    directLine: new LocalDirectLine(relay),
    localDirectLineAvailable: !config.botFramework.MicrosoftAppId,
    logger,
  };
  const readiness = async () => ({
    model: Boolean(recognizers.en),
    storage: await storage.reachable(),
  });
  const server = createHttpServer({
    adapter,
    bot,
    health: () => health,
    readiness,
    webChat,
    rateLimit: config.rateLimit,
    logger,
    telemetry,
    repliesOnlyToLoopback: !config.botFramework.MicrosoftAppId,
  });
  return { server, logger, facts, recognizers, assistant, conversations };
}
