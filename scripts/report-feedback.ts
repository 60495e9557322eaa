// npm run report:feedback [-- FILE] — 👍/👎 per intent, worst-rated first, with examples of the
// questions rated 👎, from the feedback log (FEEDBACK_LOG, by default logs/feedback.jsonl).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeedbackEntry } from '../src/conversation/feedback.js';
import { summarizeFeedback } from '../src/conversation/feedbackReport.js';
import { readJsonLines } from '../src/conversation/jsonLines.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] || process.env.FEEDBACK_LOG || `${root}logs/feedback.jsonl`;
if (!existsSync(file)) {
  console.log(`no feedback logged yet (${file})`);
  process.exit(0);
}
const entries = readJsonLines<FeedbackEntry>(file).filter((entry) => entry.rating === 'up' || entry.rating === 'down');
const summaries = summarizeFeedback(entries);
console.log(`${entries.length} ratings in ${file}, ${summaries.length} intents, worst-rated first:\n`);
const width = Math.max(6, ...summaries.map((s) => s.intent.length));
console.log(`${'intent'.padEnd(width)}    👍    👎`);
for (const s of summaries) {
  console.log(`${s.intent.padEnd(width)} ${String(s.up).padStart(5)} ${String(s.down).padStart(5)}`);
  for (const example of s.downExamples) console.log(`${' '.repeat(width)}   👎 ${example}`);
}
