// International organizations where Canada and the US work together: the list, or the ones asked about.
import { answer, listAnswer, local, say, subjectIds, yesFirst } from './compose.js';
import type { AnswerFunction } from './types.js';

const mostAsked = 3;

export const organizationsList: AnswerFunction = (request) => {
  const { organizations } = request.facts;
  const items = organizations.organizations.map((o) =>
    o.acronym
      ? `${local(o.name, request.language)} (${local(o.acronym, request.language)})`
      : local(o.name, request.language),
  );
  return listAnswer(request, {
    titleKey: 'card.organizationsTitle',
    intro: say(request.facts, request.language, 'organizationsListIntro'),
    items,
    sources: [{ id: organizations.listSource, asOf: organizations.listAsOf }],
    suggest: ['suggest.organizations.nato', 'suggest.organizations.g7', 'suggest.agreements.list'],
  });
};

export const organizationDetail: AnswerFunction = (request) => {
  const { facts, language } = request;
  const ids = subjectIds(request, 'organization');
  const asked = facts.organizations.organizations.filter((o) => ids.includes(o.id)).slice(0, mostAsked);
  if (asked.length === 0) {
    return answer(request, {
      text: say(facts, language, 'organizationAskWhich'),
      sources: [],
      suggest: ['suggest.organizations.nato', 'suggest.organizations.g7', 'suggest.organizations.list'],
    });
  }
  const paragraphs = asked.map((o, i) => {
    const name = local(o.name, language);
    const intro = o.acronym
      ? say(facts, language, 'organizationIs', { acronym: `**${local(o.acronym, language)}**`, name })
      : say(facts, language, 'organizationNamed', { name: `**${name}**` });
    // "Is Canada a member of NATO?" gets a yes only where both countries are full members, and
    // "Is Canada leaving NATO?" none at all: the yes answers membership questions only.
    const cues = (facts.language[language] ?? facts.language.en).membershipWords;
    const membershipAsked = o.bothMembers && i === 0 && !request.mentionsOtherCountry;
    const membership = local(o.membership, language);
    return `${membershipAsked ? yesFirst(request, intro, cues) : intro} ${membership}`;
  });
  return answer(request, {
    text: paragraphs.join('\n\n'),
    sources: [
      { id: facts.organizations.listSource, asOf: facts.organizations.listAsOf },
      ...asked.map((o) => ({ id: o.source, asOf: o.asOf })),
    ],
    suggest: [
      asked.some((o) => o.id === 'nato') ? 'suggest.organizations.g7' : 'suggest.organizations.nato',
      'suggest.organizations.list',
      'suggest.agreements.list',
    ],
    subjects: asked.map((o) => ({ type: 'organization', id: o.id })),
  });
};
