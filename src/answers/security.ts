// Security cooperation and defence.
import { answer, claimCues, listAnswer, local, sourceOf, yesFirst } from './compose.js';
import type { AnswerFunction } from './types.js';

export const securityCooperation: AnswerFunction = (request) => {
  const { security } = request.facts;
  const areas = security.areas.map((a) => local(a.text, request.language));
  return listAnswer(request, {
    titleKey: 'card.securityTitle',
    intro: local(security.summary.text, request.language),
    items: areas,
    closing: local(security.together.text, request.language),
    sources: [security.summary, ...security.areas, security.together].map(sourceOf),
    suggest: ['suggest.defence.norad', 'suggest.defence.ally', 'suggest.border.crossings'],
  });
};

export const norad: AnswerFunction = (request) => {
  const { norad: fact } = request.facts.defence;
  const detail = fact.detail ? `\n\n${local(fact.detail, request.language)}` : '';
  const sources = [sourceOf(fact)];
  if (fact.detailSource) sources.push({ id: fact.detailSource, asOf: fact.detailAsOf ?? fact.asOf });
  return answer(request, {
    text: `${yesFirst(request, local(fact.text, request.language), claimCues(fact, request.language))}${detail}`,
    sources,
    suggest: ['suggest.defence.ally', 'suggest.security.cooperation', 'suggest.organizations.nato'],
  });
};

export const ally: AnswerFunction = (request) => {
  const { ally: fact, peaceAndSecurity } = request.facts.defence;
  return answer(request, {
    text: `${yesFirst(request, local(fact.text, request.language), claimCues(fact, request.language))}\n\n${local(peaceAndSecurity.text, request.language)}`,
    sources: [sourceOf(fact), sourceOf(peaceAndSecurity)],
    suggest: ['suggest.defence.norad', 'suggest.security.cooperation', 'suggest.organizations.nato'],
  });
};
