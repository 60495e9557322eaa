// The insights as tables in a language: what the page shows under each chart, and what each CSV file
// holds (the same rows). The page's words come from public/insights-strings.json, checked at start-up.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Language } from '../facts/schema.js';
import type { DeclinedGroup } from './declinedGroups.js';
import { questionOutcomes, type Tally } from './summary.js';

export const tableIds = [
  'messages-by-language',
  'conversations-by-channel',
  'outcomes',
  'topics',
  'declined',
  'ratings',
] as const;
export type TableId = (typeof tableIds)[number];

const text = z.string().min(1);
const pageStrings = z
  .object({
    locale: text,
    title: text,
    heading: text,
    lead: text,
    privacy: text,
    signInTitle: text,
    signInLead: text,
    tokenLabel: text,
    tokenHint: text,
    signIn: text,
    signInFailed: text,
    signOut: text,
    periodTitle: text,
    from: text,
    to: text,
    dateHint: text,
    show: text,
    periodHint: text,
    lastDays: text,
    periodShown: text,
    periodInvalid: text,
    loading: text,
    loadFailed: text,
    noEvents: text,
    downloadCsv: text,
    chartNote: text,
    noscript: text,
    glanceTitle: text,
    totals: z
      .object({
        conversations: text,
        messages: text,
        questions: text,
        answeredShare: text,
        declined: text,
        ratings: text,
      })
      .strict(),
    tables: z.object(Object.fromEntries(tableIds.map((id) => [id, z.object({ title: text, description: text })]))),
    columns: z
      .object({
        day: text,
        messages: text,
        conversations: text,
        outcome: text,
        questions: text,
        share: text,
        topic: text,
        intent: text,
        timesAsked: text,
        examples: text,
        languages: text,
        wouldBe: text,
        up: text,
        down: text,
        helpfulShare: text,
        downExamples: text,
      })
      .strict(),
    outcomes: z.object(Object.fromEntries(questionOutcomes.map((o) => [o, text]))),
    languages: z.record(text),
    channels: z.record(text),
    /** Names of the topics that have no suggested question in data/strings.json. */
    topicNames: z.record(text),
    noHint: text,
    score: text,
  })
  .strict();

export type InsightsStrings = z.infer<typeof pageStrings> & {
  tables: Record<TableId, { title: string; description: string }>;
  outcomes: Record<(typeof questionOutcomes)[number], string>;
};

/** public/insights-strings.json, in both languages; a missing or empty string stops the start-up. */
export function loadInsightsStrings(path: string): Record<Language, InsightsStrings> {
  const parsed = z
    .object({ en: pageStrings, fr: pageStrings })
    .strict()
    .safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: field "${issue.path.join('.')}": ${issue.message}`);
  }
  return parsed.data as Record<Language, InsightsStrings>;
}

type Cell = string | number | string[];

interface Column {
  label: string;
  /** Numbers: shown in the language's number format, right-aligned; "percent" is 0 to 100. */
  kind?: 'number' | 'percent' | 'list';
}

export interface Table {
  id: TableId;
  title: string;
  description: string;
  columns: Column[];
  rows: Cell[][];
  /** The columns a chart draws as its series (indexes), and the column that labels each row. */
  chart?: { labels: number; series: number[] };
}

export interface TableContext {
  strings: InsightsStrings;
  /** A topic in words, in the page's language (the question the bot suggests for it), or its intent. */
  topicName: (intent: string) => string;
}

export const percent = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : 0);
const named = (names: Record<string, string>, key: string) => names[key] ?? key;
const topTopics = 15;

/** Every table, in the order of `tableIds`, titled and described in the context's language. */
export function insightsTables(tally: Tally, declined: DeclinedGroup[], context: TableContext): Table[] {
  const input: TableInput = { tally, declined, ...context };
  return tableIds.map((id) => ({ id, ...context.strings.tables[id], ...tableContents[id](input) }));
}

interface TableInput extends TableContext {
  tally: Tally;
  declined: DeclinedGroup[];
}

type TableContents = Pick<Table, 'columns' | 'rows' | 'chart'>;

/** What each table holds: one function per table (the type makes every table have one). */
const tableContents: Record<TableId, (input: TableInput) => TableContents> = {
  'messages-by-language': messagesByLanguage,
  'conversations-by-channel': conversationsByChannel,
  outcomes: outcomesTable,
  topics: topicsTable,
  declined: declinedTable,
  ratings: ratingsTable,
};

/** Per day: the messages in each language seen, then all messages and conversations; a line per language. */
function messagesByLanguage({ tally, strings }: TableInput): TableContents {
  const c = strings.columns;
  return {
    columns: [
      { label: c.day },
      ...tally.languages.map((l) => ({ label: named(strings.languages, l), kind: 'number' as const })),
      { label: c.messages, kind: 'number' },
      { label: c.conversations, kind: 'number' },
    ],
    rows: tally.days.map((d) => [
      d.day,
      ...tally.languages.map((l) => d.languages[l]?.messages ?? 0),
      d.messages,
      d.conversations,
    ]),
    chart: { labels: 0, series: tally.languages.map((_, i) => i + 1) },
  };
}

/** Per day: the conversations on each channel seen, then all conversations and messages; a line per channel. */
function conversationsByChannel({ tally, strings }: TableInput): TableContents {
  const c = strings.columns;
  return {
    columns: [
      { label: c.day },
      ...tally.channels.map((ch) => ({ label: named(strings.channels, ch), kind: 'number' as const })),
      { label: c.conversations, kind: 'number' },
      { label: c.messages, kind: 'number' },
    ],
    rows: tally.days.map((d) => [
      d.day,
      ...tally.channels.map((ch) => d.channels[ch]?.conversations ?? 0),
      d.conversations,
      d.messages,
    ]),
    chart: { labels: 0, series: tally.channels.map((_, i) => i + 1) },
  };
}

/** How the questions ended: each outcome's count and its share of all questions. */
function outcomesTable({ tally, strings }: TableInput): TableContents {
  const c = strings.columns;
  const { questions } = tally.totals;
  return {
    columns: [{ label: c.outcome }, { label: c.questions, kind: 'number' }, { label: c.share, kind: 'percent' }],
    rows: tally.outcomes.map((o) => [strings.outcomes[o.outcome], o.count, percent(o.count, questions)]),
    chart: { labels: 0, series: [1] },
  };
}

/** The `topTopics` commonest topics, each with its share of the questions answered from a topic. */
function topicsTable({ tally, strings, topicName }: TableInput): TableContents {
  const c = strings.columns;
  const questionsAnswered = tally.topics.reduce((sum, t) => sum + t.count, 0);
  return {
    columns: [
      { label: c.topic },
      { label: c.intent },
      { label: c.questions, kind: 'number' },
      { label: c.share, kind: 'percent' },
    ],
    rows: tally.topics
      .slice(0, topTopics)
      .map((t) => [topicName(t.intent), t.intent, t.count, percent(t.count, questionsAnswered)]),
    chart: { labels: 0, series: [2] },
  };
}

/** The declined questions' groups: times asked, examples, languages and the topic they would be. No chart. */
function declinedTable({ declined, strings, topicName }: TableInput): TableContents {
  const c = strings.columns;
  const probability = new Intl.NumberFormat(strings.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const wouldBe = (hint: DeclinedGroup['wouldBe']) =>
    hint
      ? `${topicName(hint.intent)} (${hint.intent}, ${strings.score.replace('{score}', probability.format(hint.score))})`
      : strings.noHint;
  return {
    columns: [
      { label: c.timesAsked, kind: 'number' },
      { label: c.examples, kind: 'list' },
      { label: c.languages },
      { label: c.wouldBe },
    ],
    rows: declined.map((g) => [
      g.count,
      g.examples,
      g.languages.map((l) => named(strings.languages, l)).join(', '),
      wouldBe(g.wouldBe),
    ]),
  };
}

/** 👍 and 👎 per topic (worst first, as summarizeRatings orders them), the share helpful and examples of 👎. */
function ratingsTable({ tally, strings, topicName }: TableInput): TableContents {
  const c = strings.columns;
  return {
    columns: [
      { label: c.topic },
      { label: c.intent },
      { label: c.up, kind: 'number' },
      { label: c.down, kind: 'number' },
      { label: c.helpfulShare, kind: 'percent' },
      { label: c.downExamples, kind: 'list' },
    ],
    rows: tally.ratings.map((r) => [
      topicName(r.intent),
      r.intent,
      r.up,
      r.down,
      percent(r.up, r.up + r.down),
      r.downExamples,
    ]),
    chart: { labels: 0, series: [2, 3] },
  };
}

/** A table as CSV (RFC 4180, a header row), safe to open in a spreadsheet. */
export function tableCsv(table: Table): string {
  const lines = [table.columns.map((column) => csvField(column.label)), ...table.rows.map((row) => row.map(csvField))];
  return `${lines.map((fields) => fields.join(',')).join('\r\n')}\r\n`;
}

/**
 * One CSV field. A list is joined with " | ". Text that a spreadsheet would run as a formula (it starts
 * with =, +, -, @, a tab or a carriage return: the questions are what anonymous people typed) is
 * prefixed with an apostrophe, as OWASP advises.
 */
function csvField(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  const value = Array.isArray(cell) ? cell.join(' | ') : cell;
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
