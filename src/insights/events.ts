// The turn event: one per message a person sends, written for the people who keep the bot (the
// insights page, npm run report:*). What it holds is what the turn's log line holds — time, hashed
// conversation id, channel, language, intent, score, outcome, rating — and, only when the bot declined
// the question or the person rated the answer down, the question itself with personal information
// masked. Never the text of any other message, never a conversation id.
import type { Language } from '../facts/schema.js';
import type { TurnResult } from '../conversation/assistant.js';
import type { FeedbackEntry, Rating } from '../conversation/feedback.js';
import type { TurnOutcome } from '../conversation/outcome.js';
import { maskedAndShortened } from '../conversation/personalInformation.js';

const outcomes = ['answered', 'referred', 'clarified', 'declined', 'rated', 'unavailable'] as const;

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
const longestKeptQuestion = 500;

export interface TurnFacts {
  time: Date;
  conversation: string;
  channel: string;
  outcome: TurnOutcome;
  /** The decided turn; absent when the conversation's memory could not be reached. */
  turn?: TurnResult | undefined;
  rating?: Rating | undefined;
}

/** The event of a turn, from what the bot decided (see the module's comment for what it may hold). */
export function turnEvent({ time, conversation, channel, outcome, turn, rating }: TurnFacts): TurnEvent {
  const event: TurnEvent = { time: time.toISOString(), conversation, channel, outcome };
  if (turn) event.language = turn.language;
  if (rating) event.rating = rating;
  if (turn?.rated) return Object.assign(event, ratedAnswer(turn.rated));
  if (turn) Object.assign(event, askedQuestion(turn, outcome));
  return event;
}

type AnswerFields = Pick<TurnEvent, 'intent' | 'score' | 'question'>;

/**
 * A rating is about the answer rated: its intent and score, and its question only when rated down (the
 * question was masked when the conversation remembered it).
 */
function ratedAnswer(rated: FeedbackEntry): AnswerFields {
  const fields = { intent: rated.intent, score: rated.score };
  return rated.rating === 'down' ? { ...fields, question: rated.question } : fields;
}

/**
 * A question: the intent acted on and the classifier's score; its text (masked, shortened) only when it
 * was declined, so that the keepers can see what the bot could not answer.
 */
function askedQuestion(turn: TurnResult, outcome: TurnOutcome): AnswerFields {
  const fields: AnswerFields = {};
  if (turn.resolution) fields.intent = turn.resolution.intent;
  if (turn.recognition) fields.score = Math.round(turn.recognition.score * 1000) / 1000;
  if (outcome === 'declined' && turn.recognition)
    fields.question = maskedAndShortened(turn.recognition.text, longestKeptQuestion);
  return fields;
}

const languages = new Set(['en', 'fr']);
const outcomeNames = new Set<string>(outcomes);

type Check = (value: unknown) => boolean;
const isString: Check = (value) => typeof value === 'string';
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);

/** How each field of a stored event is checked: every field of TurnEvent has one (the type says so). */
const fieldChecks: { [Field in keyof TurnEvent]-?: Check } = {
  time: (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
  conversation: isString,
  channel: isString,
  outcome: (value) => typeof value === 'string' && outcomeNames.has(value),
  language: optional((value) => typeof value === 'string' && languages.has(value)),
  intent: optional(isString),
  score: optional((value) => typeof value === 'number'),
  rating: optional((value) => value === 'up' || value === 'down'),
  question: optional(isString),
};
const checkedFields = Object.entries(fieldChecks);

/**
 * An event read back, when it has the shape written (stored lines are only trusted to be JSON). Checked
 * by a table, not with zod: every event of a period is checked as it is read, and zod took five to
 * twenty times as long per event.
 */
export function isTurnEvent(value: unknown): value is TurnEvent {
  if (!value || typeof value !== 'object') return false;
  const event = value as Record<string, unknown>;
  return checkedFields.every(([field, check]) => check(event[field]));
}
