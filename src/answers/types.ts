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
}

export interface SourceReference {
  id: string;
  asOf: string;
}

/** Office details shown as a card where the channel can (Teams, Web Chat), as text elsewhere. */
export interface OfficeCardEntry {
  name: string;
  facts: { title: string; value: string }[];
  link: { title: string; url: string };
}

export interface AnswerCard {
  title: string;
  /** Entries under optional group headings (the list of offices is grouped by region). */
  groups: { heading?: string; entries: OfficeCardEntry[] }[];
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
}

export type AnswerFunction = (request: AnswerRequest) => Answer;

export interface AnswerRoute {
  answer: AnswerFunction;
  /** About Canada and the US together: a question naming another country, and not the US, is out of scope. */
  onlyCanadaUs?: boolean;
  /** Entity types this intent is about; a follow-up naming one of them keeps the intent. */
  subjectTypes?: EntityType[];
}
