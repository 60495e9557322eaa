// The rules that decide what a message is about, in order: the first that applies decides. Each reads
// the turn's evidence (evidence.ts) and returns a decision, or nothing when it does not apply.
import { noneIntent } from '../nlu/recognizer.js';
import { compiledPattern, plainWords } from '../nlu/text.js';
import { rememberedSubjects, turnSettings, type TurnEvidence } from './evidence.js';
import type { Resolution } from './types.js';

export type Decision = Omit<Resolution, 'yesNo' | 'mentionsOtherCountry'>;
export type Rule = (e: TurnEvidence) => Decision | undefined;

const sayMore = /\b(more|plus|details?|davantage)\b/;
/** A request for more inside a longer message counts only in messages this short. */
const shortestMoreRequest = 7;

const lastTopic = (e: TurnEvidence): Decision => ({
  intent: e.memory.lastIntent!,
  subjects: e.memory.subjects,
  via: 'followUp',
});
const short = (e: TurnEvidence) => e.words.length <= turnSettings.longestContextualFollowUp;

/**
 * A request for more on the last topic: a whole-message request ("tell me more", "why?"), or one that
 * says "more" inside a short message naming nothing.
 */
export const askedForMore: Rule = (e) => {
  const { moreRequests } = e.cues;
  const phrase = plainWords(e.recognition.text);
  const asked =
    moreRequests.includes(phrase) ||
    (!e.recognition.entities.length &&
      phrase.split(' ').length <= shortestMoreRequest &&
      moreRequests.some((r) => r.includes(' ') && sayMore.test(r) && ` ${phrase} `.includes(` ${r} `)));
  return asked ? { intent: e.memory.lastIntent ?? noneIntent, subjects: e.memory.subjects, via: 'more' } : undefined;
};

/**
 * Offices said to be located in Canada are the US offices: the intent whose route claims the
 * classified intent's question when the wording places the offices in Canada.
 */
export const officesLocatedInCanada: Rule = (e) => {
  const classified = e.classified;
  if (!classified) return undefined;
  const claimant = Object.keys(e.routes).find((intent) =>
    intent === classified ? e.routes[intent]!.claimsInCanada : e.routes[intent]!.claimsInCanada?.includes(classified),
  );
  if (!claimant || !e.cues.inCanada.some((p) => compiledPattern(p).test(e.plain))) return undefined;
  return { intent: claimant, subjects: [], via: 'cue' };
};

/** The classifier's topic, about names of the kinds it takes that the message contains. */
export const classifiedAboutItsNames: Rule = (e) => {
  const own = e.classifiedTypes ? e.named.filter((s) => e.classifiedTypes!.includes(s.type)) : [];
  return e.classified && own.length ? { intent: e.classified, subjects: own, via: 'classifier' } : undefined;
};

/** A message of names and follow-up words only ("oecd", "and Georgia?") is a question about the names. */
export const bareName: Rule = (e) => (e.byName && e.fragment ? { ...e.byName, via: 'followUp' } : undefined);

/** A weak guess at a topic that takes no names yields to the topic of a name the message contains. */
export const weakGuessYieldsToName: Rule = (e) =>
  e.byName && e.weak && !e.classifiedTypes ? { ...e.byName, via: 'classifier' } : undefined;

/** A short continuation ("and the consulates?") of a topic whose route says it continues into the classified one. */
export const continuesPreviousTopic: Rule = (e) =>
  e.classified && e.continuation && e.previous?.continuedBy?.includes(e.classified) ? lastTopic(e) : undefined;

/** A weak guess that names another country and nothing of ours is about that country: declined. */
export const weakGuessAboutAnotherCountry: Rule = (e) =>
  e.weak && e.mentionsOtherCountry && !e.named.length
    ? { intent: noneIntent, subjects: [], via: 'declined' }
    : undefined;

/** A short weak guess that points back ("it", "il") to a topic about names stays on that topic. */
export const weakGuessPointsBack: Rule = (e) =>
  e.weak && e.leansOnContext && !e.named.length && e.previous?.subjectTypes && e.memory.subjects.length && short(e)
    ? lastTopic(e)
    : undefined;

/** A topic that takes no names is the classifier's to decide. */
export const classifiedWithoutNames: Rule = (e) =>
  e.classified && !e.classifiedTypes ? { intent: e.classified, subjects: e.named, via: 'classifier' } : undefined;

/** A topic that takes names, given none, answers about the names of its kinds the conversation holds. */
export const classifiedAboutRememberedNames: Rule = (e) => {
  if (!e.classified || !e.classifiedTypes) return undefined;
  const earlier = rememberedSubjects(e, e.classifiedTypes);
  return earlier.length ? { intent: e.classified, subjects: earlier, via: 'followUp' } : undefined;
};

/** A topic that takes names, with none of its kinds named or remembered, yields to the name the message does contain. */
export const classifiedYieldsToName: Rule = (e) =>
  e.classified && e.classifiedTypes && e.byName ? { ...e.byName, via: 'classifier' } : undefined;

/** A topic that needs a name, given none, in a message that carries on, stays with the topic just discussed. */
export const classifiedCarriesOn: Rule = (e) => {
  const carriesOn = e.leansOnContext || (e.startsLikeContinuation && short(e));
  return e.classified && carriesOn && e.previous ? lastTopic(e) : undefined;
};

/** Otherwise the classifier's topic stands, and its answer asks for the name it needs. */
export const classifiedAsksForName: Rule = (e) =>
  e.classified ? { intent: e.classified, subjects: [], via: 'classifier' } : undefined;

/** A short message naming something the last topic takes ("actually I just moved to Albuquerque") stays on it. */
export const nameForLastTopic: Rule = (e) =>
  e.byName && e.byName.intent === e.memory.lastIntent && short(e) && !e.clearlyOffTopic
    ? { ...e.byName, via: 'followUp' }
    : undefined;

/**
 * A short message that points back, or a short continuation the classifier does not think off-topic,
 * continues the last topic, unless it is about another country.
 */
export const continuesOnContext: Rule = (e) => {
  const continues = e.continuation && e.probability(noneIntent) < turnSettings.continuationMaxNone;
  return (e.leansOnContext || continues) && e.previous && short(e) && !e.clearlyOffTopic && !e.mentionsOtherCountry
    ? lastTopic(e)
    : undefined;
};

/** Nothing the bot answers. */
export const declined: Rule = () => ({ intent: noneIntent, subjects: [], via: 'declined' });

/** The rules in order: the first that returns a decision decides. */
export const resolutionRules: [name: string, rule: Rule][] = Object.entries({
  askedForMore,
  officesLocatedInCanada,
  classifiedAboutItsNames,
  bareName,
  weakGuessYieldsToName,
  continuesPreviousTopic,
  weakGuessAboutAnotherCountry,
  weakGuessPointsBack,
  classifiedWithoutNames,
  classifiedAboutRememberedNames,
  classifiedYieldsToName,
  classifiedCarriesOn,
  classifiedAsksForName,
  nameForLastTopic,
  continuesOnContext,
  declined,
});
