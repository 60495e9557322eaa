// The turn event: one per message a person sends, written for the people who keep the bot (the
// insights page, npm run report:*). What it holds is what the turn's log line holds — time, hashed
// conversation id, channel, language, intent, score, outcome, rating — and, only when the bot declined
// the question or the person rated the answer down, the question itself with personal information
// masked. Never the text of any other message, never a conversation id.
import type { Language } from '../facts/schema.js';
import type { TurnResult } from '../conversation/assistant.js';
import type { Rating } from '../conversation/feedback.js';
import type { TurnOutcome } from '../conversation/outcome.js';
import { maskedAndShortened } from '../conversation/personalInformation.js';

export const outcomes = ['answered', 'referred', 'clarified', 'declined', 'rated', 'unavailable'] as const;

export interface TurnEvent {
  /** ISO 8601, UTC. */
  time: string;
  /** The conversation id's hash (logger.ts conversationHash): counts conversations, names none. */
  conversation: string;
  channel: string;
  /** The language the reply was in (absent when the conversation's memory could not be reached). */
  language?: Language;
  /** The intent acted on; for a rating, the rated answer's intent. */
  intent?: string;
  /** The classifier's probability of the best intent, to 3 decimals. */
  score?: number;
  outcome: TurnOutcome;
  rating?: Rating;
  /** The question, masked, when it was declined or its answer rated down; otherwise absent. */
  question?: string;
}

/** A declined question is kept up to this many characters: enough to see what was asked. */
export const longestKeptQuestion = 500;

export interface TurnFacts {
  time: Date;
  conversation: string;
  channel: string;
  outcome: TurnOutcome;
  /** The decided turn; absent when the conversation's memory could not be reached. */
  turn?: TurnResult | undefined;
  rating?: Rating | undefined;
}

export function turnEvent({ time, conversation, channel, outcome, turn, rating }: TurnFacts): TurnEvent {
  const event: TurnEvent = { time: time.toISOString(), conversation, channel, outcome };
  if (turn) event.language = turn.language;
  if (rating) event.rating = rating;
  if (turn?.rated) {
    // The rated question was masked when the conversation remembered it.
    event.intent = turn.rated.intent;
    event.score = turn.rated.score;
    if (turn.rated.rating === 'down') event.question = turn.rated.question;
    return event;
  }
  if (turn?.resolution) event.intent = turn.resolution.intent;
  if (turn?.recognition) event.score = Math.round(turn.recognition.score * 1000) / 1000;
  if (outcome === 'declined' && turn?.recognition)
    event.question = maskedAndShortened(turn.recognition.text, longestKeptQuestion);
  return event;
}

const languages = new Set(['en', 'fr']);
const outcomeNames = new Set<string>(outcomes);

/** An event read back, when it has the shape written (stored lines are only trusted to be JSON). */
export function isTurnEvent(value: unknown): value is TurnEvent {
  if (!value || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.time === 'string' &&
    !Number.isNaN(Date.parse(e.time)) &&
    typeof e.conversation === 'string' &&
    typeof e.channel === 'string' &&
    typeof e.outcome === 'string' &&
    outcomeNames.has(e.outcome) &&
    (e.language === undefined || (typeof e.language === 'string' && languages.has(e.language))) &&
    (e.intent === undefined || typeof e.intent === 'string') &&
    (e.score === undefined || typeof e.score === 'number') &&
    (e.rating === undefined || e.rating === 'up' || e.rating === 'down') &&
    (e.question === undefined || typeof e.question === 'string')
  );
}
