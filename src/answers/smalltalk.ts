// Greeting, help, thanks, goodbye, who the bot is, and the polite decline for everything else.
import { answer, say } from './compose.js';
import type { AnswerFunction } from './types.js';

const topics = ['suggest.border.length', 'suggest.offices.list', 'suggest.trade.size', 'suggest.agreements.list'];

const fromString =
  (key: string, suggest: string[] = topics): AnswerFunction =>
  (request) =>
    answer(request, { text: say(request.facts, request.language, key), sources: [], suggest });

export const greeting = fromString('greeting');
export const help = fromString('help');
export const thanks = fromString('thanks', ['suggest.help', 'suggest.offices.list']);
export const goodbye = fromString('goodbye', ['suggest.help', 'suggest.relations.overview']);
export const identity = fromString('identity', ['suggest.help', 'suggest.relations.overview', 'suggest.offices.list']);

/** Never a guess: say what is in scope and offer topics. */
export const decline: AnswerFunction = (request) =>
  answer(request, {
    text: `${say(request.facts, request.language, 'decline')} ${say(request.facts, request.language, 'declineTopics')}`,
    sources: [],
    suggest: topics,
  });
