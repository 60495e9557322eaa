// npm run report:unanswered [-- FILE] — the 20 commonest kinds of question the bot declined, from the
// unanswered log (UNANSWERED_LOG, by default logs/unanswered.jsonl) and its rotated files.
import { fileURLToPath } from 'node:url';
import { logFiles, readJsonLines } from '../src/conversation/jsonLines.js';
import type { UnansweredEntry } from '../src/conversation/unanswered.js';
import { unansweredReport } from '../src/conversation/unansweredReport.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] || process.env.UNANSWERED_LOG || `${root}logs/unanswered.jsonl`;
const files = logFiles(file);
if (!files.length) {
  console.log(`no unanswered questions logged yet (${file})`);
  process.exit(0);
}
const entries = files.flatMap((path) => readJsonLines<UnansweredEntry>(path));
console.log(
  unansweredReport(entries, files.length > 1 ? `${file} (and ${files.length - 1} rotated)` : file).join('\n'),
);
