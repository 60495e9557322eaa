// The real server on an ephemeral loopback port, spoken to over HTTP as channels and the evaluator do.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIntents } from '../../src/nlu/corpus.js';
import { rootDir, testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const { server } = testApp();
const baseUrl = listenDuringTests(server);

interface Activity {
  type: string;
  name?: string;
  text?: string;
  summary?: string;
  speak?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
  value?: { topIntent?: string; intents?: Record<string, { score: number }>; entities?: Record<string, unknown> };
  suggestedActions?: { actions: { title: string; value: string }[] };
}

function activity(conversationId: string, fields: Record<string, unknown>) {
  return {
    id: randomUUID(),
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    locale: 'en-US',
    deliveryMode: 'expectReplies',
    ...fields,
  };
}

async function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: text ? (JSON.parse(text) as { activities?: Activity[]; error?: string }) : {},
  };
}

/** Everything a person sees or hears of a message: its text or its cards, its summary and spoken text. */
function shown(message: Activity): string {
  return [
    message.text ?? '',
    message.summary ?? '',
    message.speak ?? '',
    JSON.stringify(message.attachments ?? []),
  ].join('\n');
}

async function say(conversationId: string, text: string, extra: Record<string, unknown> = {}) {
  const res = await post(activity(conversationId, { type: 'message', text, ...extra }));
  expect(res.status).toBe(200);
  const activities = res.json.activities ?? [];
  return {
    messages: activities.filter((a) => a.type === 'message'),
    trace: activities.find((a) => a.type === 'trace' && a.name === 'RecognizerResult'),
  };
}

describe('POST /api/messages', () => {
  it('answers with expectReplies, a RecognizerResult trace and suggested actions', async () => {
    const { messages, trace } = await say(randomUUID(), 'how long is the border?');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain('9,000 km');
    expect(messages[0]!.speak).toContain('9,000 km');
    expect(messages[0]!.suggestedActions?.actions.length).toBeGreaterThanOrEqual(2);
    expect(trace?.value?.topIntent).toBe('border.length');
    expect(trace?.value?.intents?.['border.length']?.score).toBeGreaterThan(0.5);
  });

  it('traces the intent it acted on, None when it declined', async () => {
    const { trace } = await say(randomUUID(), 'can you recommend a good lasagna recipe');
    expect(trace?.value?.topIntent).toBe('None');
  });

  it.each(['webchat', 'directline', 'msteams', 'slack'])(
    'keeps the scores for the Emulator: no RecognizerResult trace on %s, even in the response',
    async (channelId) => {
      const { messages, trace } = await say(randomUUID(), 'how long is the border?', { channelId });
      expect(messages[0]!.text).toContain('9,000 km');
      expect(trace).toBeUndefined();
    },
  );

  it('keeps each conversation’s context apart', async () => {
    const first = randomUUID();
    const second = randomUUID();
    await say(first, 'Is there a consulate in Seattle?');
    await say(second, 'what is NATO?');
    expect(shown((await say(first, 'what about Boston?')).messages[0]!)).toContain(
      'Consulate General of Canada in Boston',
    );
    expect((await say(second, 'when was it created?')).messages[0]!.text).toContain('1949');
  });

  it('removes a Teams mention before understanding the message', async () => {
    const { messages } = await say(randomUUID(), '<at>CanUS Bot</at> how long is the border', {
      channelId: 'msteams',
      entities: [{ type: 'mention', text: '<at>CanUS Bot</at>', mentioned: { id: 'bot', name: 'CanUS Bot' } }],
    });
    expect(messages[0]!.text).toContain('9,000 km');
  });

  it('welcomes a person who joins, but not the bot joining', async () => {
    const conversationId = randomUUID();
    const welcome = await post(
      activity(conversationId, { type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, { id: 'user-1' }] }),
    );
    const messages = (welcome.json.activities ?? []).filter((a) => a.type === 'message');
    expect(messages).toHaveLength(1);
    expect(shown(messages[0]!)).toMatch(/consulate/);
    expect(messages[0]!.summary).toMatch(/do not share personal information/);
    const botOnly = await post(activity(conversationId, { type: 'conversationUpdate', membersAdded: [{ id: 'bot' }] }));
    expect((botOnly.json.activities ?? []).filter((a) => a.type === 'message')).toHaveLength(0);
  });

  it('answers an empty message with help', async () => {
    expect((await say(randomUUID(), '')).messages[0]!.summary).toMatch(/I can answer questions/);
  });

  it.each([
    ['malformed JSON', '{"type": "message", ', /malformed JSON/],
    ['a JSON array', '[1, 2, 3]', /must be a JSON object/],
    ['a string', '"hello"', /must be a JSON object/],
    [
      'no conversation',
      JSON.stringify({ type: 'message', text: 'hi', channelId: 'emulator', from: { id: 'u' } }),
      /field "conversation"/,
    ],
    [
      'no sender',
      JSON.stringify({ type: 'message', text: 'hi', channelId: 'emulator', conversation: { id: 'c' } }),
      /field "from"/,
    ],
    [
      'no type',
      JSON.stringify({ text: 'hi', channelId: 'emulator', conversation: { id: 'c' }, from: { id: 'u' } }),
      /field "type"/,
    ],
    [
      'text that is not a string',
      JSON.stringify({
        type: 'message',
        text: 42,
        channelId: 'emulator',
        conversation: { id: 'c' },
        from: { id: 'u' },
      }),
      /field "text"/,
    ],
    [
      'no channel',
      JSON.stringify({
        type: 'message',
        text: 'hi',
        conversation: { id: 'c' },
        from: { id: 'u' },
        deliveryMode: 'expectReplies',
      }),
      /field "channelId"/,
    ],
    [
      'no serviceUrl to reply to',
      JSON.stringify({
        type: 'message',
        text: 'hi',
        channelId: 'emulator',
        conversation: { id: 'c' },
        from: { id: 'u' },
      }),
      /field "serviceUrl"/,
    ],
    [
      'a serviceUrl that is not a URL',
      JSON.stringify({
        type: 'message',
        text: 'hi',
        channelId: 'emulator',
        serviceUrl: 'nowhere',
        conversation: { id: 'c' },
        from: { id: 'u' },
      }),
      /field "serviceUrl"/,
    ],
    [
      'a mention without whom it mentions',
      JSON.stringify({
        type: 'message',
        text: 'hi',
        channelId: 'msteams',
        conversation: { id: 'c' },
        from: { id: 'u' },
        deliveryMode: 'expectReplies',
        entities: [{ type: 'mention', mentioned: null }],
      }),
      /field "entities\.0/,
    ],
  ])('rejects %s with a short 400', async (_name, body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(message);
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('rejects a body that is not JSON with 415', async () => {
    const res = await post('hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('rejects an oversized body with 413', async () => {
    const res = await post(activity('c', { type: 'message', text: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
  });

  it('keeps answering after bad requests', async () => {
    await post('{{{');
    expect((await say(randomUUID(), 'what is the G7?')).messages[0]!.text).toContain('Group of Seven');
  });
});

describe('office cards', () => {
  it('answers an office question with an accessible Adaptive Card 1.5 on a channel that renders cards', async () => {
    const { messages } = await say(randomUUID(), 'which consulate serves Ohio?');
    const card = messages[0]!.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(card?.content.speak).toMatch(/Ohio is served by the Consulate General of Canada in Detroit/);
    expect(card?.content.fallbackText).toMatch(/Ohio is served by the Consulate General of Canada in Detroit/);
    const json = JSON.stringify(card?.content);
    expect(json).toContain('"type":"Action.OpenUrl"');
    expect(json).toContain('https://travel.gc.ca/assistance/embassies-consulates/united-states');
    expect(json).toContain('Source: [Consulate General of Canada in Detroit');
    expect(messages[0]!.speak, 'spoken once, from the card').toBeUndefined();
    expect(messages[0]!.suggestedActions?.actions.length).toBeGreaterThanOrEqual(2);
  });

  it('lists every office in one card, grouped by region', async () => {
    const { messages } = await say(randomUUID(), 'list the canadian consulates in the us');
    const json = JSON.stringify(messages[0]!.attachments?.[0]?.content);
    for (const region of ['Northeast', 'Southeast', 'Midwest', 'West Coast'])
      expect(json).toContain(`"text":"${region}"`);
    for (const city of [
      'Atlanta',
      'Boston',
      'Chicago',
      'Dallas',
      'Denver',
      'Detroit',
      'Los Angeles',
      'Miami',
      'Minneapolis',
      'New York',
      'San Francisco',
      'Seattle',
    ])
      expect(json).toContain(`Consulate General of Canada in ${city}`);
  });

  it('sends the same answer as Markdown text to a channel without cards', async () => {
    const { messages } = await say(randomUUID(), 'which consulate serves Ohio?', { channelId: 'sms' });
    expect(messages[0]!.attachments ?? []).toHaveLength(0);
    expect(messages[0]!.text).toMatch(/^Ohio is served by the Consulate General of Canada in Detroit/);
  });
});

describe('GET /readyz', () => {
  it('is ready once the model is loaded and the storage answers', async () => {
    const res = await fetch(`${baseUrl()}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { model: true, storage: true } });
  });
});

describe('GET /healthz', () => {
  it('reports status, version and the size of the model and fact base', async () => {
    const res = await fetch(`${baseUrl()}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      intents: loadIntents(join(rootDir, 'intents')).length,
    });
    expect(body.facts).toBeGreaterThan(60);
  });
});

describe('replies in open mode (no app id)', () => {
  it('refuses to send replies to an address that is not this machine, unless they come back in the response', async () => {
    const elsewhere = await post(
      activity(randomUUID(), {
        type: 'message',
        text: 'hi',
        serviceUrl: 'https://example.org/',
        deliveryMode: 'normal',
      }),
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.error).toContain('serviceUrl');
    const missing = await post(
      activity(randomUUID(), { type: 'message', text: 'hi', serviceUrl: undefined, deliveryMode: undefined }),
    );
    expect(missing.status).toBe(400);
    const inResponse = await post(
      activity(randomUUID(), { type: 'message', text: 'how long is the border?', serviceUrl: 'https://example.org/' }),
    );
    expect(inResponse.status).toBe(200);
    expect(inResponse.json.activities?.some((a) => a.text?.includes(' km'))).toBe(true);
  });
});

describe('RECOGNIZER_TRACE=all (debugging a deployment)', () => {
  const debugUrl = listenDuringTests(testApp({ RECOGNIZER_TRACE: 'all' }).server);

  it('sends the RecognizerResult trace on every channel', async () => {
    const res = await fetch(`${debugUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(randomUUID(), { type: 'message', text: 'what is NORAD?', channelId: 'webchat' })),
    });
    const { activities = [] } = (await res.json()) as { activities?: Activity[] };
    const trace = activities.find((a) => a.type === 'trace' && a.name === 'RecognizerResult');
    expect(trace?.value?.topIntent).toBe('defence.norad');
  });
});
