// The rules that decide what a message is about, in order: the first that applies decides. Each reads
// the turn's evidence (evidence.ts) and returns a decision, or nothing when it does not apply.
import { fromFactBase, routeKind, type Subject } from '../answers/types.js';
import { noneIntent } from '../nlu/recognizer.js';
import { compiledPattern, lowerWords } from '../nlu/text.js';
import { gatherEvidence, rememberedSubjects, type TurnEvidence } from './evidence.js';
import { shortestMoreRequest, turnSettings } from './settings.js';
import { rememberTurn } from './memory.js';
import type { ConversationMemory, Resolution } from './types.js';

type Decision = Omit<Resolution, 'yesNo' | 'mentionsOtherCountry'>;
export type Rule = (e: TurnEvidence) => Decision | undefined;

const sayMore = /\b(more|plus|details?|davantage)\b/;

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
  const phrase = e.typedPlain;
  const asked =
    moreRequests.includes(phrase) ||
    (!e.recognition.entities.length &&
      phrase.split(' ').length <= shortestMoreRequest &&
      moreRequests.some((r) => r.includes(' ') && sayMore.test(r) && ` ${phrase} `.includes(` ${r} `)));
  return asked ? { intent: e.memory.lastIntent ?? noneIntent, subjects: e.memory.subjects, via: 'more' } : undefined;
};

/**
 * A message that asks several questions on different topics ("How long is the border, and how many
 * people cross it?") gets one answer per topic, at most three, in the order asked; each question is
 * decided by these same rules, after the ones before it. A question the bot declines among others it
 * answers gets its line too ("…and what's the capital of Alaska?").
 */
export const severalQuestions: Rule = (e) => {
  const answered = answerableQuestions(e);
  const topics = answered.filter((r) => r.intent !== noneIntent);
  if (topics.length === 0 || answered.length < 2) return undefined;
  const parts = answered.slice(0, turnSettings.mostQuestions);
  const last = [...parts].reverse().find((r) => r.intent !== noneIntent)!;
  return { intent: last.intent, subjects: last.subjects, via: 'parts', parts };
};

/**
 * A message the classifier declines, or takes for small talk, one of whose sentences asks about one
 * topic ("How long is the border? In km please, it's for homework", "Are you a bot? What is the
 * Arctic Council?"), is about that topic.
 */
export const oneQuestionOfSeveral: Rule = (e) => {
  if (e.classified && routeKind(e.routes[e.classified]) !== 'smalltalk') return undefined;
  const answered = answerableQuestions(e).filter((r) => r.intent !== noneIntent);
  const [only] = answered;
  return only && answered.length === 1
    ? { intent: only.intent, subjects: only.subjects, via: 'classifier' }
    : undefined;
};

/**
 * The questions of a message that get their own answer, each decided by these rules after the ones
 * before it; questions on the same topic are answered together ("What is the G7 and when did Canada
 * join?").
 */
function answerableQuestions(e: TurnEvidence): Resolution[] {
  if (e.parts.length < 2) return [];
  // Two rules ask in turn: the parts are decided once per message.
  let answerable = decidedParts.get(e);
  if (!answerable) decidedParts.set(e, (answerable = decideParts(e)));
  return answerable;
}

const decidedParts = new WeakMap<TurnEvidence, Resolution[]>();

function decideParts(e: TurnEvidence): Resolution[] {
  let memory = e.memory;
  let declinedBefore = false;
  const answered: Resolution[] = [];
  for (const part of e.parts) {
    const evidence = gatherEvidence(part, memory, e.routes, e.cues);
    const resolution = decide(evidence);
    // "How are Canada and Mexico getting along? Are they still close partners?": pointing back to a
    // question declined, it is declined with it.
    const ownAnswer =
      !(declinedBefore && evidence.leansOnContext) &&
      answersOnItsOwn(resolution, evidence, memory, e, part === e.parts[0]);
    declinedBefore = resolution.via === 'declined' && evidence.asksSomething;
    if (!ownAnswer) {
      // Context ("I lost my passport in Miami.") lends its names to the questions after it.
      memory = rememberTurn(memory, noneIntent, [], e.routes, evidence.named);
      continue;
    }
    const same = answered.find((r) => r.intent === resolution.intent);
    if (same) same.subjects = unionOf(same.subjects, resolution.subjects);
    else answered.push(resolution);
    memory = rememberTurn(memory, resolution.intent, resolution.subjects, e.routes);
  }
  return answered;
}

/**
 * A sentence of a message gets its own answer when it asks something (a sentence without a question
 * word is context) about a topic, a need or an opinion, decided by a name, by the context, or by a
 * confident classifier; a question it cannot answer gets its own line.
 */
function answersOnItsOwn(
  resolution: Resolution,
  part: TurnEvidence,
  before: ConversationMemory,
  whole: TurnEvidence,
  first: boolean,
): boolean {
  if (!part.asksSomething || resolution.via === 'more') return false;
  if (checksTheAnswerBefore(resolution, part, whole) || clarifiesTheQuestionBefore(part, first)) return false;
  if (resolution.via === 'declined') return true;
  if (!fromFactBase(part.routes[resolution.intent])) return false;
  if (resolution.via !== 'classifier') return true;
  // Confident, or about a name of its own ("And what's the Pacific Alliance?").
  const newNames = resolution.subjects.filter((s) => !before.subjects.some((b) => b.type === s.type && b.id === s.id));
  return part.probability(resolution.intent) >= turnSettings.confidentQuestion || newNames.length > 0;
}

/**
 * A yes/no question pointing back to a thing checks the answer to the question before rather than
 * asking another (after "Where is the embassy?", "Is it in DC or New York?"), unless the whole message
 * is about its topic too. A question word pointing back ("how many people cross it?") asks another.
 */
function checksTheAnswerBefore(resolution: Resolution, part: TurnEvidence, whole: TurnEvidence): boolean {
  return part.pointsToAThing && part.yesNo && whole.probability(resolution.intent) < turnSettings.partOfTheWhole;
}

/**
 * Names alone after a question, with no question word and not opening like a continuation ("and…?"),
 * clarify that question ("Ottawa ou Washington ?").
 */
function clarifiesTheQuestionBefore(part: TurnEvidence, first: boolean): boolean {
  if (first || !part.fragment || part.yesNo || part.startsLikeContinuation) return false;
  return !lowerWords(part.recognition.text).some((w) => part.cues.questionWords.includes(w));
}

function unionOf(subjects: Subject[], more: Subject[]): Subject[] {
  return [...subjects, ...more.filter((s) => !subjects.some((t) => t.type === s.type && t.id === s.id))];
}

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

/**
 * A message of names and follow-up words only ("oecd", "and Georgia?", "lost my passport") is a
 * question about the names: a follow-up when the topic stays the same.
 */
export const bareName: Rule = (e) =>
  e.byName && e.fragment
    ? { ...e.byName, via: e.byName.intent === e.memory.lastIntent ? 'followUp' : 'classifier' }
    : undefined;

/** A weak guess at a topic that takes no names yields to the topic of a name the message contains. */
export const weakGuessYieldsToName: Rule = (e) =>
  e.byName && e.weak && !e.classifiedTypes ? { ...e.byName, via: 'classifier' } : undefined;

/** A short continuation ("and the consulates?") of a topic whose route says it continues into the classified one. */
export const continuesPreviousTopic: Rule = (e) =>
  e.classified && e.continuation && e.previous?.continuedBy?.includes(e.classified) ? lastTopic(e) : undefined;

/** A weak guess that names another country and nothing of ours is about that country: declined. */
export const weakGuessAboutAnotherCountry: Rule = (e) =>
  e.weak && e.mentionsOtherCountry && !e.named.length ? declined(e) : undefined;

/** A short weak guess that points back ("it", "il") to a topic about names stays on that topic. */
export const weakGuessPointsBack: Rule = (e) =>
  e.weak && e.leansOnContext && !e.named.length && e.previous?.subjectTypes && e.memory.subjects.length && short(e)
    ? lastTopic(e)
    : undefined;

/**
 * A referral is a change of subject: a short message that points back to a topic about names ("et aux
 * États-Unis, on l'appelle comment ?" after CUSMA) without naming the need stays on that topic.
 */
export const referralWithoutItsNeedPointsBack: Rule = (e) => {
  const referral = e.classified && routeKind(e.routes[e.classified]) === 'referral';
  const namesNeed = e.named.some((s) => s.type === 'need');
  return referral && !namesNeed && e.leansOnContext && e.previous?.subjectTypes && e.memory.subjects.length && short(e)
    ? lastTopic(e)
    : undefined;
};

/**
 * A referral guessed for a message that names another need, which the classifier also sees as
 * possible, is about the need it names ("my NEXUS card expires, how do I renew it?").
 */
export const referralYieldsToNamedNeed: Rule = (e) => {
  if (!e.classified || routeKind(e.routes[e.classified]) !== 'referral' || !e.byName) return undefined;
  const named = e.byName.intent;
  const another = named !== e.classified && routeKind(e.routes[named]) === 'referral';
  return another && e.probability(named) >= turnSettings.partOfTheWhole
    ? { ...e.byName, via: 'classifier' }
    : undefined;
};

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
  const needsName = e.classified ? e.routes[e.classified]?.needsName : false;
  return needsName && carriesOn && e.previous ? lastTopic(e) : undefined;
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

/**
 * A list question that names items of its detail's kind is about those items when the classifier
 * also sees a question about them ("which agreement replaced NAFTA?" is about CUSMA, which NAFTA
 * became); a list question that only mentions one ("apart from CUSMA, which others?") stays a list.
 */
export const listNarrowsToNamedItems: Rule = (e) => {
  const detail = e.classified ? e.routes[e.classified]?.narrowsTo : undefined;
  const types = detail ? e.routes[detail]?.subjectTypes : undefined;
  const items = types ? e.named.filter((s) => types.includes(s.type)) : [];
  return detail && items.length && e.probability(detail) >= turnSettings.narrowingDetail
    ? { intent: detail, subjects: items, via: 'classifier' }
    : undefined;
};

/**
 * A vague question after context that named a need ("I lost my passport in Miami. What do I do?") is
 * about that need, whatever small talk it looks like.
 */
export const contextNamesTheNeed: Rule = (e) => {
  const smallTalk = e.classified !== undefined && routeKind(e.routes[e.classified]) === 'smalltalk';
  if (e.named.length || (e.classified && !e.weak && !smallTalk)) return undefined;
  const need = (e.memory.aside ?? []).find((s) => s.type === 'need');
  const intent = need && Object.keys(e.routes).find((name) => e.routes[name]!.pointedToBy?.need?.includes(need.id));
  return intent ? { intent, subjects: e.memory.aside ?? [], via: 'followUp' } : undefined;
};

/**
 * A question the classifier declines narrowly is about a name of ours it contains ("What is Canada's
 * role in NATO, really?"), unless it is about another country.
 */
export const nameDecidesDeclinedQuestion: Rule = (e) =>
  !e.classified &&
  e.byName &&
  e.probability(noneIntent) < turnSettings.nameOverNone &&
  !e.offTopicCountry(e.byName.intent) &&
  !e.mentionsOtherCountry
    ? { ...e.byName, via: 'classifier' }
    : undefined;

/**
 * Nothing the bot answers. A question about Canada–US relations is told the facts do not cover it;
 * only a question with nothing of the relationship in it is declined as off-topic.
 */
export const declined: Rule = (e) => ({
  intent: noneIntent,
  subjects: [],
  via: 'declined',
  declined: e.aboutCanadaUs ? 'notInFacts' : 'offTopic',
});

/** Runs the rules in order on a turn's evidence: the first that returns a decision decides. */
export function decide(e: TurnEvidence): Resolution {
  for (const [, rule] of resolutionRules) {
    const decision = rule(e);
    if (decision) return { ...decision, yesNo: e.yesNo, mentionsOtherCountry: e.mentionsOtherCountry };
  }
  throw new Error('resolutionRules: the last rule must always decide');
}

/** The rules in order: the first that returns a decision decides. */
export const resolutionRules: [name: string, rule: Rule][] = Object.entries({
  askedForMore,
  severalQuestions,
  oneQuestionOfSeveral,
  officesLocatedInCanada,
  listNarrowsToNamedItems,
  classifiedAboutItsNames,
  bareName,
  weakGuessYieldsToName,
  continuesPreviousTopic,
  weakGuessAboutAnotherCountry,
  weakGuessPointsBack,
  referralWithoutItsNeedPointsBack,
  referralYieldsToNamedNeed,
  contextNamesTheNeed,
  classifiedWithoutNames,
  classifiedAboutRememberedNames,
  classifiedYieldsToName,
  classifiedCarriesOn,
  classifiedAsksForName,
  nameForLastTopic,
  continuesOnContext,
  nameDecidesDeclinedQuestion,
  declined,
});
