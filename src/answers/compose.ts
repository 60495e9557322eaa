// Small helpers every answer module shares: localized text, strings with placeholders, lists.
import type { FactBase } from '../facts/loader.js';
import type { Fact, Language } from '../facts/schema.js';
import type { Answer, AnswerRequest, SourceReference, Subject } from './types.js';

/** The text in the requested language, English until the French text exists. */
export function local<T>(text: { en: T; fr?: T | undefined }, language: Language): T {
  return text[language] ?? text.en;
}

export function say(facts: FactBase, language: Language, key: string, values: Record<string, string | number> = {}): string {
  const entry = facts.strings[key];
  if (!entry) throw new Error(`data/strings.json: missing string "${key}"`);
  return local(entry, language).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function listOf(items: string[], language: Language): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
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

/** "Yes. " before a fact that affirms what was asked, when nothing in the question contradicts it. */
export function yesFirst(request: AnswerRequest, text: string): string {
  return request.yesNo && !request.mentionsOtherCountry ? `${say(request.facts, request.language, 'yes')} ${text}` : text;
}

export function subjectIds(request: AnswerRequest, type: Subject['type']): string[] {
  return request.subjects.filter((s) => s.type === type).map((s) => s.id);
}
