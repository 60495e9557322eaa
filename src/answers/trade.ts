// The trade relationship: size, Canada as customer and partner, jobs, benefits.
import type { Fact } from '../facts/schema.js';
import { answer, claimCues, listAnswer, local, sourceOf, yesFirst } from './compose.js';
import type { AnswerFunction, AnswerRequest } from './types.js';

function tradeFact(pick: (trade: AnswerRequest['facts']['trade']) => Fact, suggest: string[]): AnswerFunction {
  return (request) => {
    const fact = pick(request.facts.trade);
    const text = yesFirst(request, local(fact.text, request.language), claimCues(fact, request.language));
    return answer(request, { text, sources: [sourceOf(fact)], suggest });
  };
}

export const tradeSize = tradeFact(
  (t) => t.size,
  ['suggest.trade.largestCustomer', 'suggest.trade.jobs', 'suggest.agreements.list'],
);
export const largestCustomer = tradeFact(
  (t) => t.largestCustomer,
  ['suggest.trade.topPartner', 'suggest.trade.jobs', 'suggest.trade.size'],
);
export const topPartner = tradeFact(
  (t) => t.topPartner,
  ['suggest.trade.largestCustomer', 'suggest.trade.jobs', 'suggest.trade.benefits'],
);
export const jobs = tradeFact(
  (t) => t.jobs,
  ['suggest.trade.benefits', 'suggest.trade.size', 'suggest.agreements.list'],
);

export const benefits: AnswerFunction = (request) => {
  const { trade } = request.facts;
  const items = trade.benefits.map((b) => local(b.text, request.language));
  return listAnswer(request, {
    titleKey: 'card.benefitsTitle',
    intro: local(trade.benefitsIntro.text, request.language),
    items,
    closing: local(trade.history.text, request.language),
    sources: [trade.benefitsIntro, ...trade.benefits, trade.history].map(sourceOf),
    suggest: ['suggest.trade.jobs', 'suggest.trade.size', 'suggest.agreements.list'],
  });
};
