// When the classifier hesitates between two topics, ask which was meant instead of guessing; when it
// declines, offer the topics nearest to the question. Topics are the fact-base intents (not small talk).
import { routeKind, type AnswerRoute } from '../answers/types.js';
import type { Recognition } from '../nlu/recognizer.js';
import { closeCall } from './settings.js';
import type { ConversationMemory, Resolution } from './types.js';

/** Intents worth offering as a choice: topics of the fact base and referrals (not small talk, opinions or the decline). */
export function isTopic(intent: string, routes: Record<string, AnswerRoute>): boolean {
  const kind = routeKind(routes[intent]);
  return kind === 'topic' || kind === 'referral';
}

/** Topics by the classifier's probability, best first. */
function rankedTopics(recognition: Recognition, routes: Record<string, AnswerRoute>): [string, number][] {
  return Object.entries(recognition.intents)
    .filter(([intent]) => isTopic(intent, routes))
    .sort((a, b) => b[1] - a[1]);
}

/**
 * A question about "one of the agreements" that names none is best offered as the list: the detail
 * answer would only ask which one.
 */
const offeredAs: Record<string, string> = {
  'agreements.detail': 'agreements.list',
  'organizations.detail': 'organizations.list',
};
export const offered = (intent: string) => offeredAs[intent] ?? intent;

/** The two topics to ask between, when the classifier's answer is a close call (and the two are different offers). */
export function hesitation(
  recognition: Recognition,
  routes: Record<string, AnswerRoute>,
): [string, string] | undefined {
  if (recognition.score >= closeCall.ceiling) return undefined;
  const [first, second] = rankedTopics(recognition, routes);
  if (!first || !second || first[0] !== recognition.topIntent || offered(first[0]) === offered(second[0]))
    return undefined;
  const close = first[1] < closeCall.ceiling && second[1] >= closeCall.floor && first[1] - second[1] < closeCall.margin;
  return close ? [first[0], second[0]] : undefined;
}

/** The topics nearest to a declined question. */
export function nearestTopics(recognition: Recognition, routes: Record<string, AnswerRoute>, count = 3): string[] {
  return [...new Set(rankedTopics(recognition, routes).map(([intent]) => offered(intent)))].slice(0, count);
}

/** The question a topic's button sends: data/strings.json `suggest.<intent>`. */
export const topicQuestionKey = (intent: string) => `suggest.${offered(intent)}`;

/**
 * The two topics to ask between, when the bot should ask rather than answer: a close call of the
 * classifier's own (no names, no context decided it) on a topic other than the conversation's.
 */
export function whichToAsk(
  recognition: Recognition,
  resolution: Resolution,
  memory: ConversationMemory,
  routes: Record<string, AnswerRoute>,
): [string, string] | undefined {
  const classifiersOwn = resolution.via === 'classifier' && resolution.subjects.length === 0;
  return classifiersOwn && resolution.intent !== memory.lastIntent ? hesitation(recognition, routes) : undefined;
}
