// What the turn events of a period add up to, for the insights page, its CSV files and the reports:
// conversations and messages per day by language and channel, how the questions ended, the top
// topics, the declined questions (grouped later, see declinedGroups.ts) and the ratings per topic.
// Events are added one at a time, as they are read, so a period's events are never all held at once.
import type { DeclinedQuestion } from './declinedGroups.js';
import { day, type Period } from './eventLogTypes.js';
import type { TurnEvent } from './events.js';

/** How a question ended (a rating is not a question). */
export const questionOutcomes = ['answered', 'referred', 'clarified', 'declined', 'unavailable'] as const;
type QuestionOutcome = (typeof questionOutcomes)[number];

interface Count {
  conversations: number;
  messages: number;
}

interface DayCounts extends Count {
  /** YYYY-MM-DD (UTC). */
  day: string;
  languages: Record<string, Count>;
  channels: Record<string, Count>;
}

export interface TopicRatings {
  intent: string;
  up: number;
  down: number;
  /** A few distinct questions rated 👎, most recent first. */
  downExamples: string[];
}

export interface Tally {
  /** The first and the last day of the period (YYYY-MM-DD, UTC). */
  firstDay: string;
  lastDay: string;
  totals: Count & { questions: number; ratings: number };
  days: DayCounts[];
  /** Languages and channels seen, commonest first. */
  languages: string[];
  channels: string[];
  outcomes: { outcome: QuestionOutcome; count: number }[];
  /** Questions per topic, commonest first. */
  topics: { intent: string; count: number }[];
  declined: DeclinedQuestion[];
  /** Worst first. */
  ratings: TopicRatings[];
}

/** What a language is called when an event has none (the conversation's memory could not be reached). */
const unknownLanguage = 'unknown';
const examplesPerTopic = 3;

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

interface Seen {
  conversations: Set<string>;
  messages: number;
}

interface DaySeen {
  all: Seen;
  languages: Map<string, Seen>;
  channels: Map<string, Seen>;
}

export class EventTally {
  private readonly days = new Map<string, DaySeen>();
  private readonly conversations = new Set<string>();
  private messages = 0;
  private readonly outcomes = new Map<string, number>();
  private readonly topics = new Map<string, number>();
  private readonly declined: DeclinedQuestion[] = [];
  private readonly rated: TurnEvent[] = [];

  /**
   * @param isTopic whether an intent is a topic of the fact base (not small talk nor a decline)
   */
  constructor(
    private readonly period: Period,
    private readonly isTopic: (intent: string) => boolean,
  ) {
    for (let time = period.from.getTime(); time < period.to.getTime(); time += day)
      this.days.set(dayOf(time), { all: seen(), languages: new Map(), channels: new Map() });
  }

  /** An event outside the period is left out. */
  add(event: TurnEvent): void {
    const day = this.dayCounts(Date.parse(event.time));
    if (!day) return;
    this.countMessage(day, event);
    if (event.outcome === 'rated') this.addRating(event);
    else this.addQuestion(event);
  }

  /** The counts of the day a time falls on; none outside the period. */
  private dayCounts(time: number): DaySeen | undefined {
    if (!(time >= this.period.from.getTime() && time < this.period.to.getTime())) return undefined;
    return this.days.get(dayOf(time));
  }

  /** Every message counts, a rating too: in the period, on its day, for its language and for its channel. */
  private countMessage(day: DaySeen, event: TurnEvent): void {
    this.messages++;
    this.conversations.add(event.conversation);
    count(day.all, event.conversation);
    count(entry(day.languages, event.language ?? unknownLanguage), event.conversation);
    count(entry(day.channels, event.channel), event.conversation);
  }

  /** A rating is kept for its topic when it says which answer it rates and how. */
  private addRating(event: TurnEvent): void {
    if (event.rating && event.intent) this.rated.push(event);
  }

  /**
   * A question counts for how it ended; for its topic when answered or referred from the fact base (small
   * talk is not a topic); and, declined, its masked text is kept to be grouped.
   */
  private addQuestion(event: TurnEvent): void {
    this.outcomes.set(event.outcome, (this.outcomes.get(event.outcome) ?? 0) + 1);
    if ((event.outcome === 'answered' || event.outcome === 'referred') && event.intent && this.isTopic(event.intent))
      this.topics.set(event.intent, (this.topics.get(event.intent) ?? 0) + 1);
    if (event.outcome === 'declined' && event.question && event.language)
      this.declined.push({ text: event.question, language: event.language, time: event.time });
  }

  tally(): Tally {
    const days = [...this.days].map(([day, counts]) => ({
      day,
      ...counted(counts.all),
      languages: Object.fromEntries([...counts.languages].map(([k, v]) => [k, counted(v)])),
      channels: Object.fromEntries([...counts.channels].map(([k, v]) => [k, counted(v)])),
    }));
    const outcomes = questionOutcomes
      .map((outcome) => ({ outcome, count: this.outcomes.get(outcome) ?? 0 }))
      .filter((o) => o.outcome !== 'unavailable' || o.count > 0);
    const ratings = summarizeRatings(this.rated);
    return {
      firstDay: days[0]?.day ?? dayOf(this.period.from.getTime()),
      lastDay: days.at(-1)?.day ?? dayOf(this.period.from.getTime()),
      totals: {
        conversations: this.conversations.size,
        messages: this.messages,
        questions: outcomes.reduce((sum, o) => sum + o.count, 0),
        ratings: ratings.reduce((sum, r) => sum + r.up + r.down, 0),
      },
      days,
      languages: commonest(days, 'languages', ['en', 'fr']),
      channels: commonest(days, 'channels'),
      outcomes,
      topics: [...this.topics]
        .map(([intent, n]) => ({ intent, count: n }))
        .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)),
      declined: this.declined,
      ratings,
    };
  }
}

/**
 * 👍/👎 per topic, worst first: by the share of 👎, counted as if each topic had one 👍 and one 👎 more
 * (so that a single 👎 does not outrank 30 of 40), then by the number of 👎.
 */
export function summarizeRatings(events: TurnEvent[]): TopicRatings[] {
  const byIntent = new Map<string, TopicRatings>();
  for (const event of [...events].sort((a, b) => b.time.localeCompare(a.time))) {
    if (!event.intent || !event.rating) continue;
    let topic = byIntent.get(event.intent);
    if (!topic) byIntent.set(event.intent, (topic = { intent: event.intent, up: 0, down: 0, downExamples: [] }));
    if (event.rating === 'up') topic.up++;
    else {
      topic.down++;
      if (
        event.question &&
        topic.downExamples.length < examplesPerTopic &&
        !topic.downExamples.includes(event.question)
      )
        topic.downExamples.push(event.question);
    }
  }
  const badness = (t: TopicRatings) => (t.down + 1) / (t.up + t.down + 2);
  return [...byIntent.values()].sort(
    (a, b) => badness(b) - badness(a) || b.down - a.down || a.intent.localeCompare(b.intent),
  );
}

function seen(): Seen {
  return { conversations: new Set(), messages: 0 };
}

function entry(map: Map<string, Seen>, key: string): Seen {
  let found = map.get(key);
  if (!found) map.set(key, (found = seen()));
  return found;
}

function count(counts: Seen, conversation: string): void {
  counts.messages++;
  counts.conversations.add(conversation);
}

function counted(counts: Seen): Count {
  return { conversations: counts.conversations.size, messages: counts.messages };
}

/** The keys seen over the days: `first` (those seen), then the others by messages, commonest first. */
function commonest(days: DayCounts[], field: 'languages' | 'channels', first: string[] = []): string[] {
  const totals = new Map<string, number>();
  for (const day of days)
    for (const [key, c] of Object.entries(day[field])) totals.set(key, (totals.get(key) ?? 0) + c.messages);
  const others = [...totals.keys()]
    .filter((key) => !first.includes(key))
    .sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
  return [...first.filter((key) => totals.has(key)), ...others];
}
