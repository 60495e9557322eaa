// The shared environment: all areas, or the ones asked about.
import { answer, bullets, capitalize, local, say, sourceOf, subjectIds, yesFirst } from './compose.js';
import { areaId } from '../facts/loader.js';
import type { AnswerFunction } from './types.js';

export const environment: AnswerFunction = (request) => {
  const { environment: env } = request.facts;
  const language = request.language;
  const all = env.areas.map((a) => local(a.text, language));
  const asked = subjectIds(request, 'environmentArea');
  const askedAreas = env.areas.filter((a) => asked.includes(areaId(a)));
  // The areas asked about, then all of them; or what the two countries share, then all the areas.
  const [first, listIntro] = askedAreas.length
    ? [
        askedAreas
          .map((a, i) => {
            const line = say(request.facts, language, 'environmentArea', {
              area: capitalize(local(a.text, language), language),
            });
            return i === 0 ? yesFirst(request, line) : line;
          })
          .join('\n'),
        say(request.facts, language, 'environmentAll'),
      ]
    : [local(env.summary.text, language), local(env.intro.text, language)];
  return {
    ...answer(request, {
      text: `${first}\n\n${listIntro}\n\n${bullets(all)}`,
      sources: [env.summary, env.intro, ...env.areas].map(sourceOf),
      suggest: ['suggest.border.length', 'suggest.trade.benefits', 'suggest.organizations.list'],
      subjects: askedAreas.map((a) => ({ type: 'environmentArea', id: areaId(a) })),
    }),
    card: {
      title: say(request.facts, language, 'card.environmentTitle'),
      groups: [{ text: first }, { text: listIntro, entries: all.map((name) => ({ name })) }],
    },
  };
};
