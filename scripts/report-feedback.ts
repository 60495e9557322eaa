// npm run report:feedback [-- [--days N] [FILE]] — 👍/👎 per intent, worst-rated first, with the
// questions rated 👎, as on the insights page, from the turn events (see scripts/reportEvents.ts).
import { ratingsReport } from '../src/insights/reports.js';
import { reportInput } from './reportEvents.js';

const { tally, where } = await reportInput();
if (!tally.ratings.length) console.log(`no ratings recorded (${where})`);
else console.log(ratingsReport(tally.ratings, where).join('\n'));
