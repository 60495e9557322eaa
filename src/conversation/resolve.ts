// Decides what a message is about, given the conversation so far: the turn's evidence (evidence.ts)
// goes through the ordered rules (rules.ts), and the first that applies decides. Pure functions, so
// every rule is tested without a server or a trained model.
import type { AnswerRoute } from '../answers/types.js';
import type { LanguageCues } from '../facts/schema.js';
import type { Recognition } from '../nlu/recognizer.js';
import { gatherEvidence } from './evidence.js';
import { decide } from './rules.js';
import type { ConversationMemory, Resolution } from './types.js';

export type { ConversationMemory, Resolution } from './types.js';
export { namedSubjects, rememberTurn } from './memory.js';

/**
 * @param parts the recognition of each question of a message that asks several (see nlu/questions.ts);
 * empty for a message that asks one
 */
export function resolveTurn(
  recognition: Recognition,
  memory: ConversationMemory,
  routes: Record<string, AnswerRoute>,
  cues: LanguageCues,
  parts: Recognition[] = [],
): Resolution {
  return decide(gatherEvidence(recognition, memory, routes, cues, parts));
}
