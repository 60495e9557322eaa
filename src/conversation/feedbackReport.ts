// Sums up the feedback log per intent, worst-rated first, with examples of the questions whose answers
// did not help (npm run report:feedback).
import type { FeedbackEntry } from './feedback.js';
import { printable } from './printable.js';

export interface IntentFeedback {
  intent: string;
  up: number;
  down: number;
  /** A few distinct questions rated 👎, most recent first. */
  downExamples: string[];
}

const examplesPerIntent = 3;

/**
 * Worst first: by the share of 👎, counted as if each intent had one 👍 and one 👎 more (so that a
 * single 👎 does not outrank 30 of 40), then by the number of 👎.
 */
export function summarizeFeedback(entries: FeedbackEntry[]): IntentFeedback[] {
  const byIntent = new Map<string, IntentFeedback>();
  for (const entry of [...entries].sort((a, b) => b.time.localeCompare(a.time))) {
    let summary = byIntent.get(entry.intent);
    if (!summary) byIntent.set(entry.intent, (summary = { intent: entry.intent, up: 0, down: 0, downExamples: [] }));
    if (entry.rating === 'up') summary.up++;
    else {
      summary.down++;
      if (summary.downExamples.length < examplesPerIntent && !summary.downExamples.includes(entry.question))
        summary.downExamples.push(entry.question);
    }
  }
  const badness = (s: IntentFeedback) => (s.down + 1) / (s.up + s.down + 2);
  return [...byIntent.values()].sort(
    (a, b) => badness(b) - badness(a) || b.down - a.down || a.intent.localeCompare(b.intent),
  );
}

/** The report npm run report:feedback prints: 👍/👎 per intent, worst first, logged text made printable. */
export function feedbackReport(logged: FeedbackEntry[], source: string): string[] {
  // A line of the log is only trusted to be JSON: entries of another shape are skipped.
  const entries = logged.filter(
    (e) =>
      (e.rating === 'up' || e.rating === 'down') &&
      typeof e.time === 'string' &&
      typeof e.intent === 'string' &&
      typeof e.question === 'string',
  );
  const summaries = summarizeFeedback(entries);
  const rated = summaries.reduce((sum, s) => sum + s.up + s.down, 0);
  const names = summaries.map((s) => printable(s.intent));
  const width = Math.max(6, ...names.map((name) => name.length));
  return [
    `${rated} ratings in ${printable(source)}, ${summaries.length} intents, worst-rated first:`,
    '',
    `${'intent'.padEnd(width)}    👍    👎`,
    ...summaries.flatMap((s, i) => [
      `${names[i]!.padEnd(width)} ${String(s.up).padStart(5)} ${String(s.down).padStart(5)}`,
      ...s.downExamples.map((example) => `${' '.repeat(width)}   👎 ${printable(example)}`),
    ]),
  ];
}
