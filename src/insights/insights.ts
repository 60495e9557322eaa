// The insights of a period, in a language: the events read and added up, the declined questions
// grouped, the tables built. The insights page (server/insightsPage.ts) and the reports call this; the
// period a keeper asks for is read here too, within what is kept.
import { say } from '../answers/compose.js';
import { fromFactBase, type AnswerRoute } from '../answers/types.js';
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import { groupDeclined, questionWords, type Classify } from './declinedGroups.js';
import { day, type EventLog, type Period } from './eventLogTypes.js';
import { EventTally, type Tally } from './summary.js';
import { insightsTables, percent, type InsightsStrings, type Table } from './tables.js';

export interface InsightsSources {
  events: EventLog;
  facts: FactBase;
  routes: Record<string, AnswerRoute>;
  /** The recognizer's probabilities, for the "would be classified as" hint. */
  classify: Classify;
  strings: Record<Language, InsightsStrings>;
}

export interface Insights {
  /** The first and last day shown (YYYY-MM-DD, UTC, both included). */
  period: { from: string; to: string };
  totals: Tally['totals'] & { declined: number; answeredShare: number };
  tables: Table[];
}

export class InsightsBuilder {
  private readonly words: (text: string) => string[];

  constructor(private readonly sources: InsightsSources) {
    this.words = questionWords(sources.facts);
  }

  /** The events of the period added up (the declined questions not yet grouped). */
  async tally(period: Period): Promise<Tally> {
    const tally = new EventTally(period, (intent) => fromFactBase(this.sources.routes[intent]));
    for await (const event of this.sources.events.events(period)) tally.add(event);
    return tally.tally();
  }

  async insights(period: Period, language: Language): Promise<Insights> {
    const tally = await this.tally(period);
    const tables = insightsTables(tally, this.declinedGroups(tally), {
      strings: this.sources.strings[language],
      topicName: (intent) => this.topicName(intent, language),
    });
    const declined = tally.outcomes.find((o) => o.outcome === 'declined')?.count ?? 0;
    const answered = tally.outcomes.find((o) => o.outcome === 'answered')?.count ?? 0;
    return {
      period: { from: tally.firstDay, to: tally.lastDay },
      totals: {
        ...tally.totals,
        declined,
        answeredShare: percent(answered, tally.totals.questions),
      },
      tables,
    };
  }

  /**
   * A topic in words: the question the bot suggests for it ("How long is the border?"), else its name in
   * the page's strings, else its intent.
   */
  topicName(intent: string, language: Language): string {
    if (this.sources.facts.strings[`suggest.${intent}`]) return say(this.sources.facts, language, `suggest.${intent}`);
    return this.sources.strings[language].topicNames[intent] ?? intent;
  }

  /** The period's declined questions, grouped by similarity. */
  declinedGroups(tally: Tally) {
    return groupDeclined(tally.declined, this.words, this.sources.classify);
  }
}

/** The number of days shown when no period is asked for. */
export const defaultDays = 7;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period of whole UTC days from `from` to `to` (both YYYY-MM-DD, both included), cut to the days
 * kept (the retention) up to today; `valid` is false when what was asked for was not a period, and the
 * last `defaultDays` days are given instead. Without either, the last `defaultDays` days.
 */
export function periodAskedFor(
  asked: { from?: string; to?: string },
  retentionDays: number,
  now = new Date(),
): { period: Period; valid: boolean } {
  const today = Math.floor(now.getTime() / day) * day;
  const lastDays = (days: number): Period => ({ from: new Date(today - (days - 1) * day), to: new Date(today + day) });
  if (!asked.from && !asked.to) return { period: lastDays(defaultDays), valid: true };
  const parse = (text: string | undefined) =>
    text && isoDay.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
      ? Date.parse(`${text}T00:00:00Z`)
      : undefined;
  const from = parse(asked.from);
  const to = parse(asked.to);
  if (from === undefined || to === undefined || from > to) return { period: lastDays(defaultDays), valid: false };
  // Before the retention nothing is kept, after today nothing happened yet.
  const first = Math.max(from, today - (retentionDays - 1) * day);
  const last = Math.min(to, today);
  if (first > last) return { period: lastDays(defaultDays), valid: false };
  return { period: { from: new Date(first), to: new Date(last + day) }, valid: true };
}
