// Sums up the feedback log per intent, worst-rated first, with examples of the questions whose answers
// did not help (npm run report:feedback).
import type { FeedbackEntry } from './feedback.js';

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
