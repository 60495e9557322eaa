// npm run report:unanswered [-- [--days N] [FILE]] — the 20 commonest kinds of question the bot
// declined, grouped as on the insights page, from the turn events (see scripts/reportEvents.ts).
import { declinedReport } from '../src/insights/reports.js';
import { reportInput } from './reportEvents.js';

const { tally, builder, where } = await reportInput();
if (!tally.declined.length) console.log(`no declined questions recorded (${where})`);
else console.log(declinedReport(builder.declinedGroups(tally), tally.declined.length, where).join('\n'));
