// Decides what a message is about, given the conversation so far: the classifier's intent, the
// subjects it names, and follow-ups that lean on the previous turn ("what about Miami?", "and TRIPS?",
// "when was it created?"). A pure function, so every rule is tested without a server.
import type { AnswerRoute, Subject } from '../answers/types.js';
import type { Language, LanguageCues } from '../facts/schema.js';
import type { EntityMatch } from '../nlu/entities.js';
import { noneIntent, type Recognition } from '../nlu/recognizer.js';
import { compiledPattern, plainWords, tokenize } from '../nlu/text.js';
import type { RateableQuestion } from './feedback.js';

export interface ConversationMemory {
  /** The language of the conversation so far. */
  language?: Language;
  /** The language the person asked for ("en français"): it outranks the client's locale. */
  preferredLanguage?: Language;
  /** The last intent answered from the fact base (small talk and declines leave it unchanged). */
  lastIntent?: string;
  /** What that answer was about. */
  subjects: Subject[];
  /** How many times "tell me more" was answered on that topic. */
  depth?: number;
  /** Names from a declined question ("the weather in Seattle"), for a next question that needs one ("is there a consulate there?"). */
  aside?: Subject[];
  /** The last question answered from the fact base, until the person rates the answer (👍/👎). */
  lastQuestion?: RateableQuestion;
}

export interface Resolution {
  intent: string;
  subjects: Subject[];
  /**
   * How the intent was chosen: by the classifier, from the conversation's context, or declined; `cue`:
   * by the message's wording (offices located in Canada are the US ones); `more` asks for more on the
   * last topic; `disambiguation` means the bot asked which of two topics was meant.
   */
  via: 'classifier' | 'cue' | 'followUp' | 'declined' | 'more' | 'disambiguation';
  yesNo: boolean;
  mentionsOtherCountry: boolean;
}

/** A follow-up leaning on "it"/"that" is short; longer messages stand on their own. */
const longestContextualFollowUp = 8;
/** "And in miles?": a continuation this short keeps the last topic… */
const shortestContinuation = 4;
/** …unless the classifier thinks it more likely off-topic than not. */
const continuationMaxNone = 0.5;
const saysMore = /\b(more|plus|details?|davantage)\b/;
/** A request for more inside a longer message counts only in messages this short. */
const shortestMoreRequest = 7;
/** Below this probability, a topic that takes no names yields to the topic of a name the message contains. */
const weakGuess = 0.5;
/** Above this None probability, even a short message with "it" is treated as off-topic. */
const clearlyOffTopic = 0.9;

export function resolveTurn(
  recognition: Recognition,
  memory: ConversationMemory,
  routes: Record<string, AnswerRoute>,
  cues: LanguageCues,
): Resolution {
  // The corrected text's tokens line up with the entities' token positions.
  const words = tokenize(recognition.correctedText ?? recognition.text).map((t) => t.lower);
  const named = subjectsOf(recognition.entities);
  const shape = {
    yesNo:
      (words.length > 0 && cues.yesNoStarts.includes(words[0]!)) ||
      cues.yesNoPatterns.some((p) => compiledPattern(p).test(recognition.text)),
    mentionsOtherCountry: words.some((w) => cues.otherCountries.includes(w)),
  };
  // "Tell me more", "why?": more on the last topic (the conversation says so when there is none).
  if (asksForMore(plainWords(recognition.text), recognition, cues))
    return { intent: memory.lastIntent ?? noneIntent, subjects: memory.subjects, via: 'more', ...shape };
  const fragment = contentWordsOutsideNames(words, recognition, cues) === 0;
  const plain = plainWords(recognition.correctedText ?? recognition.text);
  const leansOnContext =
    words.some((w) => cues.anaphora.includes(w)) || cues.anaphoraPatterns.some((p) => compiledPattern(p).test(plain));
  const previous = memory.lastIntent ? routes[memory.lastIntent] : undefined;
  const remembered = (types: Subject['type'][] = []) => {
    const fromTopic = memory.subjects.filter((s) => types.includes(s.type));
    return fromTopic.length ? fromTopic : (memory.aside ?? []).filter((s) => types.includes(s.type));
  };

  const byName = named.length ? routeForNames(named, memory.lastIntent, routes) : undefined;
  // "Relations between Canada and Mexico?" is not about Canada and the US; "how long is the US–Mexico border?" is not about ours.
  const names = {
    us: recognition.entities.some((e) => e.type === 'country'),
    canada: words.some((w) => cues.canadaWords.includes(w)),
  };
  const offTopicCountry = (intent: string) => {
    const mustName = routes[intent]?.onlyCanadaUs;
    return mustName !== undefined && shape.mentionsOtherCountry && !names[mustName];
  };
  const classified =
    recognition.topIntent !== noneIntent && !offTopicCountry(recognition.topIntent) ? recognition.topIntent : undefined;
  // "Where is the US embassy in Ottawa?": Canada's own offices are in the US, so offices in Canada are the US ones.
  const claimant =
    classified === undefined
      ? undefined
      : Object.keys(routes).find((intent) =>
          intent === classified ? routes[intent]!.claimsInCanada : routes[intent]!.claimsInCanada?.includes(classified),
        );
  if (claimant && cues.inCanada.some((p) => compiledPattern(p).test(plain)))
    return { intent: claimant, subjects: [], via: 'cue', ...shape };
  const types = classified ? routes[classified]?.subjectTypes : undefined;
  const own = types ? named.filter((s) => types.includes(s.type)) : [];
  // The classifier's intent is about a thing the message names: nothing to second-guess.
  if (classified && own.length) return { intent: classified, subjects: own, via: 'classifier', ...shape };
  // A bare name ("oecd", "what about Miami?", "and Georgia?") is a question about that name,
  // whatever the classifier makes of so few words.
  if (byName && fragment) return { ...byName, via: 'followUp', ...shape };
  // "Does Canada belong to NATO?": a weak guess at a topic that takes no such name yields to the name's topic.
  const weak = classified !== undefined && (recognition.intents[classified] ?? 0) < weakGuess;
  if (byName && weak && !types) return { ...byName, via: 'classifier', ...shape };

  const phrase = words.join(' ');
  const startsLikeContinuation = cues.continuationStarts.some(
    (start) => phrase === start || phrase.startsWith(`${start} `),
  );
  const continuation = words.length <= shortestContinuation && startsLikeContinuation;
  // "And the consulates?" after the US offices in Canada means the US consulates, not Canada's.
  if (classified && continuation && previous?.continuedBy?.includes(classified))
    return { intent: memory.lastIntent!, subjects: memory.subjects, via: 'followUp', ...shape };

  // "Il dessert quels États ?" after a consulate: a weak guess, leaning on the topic just discussed, is about it.
  // "And the one between the US and Mexico?": a weak guess about another country is out of scope, not a follow-up.
  if (weak && shape.mentionsOtherCountry && !named.length)
    return { intent: noneIntent, subjects: [], via: 'declined', ...shape };
  if (
    weak &&
    leansOnContext &&
    !named.length &&
    previous?.subjectTypes &&
    memory.subjects.length &&
    words.length <= longestContextualFollowUp
  ) {
    return { intent: memory.lastIntent!, subjects: memory.subjects, via: 'followUp', ...shape };
  }

  if (classified) {
    const intent = classified;
    if (!types) return { intent, subjects: named, via: 'classifier', ...shape };
    const earlier = remembered(types);
    if (earlier.length) return { intent, subjects: earlier, via: 'followUp', ...shape };
    // "And what's the OSCE exactly?" read as an agreement question: with no agreement to answer about, the name decides.
    if (byName) return { ...byName, via: 'classifier', ...shape };
    // "When was it created?" after NORAD: the classifier thinks of an organization, the context knows better.
    // So does "and the agreement was signed when?" after NORAD: a topic that needs a name, and none given, in a message that carries on.
    const carriesOn = leansOnContext || (startsLikeContinuation && words.length <= longestContextualFollowUp);
    if (carriesOn && memory.lastIntent && previous)
      return { intent: memory.lastIntent, subjects: memory.subjects, via: 'followUp', ...shape };
    return { intent, subjects: [], via: 'classifier', ...shape };
  }

  const offTopic = (recognition.intents[noneIntent] ?? 0) >= clearlyOffTopic;
  // "Actually I just moved to Albuquerque" after a consulate question: a name the last topic takes.
  if (byName && byName.intent === memory.lastIntent && words.length <= longestContextualFollowUp && !offTopic)
    return { ...byName, via: 'followUp', ...shape };
  // "And in miles?" continues the topic; "and the weather?" (the classifier leans to None) and "and the
  // one between the US and Mexico?" (another country) do not.
  const continues = continuation && (recognition.intents[noneIntent] ?? 0) < continuationMaxNone;
  if (
    (leansOnContext || continues) &&
    memory.lastIntent &&
    words.length <= longestContextualFollowUp &&
    !offTopic &&
    !shape.mentionsOtherCountry
  ) {
    return { intent: memory.lastIntent, subjects: memory.subjects, via: 'followUp', ...shape };
  }
  return { intent: noneIntent, subjects: [], via: 'declined', ...shape };
}

/**
 * What to remember after answering. A declined question keeps the topic as it was, and the names it
 * contained aside.
 * @param named the names the message contained
 */
export function rememberTurn(
  memory: ConversationMemory,
  intent: string,
  answeredSubjects: Subject[],
  routes: Record<string, AnswerRoute>,
  named: Subject[] = [],
): ConversationMemory {
  const { aside: _, ...rest } = memory;
  if (intent === noneIntent) return named.length ? { ...rest, aside: named } : rest;
  if (intent.startsWith('smalltalk.') || !routes[intent]) return memory;
  return {
    ...rest,
    lastIntent: intent,
    subjects: answeredSubjects.length ? answeredSubjects : intent === memory.lastIntent ? memory.subjects : [],
    depth: 0,
  };
}

/** The names an utterance contains, as subjects (the country itself aside). */
export function namedSubjects(recognition: Recognition): Subject[] {
  return subjectsOf(recognition.entities);
}

/** The intent a named thing points to: the last intent if it takes that kind of name, else the first that does. */
function routeForNames(
  named: Subject[],
  lastIntent: string | undefined,
  routes: Record<string, AnswerRoute>,
): { intent: string; subjects: Subject[] } | undefined {
  const accepts = (intent: string) => named.filter((s) => routes[intent]?.subjectTypes?.includes(s.type));
  if (lastIntent && accepts(lastIntent).length) return { intent: lastIntent, subjects: accepts(lastIntent) };
  for (const subject of named) {
    const intent = Object.keys(routes).find((name) => routes[name]!.subjectTypes?.includes(subject.type));
    if (intent) return { intent, subjects: accepts(intent) };
  }
  return undefined;
}

function subjectsOf(entities: EntityMatch[]): Subject[] {
  const seen = new Set<string>();
  const subjects: Subject[] = [];
  for (const e of entities) {
    if (e.type === 'country' || seen.has(`${e.type}:${e.id}`)) continue;
    seen.add(`${e.type}:${e.id}`);
    subjects.push({ type: e.type, id: e.id });
  }
  return subjects;
}

/**
 * "Tell me more" as the whole message, or a request of two words or more inside a short message that
 * names nothing ("can you tell me more?", "ok, more details please"; not "tell me more about NATO").
 */
function asksForMore(phrase: string, recognition: Recognition, cues: LanguageCues): boolean {
  if (cues.moreRequests.includes(phrase)) return true;
  if (recognition.entities.length || phrase.split(' ').length > shortestMoreRequest) return false;
  // Only requests that say "more" count inside a longer message: "comment ça" alone asks why, "comment ça marche ?" does not.
  return cues.moreRequests.some(
    (request) => request.includes(' ') && saysMore.test(request) && ` ${phrase} `.includes(` ${request} `),
  );
}

function contentWordsOutsideNames(words: string[], recognition: Recognition, cues: LanguageCues): number {
  const insideName = new Set<number>();
  for (const e of recognition.entities) for (let i = e.startToken; i < e.endToken; i++) insideName.add(i);
  return words.filter((w, i) => !insideName.has(i) && !cues.followUpWords.includes(w)).length;
}
