// Trade and investment agreements: the list, or the ones asked about.
import { answer, listAnswer, local, say, subjectIds } from './compose.js';
import type { AnswerFunction } from './types.js';

const mostAsked = 3;

export const agreementsList: AnswerFunction = (request) => {
  const { agreements } = request.facts;
  const items = agreements.agreements.map(
    (a) => `${local(a.name, request.language)} (${local(a.acronym, request.language)})`,
  );
  return listAnswer(request, {
    titleKey: 'card.agreementsTitle',
    intro: say(request.facts, request.language, 'agreementsListIntro'),
    items,
    closing: say(request.facts, request.language, 'agreementsMore'),
    sources: [
      { id: agreements.listSource, asOf: agreements.listAsOf },
      { id: 'gac-trade-agreements', asOf: agreements.listAsOf },
    ],
    suggest: ['suggest.agreements.cusma', 'suggest.agreements.gats', 'suggest.organizations.list'],
  });
};

export const agreementDetail: AnswerFunction = (request) => {
  const { facts, language } = request;
  const ids = subjectIds(request, 'agreement');
  const asked = facts.agreements.agreements.filter((a) => ids.includes(a.id)).slice(0, mostAsked);
  if (asked.length === 0) {
    return answer(request, {
      text: say(facts, language, 'agreementAskWhich'),
      sources: [],
      suggest: ['suggest.agreements.cusma', 'suggest.agreements.gats', 'suggest.agreements.list'],
    });
  }
  const paragraphs = asked.map((a) => {
    const acronym = local(a.acronym, language);
    const lines = [say(facts, language, 'agreementIs', { acronym: `**${acronym}**`, name: local(a.name, language) })];
    // Other names: the acronym in the other language, then the ones people also use (USMCA, T-MEC…).
    const otherNames = [...new Set([a.acronym.en, a.acronym.fr ?? a.acronym.en, ...a.otherNames])].filter(
      (n) => n !== acronym,
    );
    if (otherNames.length) lines.push(say(facts, language, 'agreementOtherNames', { names: otherNames.join(', ') }));
    lines.push(local(a.statusText, language));
    return lines.join(' ');
  });
  const cautions = asked
    .filter((a) => a.confidence === 'unverified')
    .map((a) =>
      say(facts, language, 'unverifiedAgreement', {
        note: `${local(a.acronym, language)} — ${local(a.statusText, language)}`,
      }),
    );
  return answer(request, {
    text: paragraphs.join('\n\n'),
    sources: [
      { id: facts.agreements.listSource, asOf: facts.agreements.listAsOf },
      ...asked.map((a) => ({ id: a.source, asOf: a.asOf })),
    ],
    cautions,
    suggest: [
      asked.some((a) => a.id === 'cusma') ? 'suggest.agreements.gats' : 'suggest.agreements.cusma',
      'suggest.agreements.list',
      'suggest.organizations.list',
    ],
    subjects: asked.map((a) => ({ type: 'agreement', id: a.id })),
  });
};
