// What every answer function receives and returns: plain values, no botbuilder types.
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import type { EntityType } from '../nlu/entities.js';

export interface Subject {
  type: EntityType;
  id: string;
}

export interface AnswerRequest {
  facts: FactBase;
  language: Language;
  /** The user's words, as typed. */
  text: string;
  /** Named things the question is about, from the message or from the conversation so far. */
  subjects: Subject[];
  /** "Is there…?", "Does…?": the answer starts with yes or no where the fact base can tell. */
  yesNo: boolean;
  /** The question names a country other than Canada and the US ("Is China the largest…?"). */
  mentionsOtherCountry: boolean;
  /**
   * For a declined question: whether it is about Canada–US relations though the facts do not cover it
   * ('notInFacts'), or about something else ('offTopic').
   */
  declined?: DeclineKind;
}

export type DeclineKind = 'offTopic' | 'notInFacts';

export interface SourceReference {
  id: string;
  asOf: string;
}

/** One item of a card: an office with its details and link, or just a name (an agreement, an area). */
export interface CardEntry {
  name: string;
  facts?: { title: string; value: string }[];
  link?: { title: string; url: string };
}

/**
 * An answer shown as a card where the channel can (Teams, Web Chat), as its Markdown text elsewhere:
 * the same content, never more. The answer's sources become link buttons when it is rendered.
 */
export interface AnswerCard {
  title: string;
  /** Sections in order, each with an optional heading, paragraph and entries (the offices are grouped by region). */
  groups: { heading?: string; text?: string; entries?: CardEntry[] }[];
  /** Buttons that ask the bot a question, as if typed (the help menu's topics). */
  questions?: { title: string; question: string }[];
}

export interface Answer {
  /** Markdown: the direct answer first, then the detail. */
  text: string;
  sources: SourceReference[];
  /** Lines that say a fact is unverified and where to confirm it. */
  cautions: string[];
  /** 2–4 likely next questions. */
  suggestions: string[];
  /** What the answer was about, remembered for follow-ups ("when was it created?"). */
  subjects: Subject[];
  card?: AnswerCard;
  /** The summary of a message that is a card, when it is not just the first sentence of `text` (the welcome's privacy notice). */
  lead?: string;
}

export type AnswerFunction = (request: AnswerRequest) => Answer;

/** The next level of detail after an answer, or undefined when the fact base has nothing more. */
export type MoreFunction = (request: AnswerRequest) => Answer | undefined;

/**
 * What kind of answer a route gives: a topic from the fact base, a referral to an official page for a
 * neighbouring need, the neutral reply to a request for an opinion, small talk, or the decline.
 */
export type RouteKind = 'topic' | 'referral' | 'opinion' | 'smalltalk' | 'decline';

export interface AnswerRoute {
  answer: AnswerFunction;
  /** 'topic' when absent. */
  kind?: RouteKind;
  /**
   * About Canada and the US: a question naming another country is out of scope unless it also names
   * this one: 'us' for the relationship ("…compared with Mexico?" is ours), 'canada' for the border
   * ("the US–Mexico border" is not).
   */
  onlyCanadaUs?: 'us' | 'canada';
  /** Entity types this intent is about; a follow-up naming one of them keeps the intent. */
  subjectTypes?: EntityType[];
  /** Its answer needs one of those names: without one, it asks which (an agreement, an organization, a place). */
  needsName?: boolean;
  /**
   * Names that point to this intent although it takes none, by kind of name: their ids ("NEXUS" points
   * to the NEXUS referral).
   */
  pointedToBy?: Partial<Record<EntityType, string[]>>;
  /**
   * Intents that, asked as a short continuation right after this answer ("and the consulates?"), mean
   * more of this topic: after the US offices in Canada, "consulates" are the US ones.
   */
  continuedBy?: string[];
  /**
   * Intents whose question, about offices located in Canada ("where is the US embassy in Ottawa?"),
   * is this intent's: Canada's own offices are in the US.
   */
  claimsInCanada?: string[];
  /**
   * A list intent's detail intent: a list question that names items of the detail's kind is about those
   * items ("which agreement replaced NAFTA?" names one agreement).
   */
  narrowsTo?: string;
  /** What "tell me more" gives after this answer; without it, the bot says that is all and links the sources. */
  more?: MoreFunction;
}

/** An answer from the fact base: a topic, a referral or the opinion reply (not small talk, not a decline). */
export function fromFactBase(route: AnswerRoute | undefined): boolean {
  const kind = routeKind(route);
  return kind === 'topic' || kind === 'referral' || kind === 'opinion';
}

/** A route's kind: 'topic' unless it says otherwise. */
export function routeKind(route: AnswerRoute | undefined): RouteKind | undefined {
  return route ? (route.kind ?? 'topic') : undefined;
}
