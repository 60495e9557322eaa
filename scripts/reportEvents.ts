// What both reports read: the turn events of the last days (all those kept, by default), from where
// the bot keeps them (EVENTS_LOG or, with STORAGE=blob, EVENTS_CONTAINER, as .env or the environment
// says) or from a JSON-lines file named on the command line, added up as the insights page does.
// usage: npm run report:unanswered|report:feedback [-- [--days N] [FILE]]
import dotenv from 'dotenv';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { answerTable } from '../src/answers/index.js';
import { readConfig } from '../src/config.js';
import { loadFactBase } from '../src/facts/loader.js';
import { createEventLog, day, type EventLog } from '../src/insights/eventLog.js';
import { InsightsBuilder } from '../src/insights/insights.js';
import { JsonLinesEventLog } from '../src/insights/jsonLinesEventLog.js';
import type { Tally } from '../src/insights/summary.js';
import { loadInsightsStrings } from '../src/insights/tables.js';
import { loadIntents } from '../src/nlu/corpus.js';
import { trainedRecognizers } from '../src/nlu/modelFile.js';

export async function reportInput(): Promise<{ tally: Tally; builder: InsightsBuilder; where: string }> {
  dotenv.config({ quiet: true });
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { values, positionals } = parseArgs({ options: { days: { type: 'string' } }, allowPositionals: true });
  const config = readConfig(process.env, root);
  const file = positionals[0];
  const retentionDays = config.events.kind === 'off' ? 90 : config.events.retentionDays;
  const days = values.days ? Number(values.days) : retentionDays;
  if (!Number.isInteger(days) || days < 1) throw new Error(`--days: a whole number of days, not ${values.days}`);
  const events: EventLog = file ? new JsonLinesEventLog(file) : createEventLog(config.events);
  const facts = loadFactBase(config.dataDir);
  const { recognizers } = trainedRecognizers(config.modelFile, facts, loadIntents(config.intentsDir));
  const builder = new InsightsBuilder({
    events,
    facts,
    routes: answerTable,
    classify: (text, language) => (recognizers[language] ?? recognizers.en).recognize(text).intents,
    strings: loadInsightsStrings(`${config.publicDir}/insights-strings.json`),
  });
  const now = Date.now();
  const today = Math.floor(now / day) * day;
  const tally = await builder.tally({ from: new Date(today - (days - 1) * day), to: new Date(today + day) });
  await events.close();
  return { tally, builder, where: `${events.where}, the last ${days} days` };
}
