// Small helpers every answer module shares: localized text, strings with placeholders, lists.
import type { FactBase } from '../facts/loader.js';
import type { Fact, Language } from '../facts/schema.js';
import { compiledPattern } from '../nlu/text.js';
import type { Answer, AnswerRequest, SourceReference, Subject } from './types.js';

/** The text in the requested language, English until the French text exists. */
export function local<T>(text: { en: T; fr?: T | undefined }, language: Language): T {
  return text[language] ?? text.en;
}

/** A source's page in the language asked, when it has one in French. */
export function sourceUrl(source: { url: string; urlFr?: string | undefined }, language: Language): string {
  return language === 'fr' ? (source.urlFr ?? source.url) : source.url;
}

export function say(
  facts: FactBase,
  language: Language,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const entry = facts.strings[key];
  if (!entry) throw new Error(`data/strings.json: missing string "${key}"`);
  return local(entry, language).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

const listFormats = new Map<Language, Intl.ListFormat>();
export function listOf(items: string[], language: Language): string {
  let format = listFormats.get(language);
  if (!format) {
    format = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
    listFormats.set(language, format);
  }
  return format.format(items);
}

const formatted = new Map<string, string>();

/** "2026-11-25" → "November 25, 2026"; "2018-12" → "December 2018"; "2023" stays. Remembered: Intl is slow to build. */
export function formatAsOf(asOf: string, language: Language): string {
  const key = `${language}:${asOf}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const [year, month, day] = asOf.split('-').map(Number);
    const options: Intl.DateTimeFormatOptions = day
      ? { dateStyle: 'long', timeZone: 'UTC' }
      : { month: 'long', year: 'numeric', timeZone: 'UTC' };
    text = month
      ? new Intl.DateTimeFormat(`${language}-CA`, options).format(new Date(Date.UTC(year!, month - 1, day ?? 1)))
      : String(year);
    // French writes the first of the month as an ordinal: "1er juillet 2020".
    if (language === 'fr') text = text.replace(/^1 /, '1er ');
    formatted.set(key, text);
  }
  return text;
}

/** The text with its first letter in capitals ("îles Vierges" → "Îles Vierges"). */
export function capitalize(text: string, language: Language): string {
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

export function bullets(items: string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

export function sourceOf(fact: Pick<Fact, 'source' | 'asOf'>): SourceReference {
  return { id: fact.source, asOf: fact.asOf };
}

/** Builds an answer; suggestions are keys of data/strings.json ("suggest.trade.jobs"). */
export function answer(
  request: AnswerRequest,
  parts: { text: string; sources: SourceReference[]; suggest: string[]; cautions?: string[]; subjects?: Subject[] },
): Answer {
  const unique = new Map(parts.sources.map((s) => [`${s.id}@${s.asOf}`, s]));
  return {
    text: parts.text,
    sources: [...unique.values()],
    cautions: parts.cautions ?? [],
    suggestions: parts.suggest.map((key) => say(request.facts, request.language, key)),
    subjects: parts.subjects ?? [],
  };
}

/**
 * An introduction, a bulleted list and an optional closing line: as Markdown text, and the same content
 * as a card titled by the string `titleKey` (lists are cards where the channel shows them).
 */
export function listAnswer(
  request: AnswerRequest,
  parts: {
    titleKey: string;
    intro: string;
    items: string[];
    closing?: string;
    sources: SourceReference[];
    suggest: string[];
  },
): Answer {
  const closing = parts.closing ? [parts.closing] : [];
  return {
    ...answer(request, {
      text: [parts.intro, bullets(parts.items), ...closing].join('\n\n'),
      sources: parts.sources,
      suggest: parts.suggest,
    }),
    card: {
      title: say(request.facts, request.language, parts.titleKey),
      groups: [
        { text: parts.intro, entries: parts.items.map((name) => ({ name })) },
        ...closing.map((text) => ({ text })),
      ],
    },
  };
}

/**
 * "Yes. " before a fact that affirms what was asked: only for a yes/no question that names no other
 * country and, when cue words are given, uses one of them ("Is Canada the biggest customer…?" but not
 * "Is the US Canada's biggest trading partner?" answered with the customer fact).
 */
export function yesFirst(request: AnswerRequest, text: string, cues?: string[]): string {
  if (!request.yesNo || request.mentionsOtherCountry) return text;
  const asked = request.text.toLowerCase();
  // Letter boundaries rather than \b, which does not know accented letters ("défense").
  if (
    cues &&
    !cues.some((cue) => compiledPattern(`(?<!\\p{L})${escapeRegExp(cue.toLowerCase())}(?!\\p{L})`).test(asked))
  )
    return text;
  return `${say(request.facts, request.language, 'yes')} ${text}`;
}

/** The cue words of a fact's claim, in the request's language. */
export function claimCues(fact: Fact, language: Language): string[] {
  return fact.yesWhenAsked ? local(fact.yesWhenAsked, language) : [];
}

export function subjectIds(request: AnswerRequest, type: Subject['type']): string[] {
  return request.subjects.filter((s) => s.type === type).map((s) => s.id);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
