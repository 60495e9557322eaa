// npm run report:unanswered [-- FILE] — the 20 commonest kinds of question the bot declined, from the
// unanswered log (UNANSWERED_LOG, by default logs/unanswered.jsonl).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readJsonLines } from '../src/conversation/jsonLines.js';
import type { UnansweredEntry } from '../src/conversation/unanswered.js';
import { groupUnanswered } from '../src/conversation/unansweredReport.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] ?? process.env.UNANSWERED_LOG ?? `${root}logs/unanswered.jsonl`;
if (!existsSync(file)) {
  console.log(`no unanswered questions logged yet (${file})`);
  process.exit(0);
}
const entries = readJsonLines<UnansweredEntry>(file);
const groups = groupUnanswered(entries).slice(0, 20);
console.log(`${entries.length} declined questions in ${file}; the ${groups.length} commonest kinds:\n`);
groups.forEach((g, i) =>
  console.log(
    `${String(i + 1).padStart(2)}. ×${g.count}  [${g.languages.join('/')}] nearest intent ${g.nearestIntent}\n    e.g. ${g.example}`,
  ),
);
