// Feedback on answers: 👍 / 👎 under every answer from the fact base, recorded (in the turn's event)
// with the question it rates, personal information masked, for finding the answers that do not help.
import type { Language } from '../facts/schema.js';
import { maskedAndShortened } from './personalInformation.js';

export type Rating = 'up' | 'down';

/** The question an answer replied to, kept in the conversation's memory until it is rated. */
export interface RateableQuestion {
  /** Masked and shortened: conversation state may live in shared storage. */
  text: string;
  intent: string;
  /** The classifier's probability of that intent, to 3 decimals. */
  score: number;
  language: Language;
}

/** A rating with the question it rates. */
export interface FeedbackEntry {
  time: string;
  rating: Rating;
  language: Language;
  question: string;
  intent: string;
  score: number;
}

/** Long enough to recognize a question in the report, short enough to keep the state small. */
const longestRememberedQuestion = 200;

export function rateableQuestion(text: string, intent: string, score: number, language: Language): RateableQuestion {
  return {
    text: maskedAndShortened(text, longestRememberedQuestion),
    intent,
    score: Math.round(score * 1000) / 1000,
    language,
  };
}

export function feedbackEntry(rating: Rating, question: RateableQuestion, time = new Date()): FeedbackEntry {
  return {
    time: time.toISOString(),
    rating,
    language: question.language,
    question: question.text,
    intent: question.intent,
    score: question.score,
  };
}

/** The rating a button's payload carries (`{ feedback: 'up' }`), if any. */
export function ratingInValue(value: unknown): Rating | undefined {
  const feedback = value && typeof value === 'object' ? (value as { feedback?: unknown }).feedback : undefined;
  return feedback === 'up' || feedback === 'down' ? feedback : undefined;
}

/** A bare thumb, any skin tone, with or without the emoji variation selector. */
const bareThumb = /^(👍|👎)\p{Emoji_Modifier}?\uFE0F?$/u;

/** The rating a message is, when it is exactly one of the feedback labels (any language) or a bare thumb. */
export function ratingInText(
  text: string,
  labels: Record<Language, Record<Rating, string>>,
): { rating: Rating; language?: Language } | undefined {
  const folded = fold(text);
  for (const [language, byRating] of Object.entries(labels) as [Language, Record<Rating, string>][]) {
    for (const rating of ['up', 'down'] as const) if (folded === fold(byRating[rating])) return { rating, language };
  }
  const thumb = bareThumb.exec(folded);
  return thumb ? { rating: thumb[1] === '👍' ? 'up' : 'down' } : undefined;
}

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
