// Each turn records one event (time, hashed conversation, channel, language, intent, score, outcome,
// rating; the question, masked, only when declined or rated down), once even when the turn is decided
// again; the events add up per day, language, channel, outcome and topic; declined questions group by
// similarity with a "would be classified as" hint; JSON-lines events rotate and expire.
import { MemoryStorage, TestAdapter, type Storage } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AssistantBot } from '../../src/bot/assistantBot.js';
import { ConversationStore } from '../../src/bot/conversationStore.js';
import { groupDeclined, questionWords, type DeclinedQuestion } from '../../src/insights/declinedGroups.js';
import { day } from '../../src/insights/eventLog.js';
import { isTurnEvent, type TurnEvent } from '../../src/insights/events.js';
import { periodAskedFor } from '../../src/insights/insights.js';
import { appendJsonLine, jsonLinesIn, logFiles, readJsonLines } from '../../src/insights/jsonLines.js';
import { JsonLinesEventLog } from '../../src/insights/jsonLinesEventLog.js';
import { EventTally } from '../../src/insights/summary.js';
import { tableCsv, type Table } from '../../src/insights/tables.js';
import { conversationHash } from '../../src/logger.js';
import { testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const path = join(mkdtempSync(join(tmpdir(), 'events-')), 'events.jsonl');
// Built at import, not inside a test: training takes seconds on a busy machine (5-second test timeouts).
const app = testApp({ EVENTS_LOG: path });
const baseUrl = listenDuringTests(app.server);
const logged = (): TurnEvent[] => (existsSync(path) ? readJsonLines<TurnEvent>(path) : []);
beforeEach(() => rmSync(path, { force: true }));

async function send(conversationId: string, text: string, locale = 'en-US', channelId = 'emulator'): Promise<void> {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId,
      locale,
      conversation: { id: conversationId },
      from: { id: 'person-1' },
      recipient: { id: 'bot' },
      deliveryMode: 'expectReplies',
    }),
  });
  expect(res.status).toBe(200);
  await res.text();
}

const classify = (text: string, language: 'en' | 'fr') =>
  (app.recognizers[language] ?? app.recognizers.en).recognize(text).intents;

describe('turn events', { timeout: 30_000 }, () => {
  it('records one event per turn: the question only when declined (masked) or rated down', async () => {
    const conversationId = randomUUID();
    await send(conversationId, 'What is the best lasagna recipe? mail me at jo@example.com');
    await send(conversationId, 'how long is the border');
    await send(conversationId, '👎 Not helpful');
    await send(conversationId, 'Quelle est la longueur de la frontière?', 'fr-CA');
    const events = logged();
    expect(events.map((e) => e.outcome)).toEqual(['declined', 'answered', 'rated', 'answered']);
    const hash = conversationHash(conversationId);
    for (const event of events) {
      expect(event.conversation).toBe(hash);
      expect(event.channel).toBe('emulator');
      expect(Date.parse(event.time)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(JSON.stringify(events)).not.toContain(conversationId);
    expect(events[0]).toMatchObject({
      language: 'en',
      intent: 'None',
      question: 'What is the best lasagna recipe? mail me at [email]',
    });
    expect(events[1]).toMatchObject({ language: 'en', intent: 'border.length' });
    expect(events[1]).not.toHaveProperty('question');
    expect(events[1]!.score).toBeGreaterThan(0.2);
    expect(events[2]).toMatchObject({ rating: 'down', intent: 'border.length', question: 'how long is the border' });
    expect(events[3]).toMatchObject({ language: 'fr', intent: 'border.length' });
    expect(events[3]).not.toHaveProperty('question');
  });

  it('keeps a declined question to 500 characters', async () => {
    await send(randomUUID(), `what about ${'blah '.repeat(350)}`);
    const [event] = logged();
    expect(event!.question!.length).toBeLessThanOrEqual(500);
    expect(readFileSync(path, 'utf8').length).toBeLessThan(800);
  });

  it('records a turn once, even when it is decided again because another turn saved first', async () => {
    // Storage whose first write loses the race to another turn: the turn is decided again on fresh state.
    const memory = new MemoryStorage();
    let conflicts = 1;
    const racing: Storage = {
      read: (keys) => memory.read(keys),
      delete: (keys) => memory.delete(keys),
      write: async (changes) => {
        if (conflicts-- > 0) throw new Error('Storage: error writing "x" due to eTag conflict.');
        return memory.write(changes);
      },
    };
    const recorded: TurnEvent[] = [];
    const bot = new AssistantBot(app.assistant, new ConversationStore(racing), {
      events: { record: (event) => recorded.push(event) },
    });
    const adapter = new TestAdapter((context) => bot.run(context));
    await adapter.send('what is the best lasagna recipe?');
    expect(conflicts).toBe(-1);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ outcome: 'declined', question: 'what is the best lasagna recipe?' });
  });

  it('records a turn whose conversation memory cannot be reached as unavailable', async () => {
    const broken: Storage = {
      read: async () => {
        throw new Error('storage down');
      },
      write: async () => undefined,
      delete: async () => undefined,
    };
    const recorded: TurnEvent[] = [];
    const bot = new AssistantBot(app.assistant, new ConversationStore(broken), {
      events: { record: (event) => recorded.push(event) },
    });
    await new TestAdapter((context) => bot.run(context)).send('how long is the border?');
    expect(recorded).toEqual([expect.objectContaining({ outcome: 'unavailable', channel: 'test' })]);
    expect(recorded[0]).not.toHaveProperty('question');
  });
});

const event = (fields: Partial<TurnEvent> & Pick<TurnEvent, 'time' | 'outcome'>): TurnEvent => ({
  conversation: 'c1',
  channel: 'webchat',
  language: 'en',
  ...fields,
});

describe('an event read back', () => {
  const written: TurnEvent = {
    time: '2026-11-24T15:00:00.000Z',
    conversation: 'c1',
    channel: 'webchat',
    language: 'fr',
    intent: 'trade.overview',
    score: 0.912,
    outcome: 'rated',
    rating: 'down',
    question: 'le commerce ?',
  };

  it('is kept when it has the shape written, with or without the optional fields', () => {
    expect(isTurnEvent(written)).toBe(true);
    expect(isTurnEvent({ time: written.time, conversation: 'c1', channel: 'teams', outcome: 'answered' })).toBe(true);
    expect(isTurnEvent({ ...written, addedLater: 1 })).toBe(true);
  });

  it.each([
    ['not an object', 'event'],
    ['null', null],
    ['an array', [written]],
    ['a time that is not a date', { ...written, time: 'yesterday' }],
    ['no conversation', { ...written, conversation: undefined }],
    ['a channel that is not text', { ...written, channel: 3 }],
    ['an unknown outcome', { ...written, outcome: 'ignored' }],
    ['a language the bot does not speak', { ...written, language: 'de' }],
    ['an intent that is not text', { ...written, intent: ['trade.overview'] }],
    ['a score that is not a number', { ...written, score: '0.9' }],
    ['a rating other than up or down', { ...written, rating: 'meh' }],
    ['a question that is not text', { ...written, question: {} }],
  ])('is left out with %s', (_, value) => {
    expect(isTurnEvent(value)).toBe(false);
  });
});

describe('adding events up', () => {
  const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
  const isTopic = (intent: string) => intent !== 'None' && !intent.startsWith('smalltalk.');

  it('counts conversations and messages per day by language and channel, outcomes, topics and ratings', () => {
    const tally = new EventTally(period, isTopic);
    const events = [
      event({ time: '2026-03-01T10:00:00Z', outcome: 'answered', intent: 'border.length' }),
      event({ time: '2026-03-01T10:01:00Z', outcome: 'rated', rating: 'down', intent: 'border.length', question: 'q' }),
      event({
        time: '2026-03-01T11:00:00Z',
        outcome: 'declined',
        intent: 'None',
        question: 'pizza?',
        conversation: 'c2',
      }),
      event({ time: '2026-03-01T12:00:00Z', outcome: 'answered', intent: 'smalltalk.greeting', conversation: 'c3' }),
      event({
        time: '2026-03-03T09:00:00Z',
        outcome: 'referred',
        intent: 'referral.nexus',
        language: 'fr',
        channel: 'msteams',
      }),
      event({ time: '2026-03-03T09:00:01Z', outcome: 'clarified', intent: 'trade.size', language: 'fr' }),
      // Outside the period: not counted.
      event({ time: '2026-02-28T23:59:59Z', outcome: 'answered', intent: 'border.length' }),
      event({ time: '2026-03-04T00:00:00Z', outcome: 'answered', intent: 'border.length' }),
    ];
    for (const e of events) tally.add(e);
    const result = tally.tally();
    expect(result.firstDay).toBe('2026-03-01');
    expect(result.lastDay).toBe('2026-03-03');
    expect(result.totals).toEqual({ conversations: 3, messages: 6, questions: 5, ratings: 1 });
    expect(result.days.map((d) => [d.day, d.conversations, d.messages])).toEqual([
      ['2026-03-01', 3, 4],
      ['2026-03-02', 0, 0],
      ['2026-03-03', 1, 2],
    ]);
    expect(result.days[2]!.languages).toEqual({ fr: { conversations: 1, messages: 2 } });
    expect(result.days[2]!.channels).toEqual({
      msteams: { conversations: 1, messages: 1 },
      webchat: { conversations: 1, messages: 1 },
    });
    expect(result.languages).toEqual(['en', 'fr']);
    expect(result.channels).toEqual(['webchat', 'msteams']);
    expect(result.outcomes).toEqual([
      { outcome: 'answered', count: 2 },
      { outcome: 'referred', count: 1 },
      { outcome: 'clarified', count: 1 },
      { outcome: 'declined', count: 1 },
    ]);
    expect(result.topics).toEqual([
      { intent: 'border.length', count: 1 },
      { intent: 'referral.nexus', count: 1 },
    ]);
    expect(result.declined).toEqual([{ text: 'pizza?', language: 'en', time: '2026-03-01T11:00:00Z' }]);
    expect(result.ratings).toEqual([{ intent: 'border.length', up: 0, down: 1, downExamples: ['q'] }]);
  });
});

describe('grouping declined questions', () => {
  const words = questionWords(app.facts);
  const asked = (texts: string[], language: 'en' | 'fr'): DeclinedQuestion[] =>
    texts.map((text, i) => ({ text, language, time: `2026-03-01T10:${String(i).padStart(2, '0')}:00Z` }));

  it('puts alike questions together, commonest first, in either language', () => {
    const questions = [
      ...asked(
        [
          'what is the weather in Seattle',
          'weather in Boston today?',
          'whats the weather like in Detroit',
          'best pizza in Ottawa',
          'where can I get good pizza in Toronto',
          'how do I renew my driver licence',
          'renew drivers license ontario',
          'my driver license expired how to renew',
          'Which provinces border Montana?',
          'what provinces border Washington state',
          'provinces that border Maine',
          'Which provinces border Montana?',
        ],
        'en',
      ),
      ...asked(['comment renouveler mon permis de conduire', 'renouvellement permis de conduire Québec'], 'fr'),
    ];
    const groups = groupDeclined(questions, words, classify);
    const kinds = groups.map((g) => g.examples.join(' | '));
    expect(groups[0]).toMatchObject({ count: 4, languages: ['en'] });
    expect(groups[0]!.examples[0]).toBe('Which provinces border Montana?');
    expect(groups[0]!.examples).toHaveLength(3); // the same question twice is one example
    expect(kinds).toContainEqual(
      expect.stringMatching(/weather in Seattle.*weather in Boston|weather in Boston.*Seattle/),
    );
    expect(groups.find((g) => g.examples.some((e) => e.includes('pizza')))!.count).toBe(2);
    expect(groups.find((g) => g.examples.some((e) => e.includes('driver')))!.count).toBe(3);
    expect(groups.find((g) => g.languages.includes('fr'))).toMatchObject({ count: 2, languages: ['fr'] });
    // Nothing about pizza in the weather's group, nor the other way round.
    for (const group of groups)
      expect(group.examples.some((e) => /pizza/.test(e)) && group.examples.some((e) => /weather/.test(e))).toBe(false);
  });

  it('gives each group the topic the classifier would choose below its threshold', () => {
    const [near] = groupDeclined(asked(['how long are the lines at the border today'], 'en'), words, classify);
    expect(near!.wouldBe?.intent).toBe('border.length');
    expect(near!.wouldBe!.score).toBeGreaterThan(0.01);
    expect(near!.wouldBe!.score).toBeLessThan(0.2); // below the threshold: it was declined
    // Nothing within reach: no hint rather than noise.
    const [far] = groupDeclined(asked(['what is the weather in Seattle'], 'en'), words, classify);
    expect(far!.wouldBe).toBeUndefined();
  });
});

describe('the period asked for', () => {
  const now = new Date('2026-03-10T15:00:00Z');
  it('is the last 7 days by default, whole UTC days up to today', () => {
    expect(periodAskedFor({}, 90, now)).toEqual({
      period: { from: new Date('2026-03-04T00:00:00Z'), to: new Date('2026-03-11T00:00:00Z') },
      valid: true,
    });
  });

  it('includes both days asked for, within what is kept, and falls back to the last 7 days when not a period', () => {
    expect(periodAskedFor({ from: '2026-03-02', to: '2026-03-03' }, 90, now).period).toEqual({
      from: new Date('2026-03-02T00:00:00Z'),
      to: new Date('2026-03-04T00:00:00Z'),
    });
    expect(periodAskedFor({ from: '2025-01-01', to: '2026-12-31' }, 30, now).period).toEqual({
      from: new Date('2026-02-09T00:00:00Z'),
      to: new Date('2026-03-11T00:00:00Z'),
    });
    for (const asked of [
      { from: '2026-03-05', to: '2026-03-01' },
      { from: 'yesterday', to: '2026-03-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-03-01' },
    ])
      expect(periodAskedFor(asked, 90, now)).toMatchObject({
        valid: false,
        period: periodAskedFor({}, 90, now).period,
      });
  });
});

describe('a table as CSV', () => {
  it('quotes what needs quoting and defuses what a spreadsheet would run as a formula', () => {
    const table: Table = {
      id: 'declined',
      title: 't',
      description: 'd',
      columns: [
        { label: 'Times asked', kind: 'number' },
        { label: 'Questions, asked', kind: 'list' },
      ],
      rows: [
        [3, ['=HYPERLINK("http://x","click")', 'say "hi", then']],
        [1, ['+1 is fine', '@SUM(A1)', '-2']],
      ],
    };
    expect(tableCsv(table)).toBe(
      [
        'Times asked,"Questions, asked"',
        `3,"'=HYPERLINK(""http://x"",""click"") | say ""hi"", then"`,
        "1,'+1 is fine | @SUM(A1) | -2",
        '',
      ].join('\r\n'),
    );
  });
});

describe('turn events in JSON-lines files', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'events-'));

  it('rotate by size, keeping the configured number of files, oldest first', () => {
    const file = join(folder(), 'log.jsonl');
    const rotation = { maxBytes: 1000, kept: 2 };
    for (let i = 0; i < 100; i++) appendJsonLine(file, { i, text: 'x'.repeat(80) }, rotation);
    const files = readdirSync(join(file, '..')).sort();
    expect(files).toEqual(['log.jsonl', 'log.jsonl.1', 'log.jsonl.2']);
    for (const name of files) expect(statSync(join(file, '..', name)).size).toBeLessThanOrEqual(1000);
    const entries = logFiles(file).flatMap((name) => readJsonLines<{ i: number }>(name));
    expect(entries.map((e) => e.i)).toEqual([...entries.map((e) => e.i)].sort((x, y) => x - y));
    expect(entries.at(-1)!.i).toBe(99);
  });

  it('are read line by line, skipping empty lines and lines that are not JSON (cut short by a crash)', () => {
    const text = '{"i":1}\n\n{"i":2\nnot json\n[3]\n{"i":4}\n';
    expect([...jsonLinesIn(text)]).toEqual([{ i: 1 }, [3], { i: 4 }]);
  });

  it('are read for a period, rotated files included, and deleted once older than the retention', async () => {
    const file = join(folder(), 'events.jsonl');
    const log = new JsonLinesEventLog(file, { maxBytes: 600, kept: 5 }, 30);
    const now = new Date('2026-03-31T12:00:00Z');
    for (let daysAgo = 40; daysAgo >= 0; daysAgo -= 5)
      log.record(event({ time: new Date(now.getTime() - daysAgo * day).toISOString(), outcome: 'answered' }));
    writeFileSync(`${file}.junk`, 'not json\n');
    expect(logFiles(file).length).toBeGreaterThan(1);
    const all = async (from: string, to: string) => {
      const found: TurnEvent[] = [];
      for await (const e of log.events({ from: new Date(from), to: new Date(to) })) found.push(e);
      return found;
    };
    expect(await all('2026-01-01', '2026-04-01')).toHaveLength(9);
    expect((await all('2026-03-20', '2026-03-27')).map((e) => e.time.slice(0, 10))).toEqual([
      '2026-03-21',
      '2026-03-26',
    ]);
    expect(await log.deleteExpired(now)).toBe(2); // 40 and 35 days old; 30 days old is the last kept
    expect((await all('2026-01-01', '2026-04-01')).map((e) => e.time.slice(0, 10))[0]).toBe('2026-03-01');
    expect(await log.deleteExpired(now)).toBe(0);
  });
});
