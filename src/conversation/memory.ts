// What a conversation remembers after a turn: the topic answered and what it was about, for follow-ups.
import { routeKind, type AnswerRoute, type Subject } from '../answers/types.js';
import { noneIntent, type Recognition } from '../nlu/recognizer.js';
import { subjectsOf } from './evidence.js';
import type { ConversationMemory } from './types.js';

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
  const kind = routeKind(routes[intent]);
  if (kind === undefined || kind === 'smalltalk') return memory;
  // A topic carried on without names keeps the names it was about.
  const carriedOn = intent === memory.lastIntent ? memory.subjects : [];
  return { ...rest, lastIntent: intent, subjects: answeredSubjects.length ? answeredSubjects : carriedOn, depth: 0 };
}

/** The names an utterance contains, as subjects (the country itself aside). */
export function namedSubjects(recognition: Recognition): Subject[] {
  return subjectsOf(recognition.entities);
}
