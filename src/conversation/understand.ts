// How the bot understands a message, the same for the assistant and for npm run eval: the classifier's
// reading of the whole message and of each question when it asks several, then the rules' decision.
import type { AnswerRoute } from '../answers/types.js';
import type { LanguageCues } from '../facts/schema.js';
import { splitQuestions } from '../nlu/questions.js';
import type { Recognition } from '../nlu/recognizer.js';
import { resolveTurn } from './resolve.js';
import type { ConversationMemory, Resolution } from './types.js';

export interface Recognizer {
  recognize(text: string): Recognition;
}

export interface Understood {
  recognition: Recognition;
  resolution: Resolution;
}

export function understand(
  text: string,
  memory: ConversationMemory,
  recognizer: Recognizer,
  cues: LanguageCues,
  routes: Record<string, AnswerRoute>,
): Understood {
  const recognition = recognizer.recognize(text);
  const questions = splitQuestions(text, cues);
  const parts = questions.length > 1 ? questions.map((question) => recognizer.recognize(question)) : [];
  return { recognition, resolution: resolveTurn(recognition, memory, routes, cues, parts) };
}
