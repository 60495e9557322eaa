// Turns an Answer into what a channel shows: Markdown text with the caution and source lines, a plain
// spoken version for screen readers and voice, the suggested next questions, and a card when the
// answer has one.
import { formatAsOf, local, say, sourceUrl } from '../answers/compose.js';
import type { Answer, SourceReference } from '../answers/types.js';
import type { FactBase } from '../facts/loader.js';
import type { Language, Source } from '../facts/schema.js';
import { adaptiveCard, type AdaptiveCard } from './adaptiveCard.js';

export interface RenderedReply {
  /** The whole answer as Markdown: what channels without cards show. */
  text: string;
  /** The first sentence: the summary of a message that is a card, which notifications and chat lists show. */
  lead: string;
  speak: string;
  suggestions: string[];
  /** The same answer as an Adaptive Card, for channels that render cards. */
  card?: AdaptiveCard;
}

export function renderAnswer(answer: Answer, facts: FactBase, language: Language): RenderedReply {
  const parts = [answer.text, ...answer.cautions.map((c) => `_${c}_`)];
  const sources = sourceLinks(answer.sources, facts, language);
  const sourceLine = sources.length
    ? `${say(facts, language, 'sourceLabel')}: ${sources.map((s) => `[${s.title}](${s.url}) (${s.asOf})`).join('; ')}`
    : '';
  if (sourceLine) parts.push(sourceLine);
  const text = parts.join('\n\n');
  const speak = toSpeech([answer.text, ...answer.cautions].join(' '));
  const card = answer.card
    ? adaptiveCard(answer.card, { cautions: answer.cautions, sourceLine, sources, speak, fallbackText: text })
    : undefined;
  return {
    text,
    lead: answer.lead ?? firstSentence(answer.text, language),
    speak,
    suggestions: answer.suggestions,
    ...(card ? { card } : {}),
  };
}

/**
 * Several answers in one reply (a message that asked several questions): each with its own source line,
 * one after the other, as text; the next questions are the last answer's.
 */
export function renderAnswers(answers: Answer[], facts: FactBase, language: Language): RenderedReply {
  if (answers.length === 1) return renderAnswer(answers[0]!, facts, language);
  const rendered = answers.map(({ card: _card, ...text }) => renderAnswer(text, facts, language));
  return {
    text: rendered.map((r) => r.text).join('\n\n'),
    lead: rendered[0]!.lead,
    speak: rendered.map((r) => r.speak).join(' '),
    suggestions: rendered.at(-1)!.suggestions,
  };
}

/** Each source once, in the answer's language, with what its date means (published, or retrieved). */
function sourceLinks(
  sources: SourceReference[],
  facts: FactBase,
  language: Language,
): { title: string; url: string; asOf: string }[] {
  const seen = new Set<string>();
  const links: { title: string; url: string; asOf: string }[] = [];
  for (const ref of sources) {
    if (seen.has(ref.id)) continue;
    seen.add(ref.id);
    const source = facts.sources.get(ref.id);
    if (!source) continue;
    const url = sourceUrl(source, language);
    links.push({ title: local(source.title, language), url, asOf: dateLabel(source, ref.asOf, facts, language) });
  }
  return links;
}

/**
 * "published on August 22, 2018", "published in 2024", "retrieved on November 25, 2026": a date says
 * what it is, so nobody reads the day a page was stored as the day its figures were true. A stored
 * copy says so: the link goes to the live page, which may have changed.
 */
function dateLabel(source: Source, date: string, facts: FactBase, language: Language): string {
  const formatted = formatAsOf(date, language);
  if (source.dates === 'published') {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(date);
    return say(facts, language, day ? 'datePublishedOn' : 'datePublishedIn', { date: formatted });
  }
  if (source.dates === 'checked') return say(facts, language, 'dateChecked', { date: formatted });
  return say(facts, language, source.storedCopy ? 'dateStoredCopy' : 'dateRetrievedOn', { date: formatted });
}

const sentenceSegmenters = new Map<Language, Intl.Segmenter>();

/**
 * The first sentence of a Markdown answer, by the Unicode sentence rules ("Washington, D.C. and 12
 * consulates" is one sentence; a paragraph or list item ends one). A bare "Yes." or "Bonjour!"
 * keeps the sentence after it.
 */
export function firstSentence(markdown: string, language: Language): string {
  // The same answers come back again and again, and ICU's sentence breaking is the slowest step of rendering.
  const key = `${language}\n${markdown}`;
  let lead = leads.get(key);
  if (lead === undefined) {
    lead = findFirstSentence(markdown, language);
    if (leads.size >= keptLeads) leads.clear();
    leads.set(key, lead);
  }
  return lead;
}

const leads = new Map<string, string>();
const keptLeads = 1000;

function findFirstSentence(markdown: string, language: Language): string {
  let segmenter = sentenceSegmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
    sentenceSegmenters.set(language, segmenter);
  }
  let lead = '';
  for (const { segment } of segmenter.segment(markdown.trim())) {
    lead += segment;
    if (wordCount(lead) > 1 || segment.includes('\n')) break;
  }
  return lead.trim();
}

/** Words as a reader counts them: "9 000" and "Canada–US" are one each, a lone dash none. */
export function wordCount(text: string): number {
  return text
    .replace(/(\d)[\u00a0\u202f ](?=\d{3}(?!\d))/g, '$1')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Markdown out, words in: what a screen reader or a voice channel should say. */
function toSpeech(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[*_`#]/g, '')
    .replace(/^\s*-\s+/gm, '')
    .replace(/\s*\n+\s*/g, '. ')
    .replace(/:\.\s/g, ': ')
    .replace(/\.\s*\./g, '.')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
