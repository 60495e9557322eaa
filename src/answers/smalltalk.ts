// Greeting, help, thanks, goodbye, who the bot is, the welcome, and the polite decline for everything else.
import { answer, bullets, say, sourceOf } from './compose.js';
import type { Answer, AnswerFunction, AnswerRequest } from './types.js';

const topics = ['suggest.border.length', 'suggest.offices.list', 'suggest.trade.size', 'suggest.agreements.list'];

/**
 * The help menu: each topic (data/strings.json `topic.*`) with the question its button asks. A test
 * checks that the recognizer understands each question as its topic, in both languages.
 */
export const helpTopics: [topic: string, question: string][] = [
  ['topic.relations', 'suggest.relations.overview'],
  ['topic.border', 'suggest.border.length'],
  ['topic.offices', 'suggest.offices.list'],
  ['topic.officeForPlace', 'suggest.offices.forPlace'],
  ['topic.usOffices', 'suggest.offices.usInCanada'],
  ['topic.security', 'suggest.security.cooperation'],
  ['topic.defence', 'suggest.defence.norad'],
  ['topic.environment', 'suggest.environment.cooperation'],
  ['topic.trade', 'suggest.trade.size'],
  ['topic.agreements', 'suggest.agreements.list'],
  ['topic.organizations', 'suggest.organizations.list'],
];

/** The opening sentences, then the topics: buttons on a card, a bulleted list as text. */
function helpMenu(request: AnswerRequest, opening: string[], suggest: string[]): Answer {
  const { facts, language } = request;
  const menu = helpTopics.map(([topic, question]) => ({
    title: say(facts, language, topic),
    question: say(facts, language, question),
  }));
  return {
    ...answer(request, {
      text: [...opening, say(facts, language, 'helpTopics'), bullets(menu.map((t) => t.title))].join('\n\n'),
      sources: [],
      suggest,
    }),
    card: {
      title: say(facts, language, 'card.helpTitle'),
      groups: [{ text: [...opening, say(facts, language, 'card.helpChoose')].join('\n\n') }],
      questions: menu,
    },
  };
}

const fromString =
  (key: string, suggest: string[] = topics): AnswerFunction =>
  (request) =>
    answer(request, { text: say(request.facts, request.language, key), sources: [], suggest });

export const greeting = fromString('greeting');
export const help: AnswerFunction = (request) =>
  helpMenu(request, [say(request.facts, request.language, 'help')], topics);
export const thanks = fromString('thanks', ['suggest.help', 'suggest.offices.list']);
export const goodbye = fromString('goodbye', ['suggest.help', 'suggest.relations.overview']);
export const identity = fromString('identity', ['suggest.help', 'suggest.relations.overview', 'suggest.offices.list']);

/** The first message: who the bot is and the privacy notice (the card's opening and the message's summary), then the help menu. */
export const welcome: AnswerFunction = (request) => {
  const opening = ['welcome', 'privacyNotice'].map((key) => say(request.facts, request.language, key));
  return {
    ...helpMenu(request, opening, [
      'suggest.border.length',
      'suggest.offices.forPlace',
      'suggest.trade.size',
      'suggest.agreements.list',
    ]),
    lead: opening.join(' '),
  };
};

/**
 * Never a guess. A question about Canada–US relations that the facts do not cover is told so, with the
 * department's page; anything else is told what the bot answers. (The assistant adds the nearest topics.)
 */
export const decline: AnswerFunction = (request) => {
  const { facts, language } = request;
  if (request.declined === 'notInFacts') {
    return answer(request, {
      text: `${say(facts, language, 'declineNotInFacts')} ${say(facts, language, 'declineNotInFactsMore')}`,
      sources: [sourceOf(facts.relationship.summary)],
      suggest: topics,
    });
  }
  return answer(request, {
    text: `${say(facts, language, 'decline')} ${say(facts, language, 'declineTopics')}`,
    sources: [],
    suggest: topics,
  });
};
