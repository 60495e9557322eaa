// The relationship as a whole, and the border.
import { answer, bullets, local, say, sourceOf } from './compose.js';
import type { AnswerFunction } from './types.js';

export const overview: AnswerFunction = (request) => {
  const { relationship } = request.facts;
  const details = relationship.details.map((f) => local(f.text, request.language));
  return answer(request, {
    text: `${local(relationship.summary.text, request.language)}\n\n${bullets(details)}`,
    sources: [relationship.summary, ...relationship.details].map(sourceOf),
    suggest: ['suggest.trade.size', 'suggest.border.crossings', 'suggest.offices.list', 'suggest.defence.ally'],
  });
};

export const borderLength: AnswerFunction = (request) => {
  const { length } = request.facts.border;
  const detail = length.detail ? ` ${local(length.detail, request.language)}` : '';
  const sources = [sourceOf(length)];
  if (length.detailSource) sources.push({ id: length.detailSource, asOf: length.detailAsOf ?? length.asOf });
  return answer(request, {
    text: `${local(length.text, request.language)}${detail}`,
    sources,
    suggest: ['suggest.border.crossings', 'suggest.security.cooperation', 'suggest.offices.list'],
  });
};

export const borderCrossings: AnswerFunction = (request) => {
  const { crossings } = request.facts.border;
  return answer(request, {
    text: local(crossings.text, request.language),
    sources: [sourceOf(crossings)],
    suggest: ['suggest.border.length', 'suggest.security.cooperation', 'suggest.trade.size'],
  });
};

/** A request for the bot's opinion ("should Canada join the US?"): neutral, with the relations page, never a fact picked at random. */
export const opinion: AnswerFunction = (request) => {
  const { facts, language } = request;
  return answer(request, {
    text: `${say(facts, language, 'opinion')} ${say(facts, language, 'opinionMore')}`,
    sources: [sourceOf(facts.relationship.summary)],
    suggest: ['suggest.relations.overview', 'suggest.trade.size', 'suggest.help'],
  });
};
