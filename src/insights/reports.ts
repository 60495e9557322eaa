// The two reports for a terminal (npm run report:unanswered, npm run report:feedback), from the same
// turn events and the same sums as the insights page. What people typed is made printable first: a
// report must not let it move the cursor, forge a line or hide characters (printable.ts).
import { printable } from '../conversation/printable.js';
import type { DeclinedGroup } from './declinedGroups.js';
import type { TopicRatings } from './summary.js';

/** The commonest kinds of declined question, with examples and the topic each would be classified as. */
export function declinedReport(groups: DeclinedGroup[], declined: number, source: string, kinds = 20): string[] {
  const shown = groups.slice(0, kinds);
  return [
    `${declined} declined questions in ${printable(source)}; the ${shown.length} commonest kinds:`,
    '',
    ...shown.flatMap((g, i) => [
      `${String(i + 1).padStart(2)}. ×${g.count}  [${g.languages.map(printable).join('/')}] would be classified as ${
        g.wouldBe ? `${printable(g.wouldBe.intent)} (${g.wouldBe.score.toFixed(2)})` : '—'
      }`,
      ...g.examples.slice(0, 3).map((example) => `    e.g. ${printable(example)}`),
    ]),
  ];
}

/** 👍/👎 per topic, worst first, with the questions rated 👎. */
export function ratingsReport(ratings: TopicRatings[], source: string): string[] {
  const rated = ratings.reduce((sum, r) => sum + r.up + r.down, 0);
  const names = ratings.map((r) => printable(r.intent));
  const width = Math.max(6, ...names.map((name) => name.length));
  return [
    `${rated} ratings in ${printable(source)}, ${ratings.length} intents, worst-rated first:`,
    '',
    `${'intent'.padEnd(width)}    👍    👎`,
    ...ratings.flatMap((r, i) => [
      `${names[i]!.padEnd(width)} ${String(r.up).padStart(5)} ${String(r.down).padStart(5)}`,
      ...r.downExamples.map((example) => `${' '.repeat(width)}   👎 ${printable(example)}`),
    ]),
  ];
}
