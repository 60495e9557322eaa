// Decides what a message is about, given the conversation so far: the turn's evidence (evidence.ts)
// goes through the ordered rules (rules.ts), and the first that applies decides. Pure functions, so
// every rule is tested without a server or a trained model.
import type { AnswerRoute, Subject } from '../answers/types.js';
import type { LanguageCues } from '../facts/schema.js';
import { noneIntent, type Recognition } from '../nlu/recognizer.js';
import { gatherEvidence, subjectsOf } from './evidence.js';
import { resolutionRules } from './rules.js';
import type { ConversationMemory, Resolution } from './types.js';

export type { ConversationMemory, Resolution } from './types.js';

export function resolveTurn(
  recognition: Recognition,
  memory: ConversationMemory,
  routes: Record<string, AnswerRoute>,
  cues: LanguageCues,
): Resolution {
  const evidence = gatherEvidence(recognition, memory, routes, cues);
  const shape = { yesNo: evidence.yesNo, mentionsOtherCountry: evidence.mentionsOtherCountry };
  for (const [, rule] of resolutionRules) {
    const decision = rule(evidence);
    if (decision) return { ...decision, ...shape };
  }
  throw new Error('resolutionRules: the last rule must always decide');
}

/**
 * What to remember after answering. A declined question keeps the topic as it was, and the names it
 * contained aside.
 * @param named the names the message contained
 */
export function rememberTurn(
  memory: ConversationMemory,
  intent: string,
  answeredSubjects: Subject[],
  routes: Record<string, AnswerRoute>,
  named: Subject[] = [],
): ConversationMemory {
  const { aside: _, ...rest } = memory;
  if (intent === noneIntent) return named.length ? { ...rest, aside: named } : rest;
  if (intent.startsWith('smalltalk.') || !routes[intent]) return memory;
  return {
    ...rest,
    lastIntent: intent,
    subjects: answeredSubjects.length ? answeredSubjects : intent === memory.lastIntent ? memory.subjects : [],
    depth: 0,
  };
}

/** The names an utterance contains, as subjects (the country itself aside). */
export function namedSubjects(recognition: Recognition): Subject[] {
  return subjectsOf(recognition.entities);
}
