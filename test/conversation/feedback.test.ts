// 👍/👎 under answers from the fact base: offered as the last suggested actions (card buttons in Teams
// group chats), recorded in the turn's event with the intent they rate (and the question, when rated
// down), thanked for, and never taken for a question.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../src/insights/events.js';
import { summarizeRatings } from '../../src/insights/summary.js';
import { testApp } from '../support/app.js';
import { ask } from '../support/conversation.js';
import { listenDuringTests } from '../support/server.js';

const eventsLog = join(mkdtempSync(join(tmpdir(), 'feedback-')), 'events.jsonl');
const baseUrl = listenDuringTests(testApp({ EVENTS_LOG: eventsLog }).server);
/** The events of the turns that rated an answer. */
const logged = (): TurnEvent[] =>
  existsSync(eventsLog)
    ? readFileSync(eventsLog, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as TurnEvent)
        .filter((e) => e.outcome === 'rated' && e.intent)
    : [];
beforeEach(() => rmSync(eventsLog, { force: true }));

interface Action {
  type: string;
  title: string;
  value?: unknown;
}
interface Reply {
  type: string;
  text?: string;
  suggestedActions?: { actions: Action[] };
  attachments?: { contentType: string; content: { buttons?: Action[] } }[];
}

/** One conversation over HTTP (expectReplies), on a channel, in a locale. */
function chat(channelId = 'emulator', locale = 'en-US', conversationType?: string) {
  const conversation = { id: randomUUID(), ...(conversationType ? { conversationType } : {}) };
  return async (text: string, value?: unknown): Promise<Reply> => {
    const res = await fetch(`${baseUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text,
        ...(value ? { value } : {}),
        channelId,
        locale,
        serviceUrl: 'http://127.0.0.1:9/',
        conversation,
        from: { id: 'person-1' },
        recipient: { id: 'bot' },
        deliveryMode: 'expectReplies',
      }),
    });
    expect(res.status).toBe(200);
    const messages = ((await res.json()) as { activities: Reply[] }).activities.filter((a) => a.type === 'message');
    expect(messages).toHaveLength(1);
    return messages[0]!;
  };
}

const titles = (reply: Reply) => reply.suggestedActions?.actions.map((a) => a.title) ?? [];
const cardButtons = (reply: Reply) =>
  reply.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.hero')?.content.buttons ?? [];

// The first turns of a fresh app load the word lists, which can take seconds while other test files run.
describe('feedback actions', { timeout: 30_000 }, () => {
  it('end the suggested actions of an answer from the fact base, in English and French', async () => {
    const english = await chat()('what is norad');
    expect(english.text).toContain('NORAD');
    expect(titles(english).slice(-2)).toEqual(['👍 Helpful', '👎 Not helpful']);
    expect(titles(english).length).toBeGreaterThan(2);
    expect(english.suggestedActions!.actions.slice(-2)).toEqual([
      { type: 'imBack', title: '👍 Helpful', value: '👍 Helpful' },
      { type: 'imBack', title: '👎 Not helpful', value: '👎 Not helpful' },
    ]);
    const french = await chat('webchat', 'fr-CA')('Quelle est la longueur de la frontière?');
    expect(french.text).toContain('longueur exacte');
    expect(titles(french).slice(-2)).toEqual(['👍 Utile', '👎 Pas utile']);
  });

  it('are not offered under small talk, declines or help', async () => {
    for (const [text, locale] of [
      ['thanks!', 'en-US'],
      ['Who won the Stanley Cup last year?', 'en-US'],
      ['what can I ask?', 'en-US'],
      ['merci beaucoup', 'fr-CA'],
      ['Quelle est la meilleure recette de tourtière?', 'fr-CA'],
    ]) {
      const reply = await chat('emulator', locale)(text!);
      expect(titles(reply).length, text).toBeGreaterThan(0);
      expect(titles(reply).join(' '), text).not.toMatch(/👍|👎/);
    }
    expect(ask('Who won the Stanley Cup last year?').feedback).toBeUndefined();
    expect(ask('what is norad').feedback).toEqual({ up: '👍 Helpful', down: '👎 Not helpful' });
  });

  it('are card buttons carrying the rating in a Teams group chat, and fit Teams’ three suggested actions one-to-one', async () => {
    const group = await chat('msteams', 'en-US', 'groupChat')('how long is the border');
    expect(group.suggestedActions).toBeUndefined();
    const buttons = cardButtons(group);
    expect(buttons.map((b) => b.title)).toContain('How many people cross the border each day?');
    expect(buttons.slice(-2)).toMatchObject([
      { type: 'messageBack', title: '👍 Helpful', value: { feedback: 'up' } },
      { type: 'messageBack', title: '👎 Not helpful', value: { feedback: 'down' } },
    ]);
    const frenchGroup = await chat('msteams', 'fr-CA', 'groupChat')('Quelle est la longueur de la frontière?');
    expect(
      cardButtons(frenchGroup)
        .slice(-2)
        .map((b) => b.title),
    ).toEqual(['👍 Utile', '👎 Pas utile']);
    expect(
      cardButtons(await chat('msteams', 'en-US', 'groupChat')('thanks!'))
        .map((b) => b.title)
        .join(' '),
    ).not.toMatch(/👍|👎/);

    const personal = await chat('msteams', 'en-US', 'personal')('how long is the border');
    expect(titles(personal)).toHaveLength(3);
    expect(titles(personal).slice(-2)).toEqual(['👍 Helpful', '👎 Not helpful']);
  });
});

describe('giving feedback', { timeout: 30_000 }, () => {
  it('records the rating with the question, thanks the person and keeps the topic (English)', async () => {
    const say = chat();
    await say('what is norad');
    const thanks = await say('👎 Not helpful');
    expect(thanks.text).toMatch(/^Thank you for letting me know/);
    expect(titles(thanks).join(' ')).not.toMatch(/👍|👎/);
    expect(logged()).toHaveLength(1);
    expect(logged()[0]).toMatchObject({
      rating: 'down',
      question: 'what is norad',
      intent: 'defence.norad',
      language: 'en',
    });
    expect(logged()[0]!.score).toBeGreaterThan(0.2);
    expect(Date.parse(logged()[0]!.time)).toBeGreaterThan(Date.now() - 60_000);
    expect((await say('when was it created?')).text).toContain('1957');
  });

  it('records the rating with the question, thanks the person and keeps the topic (French)', async () => {
    const say = chat('webchat', 'fr-CA');
    await say("Qu'est-ce que le NORAD?");
    const thanks = await say('👍 Utile');
    expect(thanks.text).toMatch(/^Merci de votre rétroaction/);
    expect(logged()).toEqual([
      expect.objectContaining({ rating: 'up', intent: 'defence.norad', language: 'fr', channel: 'webchat' }),
    ]);
    // A question is kept only when its answer was rated down.
    expect(logged()[0]).not.toHaveProperty('question');
    expect((await say('Quand a-t-il été créé?')).text).toContain('1957');
  });

  it('takes a Teams card button’s payload, and a bare thumb, as ratings', async () => {
    const say = chat('msteams', 'en-US', 'groupChat');
    await say('how long is the border');
    await say('', { feedback: 'up' });
    await say('how many people cross it each day?');
    await say('👎🏽');
    expect(logged().map((e) => [e.rating, e.intent])).toEqual([
      ['up', 'border.length'],
      ['down', 'border.crossings'],
    ]);
  });

  it('masks personal information in the question it records', async () => {
    const say = chat();
    await say('what is norad? my number is 613-555-0199');
    await say('👎 Not helpful');
    expect(logged()[0]?.question).toBe('what is norad? my number is [phone_number]');
  });

  it('answers politely when there is nothing to rate, in either language, and records nothing', async () => {
    expect((await chat()('👍 Helpful')).text).toMatch(/no new answer to rate/);
    expect((await chat('emulator', 'fr-CA')('👎 Pas utile')).text).toMatch(/pas encore de nouvelle réponse à évaluer/);
    const say = chat();
    await say('Who won the Stanley Cup last year?');
    expect((await say('👎')).text).toMatch(/no new answer to rate/);
    // One rating per answer: a second click has nothing new to rate.
    await say('what is cusma');
    await say('👍 Helpful');
    expect((await say('👎 Not helpful')).text).toMatch(/no new answer to rate/);
    expect(logged().map((e) => e.rating)).toEqual(['up']);
  });

  it('is only the exact label or thumb: a question mentioning helpfulness is a question', async () => {
    const say = chat();
    await say('what is norad');
    expect((await say('was NORAD helpful during the cold war?')).text).not.toMatch(/Thank you/);
    expect(logged()).toEqual([]);
  });
});

describe('ratings per topic', () => {
  const entry = (
    intent: string,
    rating: 'up' | 'down',
    question = `about ${intent}`,
    time = '2026-01-01T00:00:00.000Z',
  ): TurnEvent => ({
    time,
    conversation: 'c',
    channel: 'emulator',
    outcome: 'rated',
    rating,
    language: 'en',
    intent,
    score: 0.9,
    ...(rating === 'down' ? { question } : {}),
  });

  it('lists intents worst-rated first, with examples of the 👎 questions', () => {
    const entries = [
      ...Array.from({ length: 9 }, () => entry('border.length', 'up')),
      entry('border.length', 'down', 'how long is the border in feet'),
      entry('defence.norad', 'down', 'what is norad', '2026-01-01T00:00:00.000Z'),
      entry('defence.norad', 'down', 'who runs norad', '2026-01-02T00:00:00.000Z'),
      entry('defence.norad', 'down', 'what is norad', '2026-01-03T00:00:00.000Z'),
      entry('defence.norad', 'up'),
      entry('trade.size', 'up'),
      entry('trade.size', 'down', 'how big is trade'),
    ];
    const report = summarizeRatings(entries);
    expect(report.map((r) => r.intent)).toEqual(['defence.norad', 'trade.size', 'border.length']);
    expect(report[0]).toEqual({
      intent: 'defence.norad',
      up: 1,
      down: 3,
      downExamples: ['what is norad', 'who runs norad'],
    });
    expect(report[2]).toMatchObject({ up: 9, down: 1, downExamples: ['how long is the border in feet'] });
  });

  it('does not let a single 👎 outrank an intent with many', () => {
    const entries = [
      entry('agreements.detail', 'down'),
      ...Array.from({ length: 30 }, () => entry('offices.forPlace', 'down')),
      ...Array.from({ length: 10 }, () => entry('offices.forPlace', 'up')),
    ];
    expect(summarizeRatings(entries).map((r) => r.intent)).toEqual(['offices.forPlace', 'agreements.detail']);
  });
});
