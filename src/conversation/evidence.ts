// What a message tells about itself and about the conversation, read once per turn: the rules that
// decide the turn (rules.ts) only look things up here.
import type { AnswerRoute, Subject } from '../answers/types.js';
import type { LanguageCues } from '../facts/schema.js';
import type { EntityMatch } from '../nlu/entities.js';
import { noneIntent, type Recognition } from '../nlu/recognizer.js';
import { compiledPattern, foldAccents, lowerWords, plainWords, tokenize } from '../nlu/text.js';
import { turnSettings } from './settings.js';
import type { ConversationMemory } from './types.js';

export interface TurnEvidence {
  recognition: Recognition;
  memory: ConversationMemory;
  routes: Record<string, AnswerRoute>;
  cues: LanguageCues;
  /** Lower-case words of the spelling-corrected text, in the entities' token positions. */
  words: string[];
  /** Accent-folded lower-case words and spaces, for whole-phrase cues. */
  plain: string;
  /** The same of the text as typed (before spelling correction); `plain` itself when nothing was corrected. */
  typedPlain: string;
  /** The names the message contains, as subjects (the US itself aside). */
  named: Subject[];
  yesNo: boolean;
  mentionsOtherCountry: boolean;
  /** The message names the US / Canada. */
  namesUs: boolean;
  namesCanada: boolean;
  /** Nothing but names and follow-up words ("and Georgia?", "oecd"). */
  fragment: boolean;
  /** A pronoun that points back ("when was it created?", "on l'appelle comment ?"). */
  leansOnContext: boolean;
  /** Among those pronouns, one that stands for a thing ("it", "ça"), not for the two countries ("they"). */
  pointsToAThing: boolean;
  /** Starts like "and…", "what about…". */
  startsLikeContinuation: boolean;
  /** A continuation of at most `shortestContinuation` words. */
  continuation: boolean;
  /** The route of the last topic answered. */
  previous?: AnswerRoute;
  /** The topic a name in the message points to, and the names it takes. */
  byName?: { intent: string; subjects: Subject[] };
  /** The classifier's intent, unless it is about Canada and the US and the message is about another country. */
  classified?: string;
  /** The names the classified intent takes, when it takes any. */
  classifiedTypes?: Subject['type'][];
  /** The classified intent is a guess below `weakGuess`. */
  weak: boolean;
  /** The classifier is nearly sure the message is off-topic. */
  clearlyOffTopic: boolean;
  /**
   * The message is about Canada–US relations, whatever the classifier thinks: it contains a name from
   * the fact base (an organization, an agreement, a US place, a need such as NEXUS, the US itself), a
   * word naming Canada, a word or phrase of the relationship (border, embassy, softwood lumber…), or it
   * points back to the conversation's topic.
   */
  aboutCanadaUs: boolean;
  /** It asks something: a question word, or the shape of a yes/no question. */
  asksSomething: boolean;
  /** The recognition of each question of a message that asks several; empty for one question. */
  parts: Recognition[];
  probability(intent: string): number;
  /** An intent about Canada and the US, for a message about another country and not ours. */
  offTopicCountry(intent: string): boolean;
}

export function gatherEvidence(
  recognition: Recognition,
  memory: ConversationMemory,
  routes: Record<string, AnswerRoute>,
  cues: LanguageCues,
  parts: Recognition[] = [],
): TurnEvidence {
  const text = recognition.correctedText ?? recognition.text;
  const words = tokenize(text).map((t) => t.lower);
  const plain = plainWords(text);
  const typedPlain = text === recognition.text ? plain : plainWords(recognition.text);
  const named = subjectsOf(recognition.entities);
  const probability = (intent: string) => recognition.intents[intent] ?? 0;
  const countries = countriesNamed(recognition, words, cues);
  const offTopicCountry = (intent: string) => aboutAnotherCountry(routes[intent], countries);
  const classified = classifiedIntent(recognition, offTopicCountry);
  const startsLikeContinuation = startsLike(words, cues.continuationStarts);
  const pointsBack = words.some((w) => cues.anaphora.includes(w));
  return {
    recognition,
    memory,
    routes,
    cues,
    words,
    plain,
    typedPlain,
    named,
    yesNo: asksYesNo(words, recognition.text, cues),
    ...countries,
    fragment: contentWordsOutsideNames(words, recognition.entities, cues) === 0,
    leansOnContext: pointsBack || cues.anaphoraPatterns.some((p) => compiledPattern(p).test(plain)),
    pointsToAThing: words.some((w) => cues.thingAnaphora.includes(w)),
    startsLikeContinuation,
    continuation: words.length <= turnSettings.shortestContinuation && startsLikeContinuation,
    ...routesInContext(memory, routes, named),
    ...(classified ? { classified, ...optional('classifiedTypes', routes[classified]?.subjectTypes) } : {}),
    weak: classified !== undefined && probability(classified) < turnSettings.weakGuess,
    clearlyOffTopic: probability(noneIntent) >= turnSettings.clearlyOffTopic,
    aboutCanadaUs:
      namesTheRelationship(recognition, [plain, typedPlain], countries.namesCanada, cues) ||
      // "And how do we cooperate with them on defence?", "pis c'est quoi le poste le plus achalandé?" in a
      // conversation about the relationship: pointing back, or carrying on.
      (memory.lastIntent !== undefined && (pointsBack || startsLikeContinuation)),
    asksSomething: asks(typedPlain, recognition.text, cues),
    parts,
    probability,
    offTopicCountry,
  };
}

/** The classifier's intent, unless it declined or the message is about another country than ours. */
function classifiedIntent(recognition: Recognition, offTopicCountry: (intent: string) => boolean): string | undefined {
  const top = recognition.topIntent;
  return top !== noneIntent && !offTopicCountry(top) ? top : undefined;
}

/** The previous answer's route, and the route the names in the message point to (given that answer). */
function routesInContext(
  memory: ConversationMemory,
  routes: Record<string, AnswerRoute>,
  named: Subject[],
): Pick<TurnEvidence, 'previous' | 'byName'> {
  const previous = memory.lastIntent ? routes[memory.lastIntent] : undefined;
  return {
    ...optional('previous', previous),
    ...(named.length ? optional('byName', routeForNames(named, memory.lastIntent, routes)) : {}),
  };
}

type CountriesNamed = Pick<TurnEvidence, 'mentionsOtherCountry' | 'namesUs' | 'namesCanada'>;

function countriesNamed(recognition: Recognition, words: string[], cues: LanguageCues): CountriesNamed {
  return {
    mentionsOtherCountry: words.some((w) => cues.otherCountries.includes(w)),
    namesUs: recognition.entities.some((e) => e.type === 'country'),
    namesCanada: words.some((w) => cues.canadaWords.includes(w)),
  };
}

/** A route about Canada and the US, for a message about another country that does not name ours. */
function aboutAnotherCountry(route: AnswerRoute | undefined, countries: CountriesNamed): boolean {
  const mustName = route?.onlyCanadaUs;
  if (mustName === undefined || !countries.mentionsOtherCountry) return false;
  return !(mustName === 'us' ? countries.namesUs : countries.namesCanada);
}

/** The words are one of the starts, or begin with one ("and", "what about"). */
function startsLike(words: string[], starts: string[]): boolean {
  const phrase = words.join(' ');
  return starts.some((start) => phrase === start || phrase.startsWith(`${start} `));
}

/** "Is there…", "Do I need…", "Est-ce que…". */
function asksYesNo(words: string[], text: string, cues: LanguageCues): boolean {
  if (words.length > 0 && cues.yesNoStarts.includes(words[0]!)) return true;
  return cues.yesNoPatterns.some((p) => compiledPattern(p).test(text));
}

/** A name from the fact base, a word naming Canada, or a word or phrase of the relationship. */
function namesTheRelationship(
  recognition: Recognition,
  [plain, typedPlain]: [string, string],
  namesCanada: boolean,
  cues: LanguageCues,
) {
  if (recognition.entities.length > 0 || namesCanada) return true;
  return [plain, typedPlain].some((text) => cues.domainWords.some((w) => ` ${text} `.includes(` ${w} `)));
}

/** Names of the kinds an intent takes, from the message or, failing that, from the conversation. */
export function rememberedSubjects(e: TurnEvidence, types: Subject['type'][]): Subject[] {
  const fromTopic = e.memory.subjects.filter((s) => types.includes(s.type));
  return fromTopic.length ? fromTopic : (e.memory.aside ?? []).filter((s) => types.includes(s.type));
}

/** Whether a route is about this kind of name. */
function takes(route: AnswerRoute | undefined, subject: Subject): boolean {
  return route?.subjectTypes?.includes(subject.type) ?? false;
}

/** Whether this name points to the route ("NEXUS" to the NEXUS referral). */
function pointsTo(route: AnswerRoute | undefined, subject: Subject): boolean {
  return route?.pointedToBy?.[subject.type]?.includes(subject.id) ?? false;
}

/**
 * The intent a named thing points to: the last intent if it takes that kind of name, else the first
 * that takes it or that it points to. An intent a name points to gets every name of the message.
 */
function routeForNames(
  named: Subject[],
  lastIntent: string | undefined,
  routes: Record<string, AnswerRoute>,
): { intent: string; subjects: Subject[] } | undefined {
  const accepts = (intent: string) => named.filter((s) => takes(routes[intent], s));
  if (lastIntent && accepts(lastIntent).length) return { intent: lastIntent, subjects: accepts(lastIntent) };
  for (const subject of named) {
    const intent = Object.keys(routes).find((name) => takes(routes[name], subject) || pointsTo(routes[name], subject));
    if (intent) return { intent, subjects: takes(routes[intent], subject) ? accepts(intent) : named };
  }
  return undefined;
}

export function subjectsOf(entities: EntityMatch[]): Subject[] {
  const seen = new Set<string>();
  const subjects: Subject[] = [];
  for (const e of entities) {
    if (e.type === 'country' || seen.has(`${e.type}:${e.id}`)) continue;
    seen.add(`${e.type}:${e.id}`);
    subjects.push({ type: e.type, id: e.id });
  }
  return subjects;
}

function contentWordsOutsideNames(words: string[], entities: EntityMatch[], cues: LanguageCues): number {
  const insideName = new Set<number>();
  for (const e of entities) for (let i = e.startToken; i < e.endToken; i++) insideName.add(i);
  return words.filter((w, i) => !insideName.has(i) && !cues.followUpWords.includes(w)).length;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Whether a sentence asks something: a question mark, a question asked indirectly ("I want to know
 * if…"), a question word (first in a sentence that ends with a full stop, anywhere in one without), or
 * the shape of a yes/no question or a request once the words that join it to the sentence before are
 * set aside ("And do they…", "Also, tell me…"). On the words as typed: "c'est" is not "est-ce".
 */
function asks(plain: string, text: string, cues: LanguageCues): boolean {
  if (/\?\s*$/.test(text)) return true;
  if (cues.indirectQuestions.some((phrase) => ` ${plain} `.includes(` ${phrase} `))) return true;
  const joiners = new Set([...cues.questionJoiners, ...cues.continuationStarts]);
  const words = plain.split(' ');
  const first = words.find((w) => !joiners.has(w));
  // A sentence that ends with a full stop states something, unless it opens with a question word
  // ("…quand je cherche." is not asking when).
  const statement = /[.!]\s*$/.test(text);
  const typed = lowerWords(text);
  const questionWords = statement ? typed.filter((w) => !joiners.has(foldAccents(w))).slice(0, 1) : typed;
  if (questionWords.some((w) => cues.questionWords.includes(w))) return true;
  const opens = first !== undefined && (cues.yesNoStarts.includes(first) || cues.requestStarts.includes(first));
  return opens || cues.yesNoPatterns.some((p) => compiledPattern(p).test(text));
}
