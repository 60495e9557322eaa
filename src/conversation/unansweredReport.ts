// Groups the declined questions of the unanswered log by their stemmed words, so the commonest
// missing topics show first (npm run report:unanswered).
import type { Language } from '../facts/schema.js';
import { stem } from '../nlu/features.js';
import { noneIntent } from '../nlu/recognizer.js';
import { foldAccents, tokenize } from '../nlu/text.js';
import { printable } from './printable.js';
import type { UnansweredEntry } from './unanswered.js';

export interface UnansweredGroup {
  count: number;
  example: string;
  languages: Language[];
  /** The intent the classifier most often leaned to, for a hint of where the question belongs. */
  nearestIntent: string;
}

/** Two questions are alike when they share this share of their stems (Jaccard). */
const alike = 0.5;

export function groupUnanswered(entries: UnansweredEntry[]): UnansweredGroup[] {
  const groups: { stems: Set<string>; entries: UnansweredEntry[] }[] = [];
  for (const entry of entries) {
    const stems = new Set(
      tokenize(entry.text)
        .map((t) => stem(foldAccents(t.lower), entry.language))
        .filter((s) => s.length > 2),
    );
    const home = groups.find((g) => jaccard(g.stems, stems) >= alike);
    if (home) home.entries.push(entry);
    else groups.push({ stems, entries: [entry] });
  }
  return groups
    .map((g) => {
      const intents = new Map<string, number>();
      for (const e of g.entries) {
        const nearest = e.top.find((t) => t.intent !== noneIntent)?.intent ?? noneIntent;
        intents.set(nearest, (intents.get(nearest) ?? 0) + 1);
      }
      return {
        count: g.entries.length,
        example: g.entries[0]!.text,
        languages: [...new Set(g.entries.map((e) => e.language))],
        nearestIntent: [...intents].sort((a, b) => b[1] - a[1])[0]![0],
      };
    })
    .sort((a, b) => b.count - a.count);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The report npm run report:unanswered prints: the commonest kinds first, logged text made printable. */
export function unansweredReport(logged: UnansweredEntry[], source: string, kinds = 20): string[] {
  // A line of the log is only trusted to be JSON: entries of another shape are skipped.
  const entries = logged.filter(
    (e) => typeof e.text === 'string' && typeof e.language === 'string' && Array.isArray(e.top),
  );
  const groups = groupUnanswered(entries).slice(0, kinds);
  return [
    `${entries.length} declined questions in ${printable(source)}; the ${groups.length} commonest kinds:`,
    '',
    ...groups.flatMap((g, i) => [
      `${String(i + 1).padStart(2)}. ×${g.count}  [${g.languages.map(printable).join('/')}] nearest intent ${printable(g.nearestIntent)}`,
      `    e.g. ${printable(g.example)}`,
    ]),
  ];
}
