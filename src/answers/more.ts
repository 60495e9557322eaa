// "Tell me more", "why?": the next level of detail the fact base has after an answer (dates, status,
// related agreements; after a trade figure, what trade brings). Returns undefined where there is nothing more,
// and the conversation then says so and links the answer's sources.
import { answer, bullets, formatAsOf, local, say, sourceOf, subjectIds } from './compose.js';
import type { MoreFunction } from './types.js';

/** Dates, then the agreements it replaced or that replaced it ("CUSMA replaced NAFTA, which replaced CUSFTA"). */
export const agreementMore: MoreFunction = (request) => {
  const { facts, language } = request;
  const ids = subjectIds(request, 'agreement');
  const asked = facts.agreements.agreements.filter((a) => ids.includes(a.id));
  const byId = new Map(facts.agreements.agreements.map((a) => [a.id, a]));
  const paragraphs: string[] = [];
  const sources = [];
  for (const a of asked) {
    const acronym = local(a.acronym, language);
    const dates = (
      [
        ['dateSigned', a.signed],
        ['dateInForce', a.inForce],
        ['dateEnded', a.ended],
      ] as const
    )
      .filter(([, date]) => date)
      .map(([key, date]) => say(facts, language, key, { date: formatAsOf(date!, language) }));
    const lines = dates.length
      ? [say(facts, language, 'moreAgreementDates', { acronym: `**${acronym}**`, dates: dates.join('; ') })]
      : [];
    const related = (a.related ?? []).map((id) => byId.get(id)!);
    if (related.length) {
      lines.push(say(facts, language, 'moreRelated'));
      lines.push(
        bullets(
          related.map((r) =>
            say(facts, language, 'relatedAgreement', {
              acronym: `**${local(r.acronym, language)}**`,
              name: local(r.name, language),
              status: local(r.statusText, language),
            }),
          ),
        ),
      );
    }
    if (!lines.length) continue;
    paragraphs.push(lines.join('\n\n'));
    sources.push(sourceOf(a), ...related.map(sourceOf));
  }
  if (!paragraphs.length) return undefined;
  return answer(request, {
    text: paragraphs.join('\n\n'),
    sources,
    suggest: ['suggest.agreements.list', 'suggest.organizations.list'],
    subjects: asked.map((a) => ({ type: 'agreement', id: a.id })),
  });
};
