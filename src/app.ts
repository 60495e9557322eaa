// Builds the whole bot from configuration: facts → recognizer → assistant → bot → adapter → server.
// index.ts calls it to serve; tests call it to get a real server on an ephemeral port.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from 'botbuilder';
import { readFileSync } from 'node:fs';
import type restify from 'restify';
import { answerTable } from './answers/index.js';
import { say } from './answers/compose.js';
import { AssistantBot } from './bot/assistantBot.js';
import type { Config } from './config.js';
import { Assistant } from './conversation/assistant.js';
import { countFacts, loadFactBase, type FactBase } from './facts/loader.js';
import { examplesOf, loadIntents, type Example } from './nlu/corpus.js';
import { loadRecognizer, saveRecognizer, trainingFingerprint } from './nlu/modelFile.js';
import { defaultRecognizerOptions, IntentRecognizer } from './nlu/recognizer.js';
import { createHttpServer } from './server/httpServer.js';

export interface App {
  server: restify.Server;
  facts: FactBase;
  recognizer: IntentRecognizer;
  assistant: Assistant;
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The model saved by `npm run build` when it still matches the data, else a freshly trained one. */
export function trainedRecognizer(config: Config, facts: FactBase, examples: Example[], save = false): { recognizer: IntentRecognizer; loaded: boolean } {
  const fingerprint = trainingFingerprint(version, defaultRecognizerOptions, examples, facts);
  const saved = loadRecognizer(config.modelFile, fingerprint, facts);
  if (saved) return { recognizer: saved, loaded: true };
  const recognizer = IntentRecognizer.train(examples, facts, 'en', defaultRecognizerOptions);
  if (save) saveRecognizer(config.modelFile, fingerprint, recognizer);
  return { recognizer, loaded: false };
}

export function createApp(config: Config): App {
  const facts = loadFactBase(config.dataDir);
  const intents = loadIntents(config.intentsDir);
  const missing = intents.map((i) => i.intent).filter((name) => !answerTable[name]);
  if (missing.length) throw new Error(`intents without an answer in src/answers/index.ts: ${missing.join(', ')}`);
  const recognizer = trainedRecognizer(config, facts, examplesOf(intents, 'en')).recognizer;
  const assistant = new Assistant(facts, recognizer);

  const authentication = new ConfigurationBotFrameworkAuthentication(config.botFramework as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the kind of failure, never the user's text; tell the Emulator and the user.
    console.error(`turn failed: ${error.name}: ${error.message}`);
    try {
      await context.sendTraceActivity('OnTurnError Trace', error.name, 'https://www.botframework.com/schemas/error', 'TurnError');
      await context.sendActivity(say(facts, 'en', 'turnError'));
    } catch (replyError) {
      // The channel cannot be reached (the usual cause of the first error): nothing more to tell anyone.
      console.error(`turn error reply failed: ${(replyError as Error).name}: ${(replyError as Error).message}`);
    }
  };

  const bot = new AssistantBot(assistant, new ConversationState(new MemoryStorage()));
  const health = { status: 'ok', version, intents: intents.length, facts: countFacts(facts) };
  const server = createHttpServer({ adapter, bot, health: () => health });
  return { server, facts, recognizer, assistant };
}
