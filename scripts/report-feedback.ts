// npm run report:feedback [-- FILE] — 👍/👎 per intent, worst-rated first, with examples of the
// questions rated 👎, from the feedback log (FEEDBACK_LOG, by default logs/feedback.jsonl) and its rotated files.
import { fileURLToPath } from 'node:url';
import type { FeedbackEntry } from '../src/conversation/feedback.js';
import { feedbackReport } from '../src/conversation/feedbackReport.js';
import { logFiles, readJsonLines } from '../src/conversation/jsonLines.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] || process.env.FEEDBACK_LOG || `${root}logs/feedback.jsonl`;
const files = logFiles(file);
if (!files.length) {
  console.log(`no feedback logged yet (${file})`);
  process.exit(0);
}
const entries = files.flatMap((path) => readJsonLines<FeedbackEntry>(path));
console.log(feedbackReport(entries, files.length > 1 ? `${file} (and ${files.length - 1} rotated)` : file).join('\n'));
