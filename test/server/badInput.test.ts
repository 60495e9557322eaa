// Generated hostile requests: 1,000 malformed or hostile requests of every kind, from a seeded
// generator so that a failure replays (the message names the seed and the request). Each one gets a
// normal answer (200) or a 4xx — never a 5xx, a hang, a crash or a stack trace — the server answers a
// normal question afterwards, and a second round of 1,000 different ones leaves the heap where it was.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { heldOutSet, testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

// Thousands of requests from one loopback address, replies posted to a loopback stand-in channel:
// this test asks for the rate limiter's loopback exemption and for loopback replies (the Emulator's).
const { server, facts } = testApp({ RATE_LIMIT_EXEMPT_LOOPBACK: '1', LOOPBACK_REPLIES: '1' });
const baseUrl = listenDuringTests(server);

/** A stand-in channel: replies to activities without `expectReplies` are posted here and accepted. */
let channelUrl = '';
let channelPosts = 0;
const channel = http.createServer((req, res) => {
  channelPosts++;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"1"}');
  });
});
beforeAll(async () => {
  channel.listen(0, '127.0.0.1');
  await once(channel, 'listening');
  channelUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;
});
afterAll(() => {
  agent.destroy();
  return new Promise<void>((resolve) => channel.close(() => resolve()));
});

/** mulberry32: a small seeded generator. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, shuffle, bytes };
}
type Generator = ReturnType<typeof generator>;

const questions = [...heldOutSet('en'), ...heldOutSet('fr')].map((q) => q.text);
/** Conversations are drawn from a fixed set, so memory held per conversation cannot grow between rounds. */
const conversationIds = Array.from({ length: 64 }, (_, i) => `hostile-${i}`);

// ——— Values ———

const unicode = [
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '\uDC00\uD800', // a pair in the wrong order
  '\u200F\u202E', // right-to-left mark, right-to-left override
  '\u2067\u2069', // right-to-left isolate
  '\u200B\u200C\u200D\u2060\uFEFF', // zero-width characters and BOM
  '\u0000', // NUL
  '\u0001\u0007\u001B[31m\u007F', // control characters, an ANSI escape
  '\u2028\u2029', // line and paragraph separators
  '\uFFFE\uFFFF', // non-characters
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  '🙂👩‍👩‍👧‍👦🇨🇦🇺🇸👍🏽', // emoji, a ZWJ family, flags, a skin tone
  '𝕳𝖔𝖜 𝖑𝖔𝖓𝖌', // mathematical letters outside the BMP
  'ｈｏｗ ｌｏｎｇ', // fullwidth
  'bоrdеr', // Cyrillic о and е in a Latin word
  'كم طول الحدود', // Arabic
  'גבול', // Hebrew
  '边境有多长', // Chinese
  'İıŉǅ', // letters whose case mapping changes length
];

const hostileText = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(document.cookie)>',
  "<iframe src='javascript:alert(1)'></iframe>",
  '[click me](javascript:alert(1))',
  '![tracker](http://evil.invalid/pixel.png)',
  '<at>Bot</at><script>fetch("//evil")</script>',
  '{{constructor.constructor("return process")()}}',
  '${process.exit(1)}',
  "'; DROP TABLE conversations; --",
  '<!--#exec cmd="ls" -->',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<style>*{display:none}</style>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '\\u003cscript\\u003e',
];

/** A value of any JSON type, sometimes odd. */
function junk(g: Generator, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => g.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, -0]),
    () => g.pick([true, false]),
    () => '',
    () => ' ',
    () => 'x'.repeat(g.int(5000)),
    () => g.pick(unicode).repeat(1 + g.int(20)),
    () => g.pick(hostileText),
    () => g.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']),
    () =>
      g.pick([
        'message',
        'invoke',
        'expectReplies',
        'msteams',
        'ftp://example.invalid/',
        'fr-CA',
        '2026-11-25T00:00:00Z',
      ]),
    () => [],
    () => ({}),
    () => Array.from({ length: g.int(4) }, () => (depth < 3 ? junk(g, depth + 1) : 1)),
    () => ({ id: depth < 3 ? junk(g, depth + 1) : 'x' }),
    () => ({ type: 'mention', mentioned: depth < 3 ? junk(g, depth + 1) : null, text: '<at>Bot</at>' }),
    // JSON.parse makes "__proto__" an own property; nothing downstream may merge it into a prototype.
    () => JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
  ];
  return g.pick(choices)();
}

/** Wrong or odd values for each activity field, beyond `junk`. */
const fieldValues: Record<string, (g: Generator) => unknown> = {
  type: (g) =>
    g.pick([
      'MESSAGE',
      'Message',
      'message ',
      '',
      'x'.repeat(65),
      'invoke',
      'typing',
      'event',
      'trace',
      'endOfConversation',
      'conversationUpdate',
      'messageReaction',
      'installationUpdate',
      'messageUpdate',
      'messageDelete',
      'handoff',
      'command',
      'commandResult',
      'suggestion',
      'delay',
      'contactRelationUpdate',
      'deleteUserData',
      '__proto__',
    ]),
  id: (g) => g.pick(['', 'x'.repeat(1025), '../../etc/passwd', '__proto__']),
  timestamp: (g) =>
    g.pick([
      'not a date',
      '2026-13-45T99:99:99Z',
      '0000-00-00',
      '-271821-04-20T00:00:00Z',
      '9'.repeat(64),
      'x'.repeat(65),
      1e20,
    ]),
  localTimestamp: (g) => g.pick(['yesterday', '2026-11-25T00:00:00+25:00', 'x'.repeat(65)]),
  localTimezone: (g) => g.pick(['Mars/Olympus_Mons', '', 'America/Toronto\u0000']),
  callerId: (g) => g.pick(['urn:botframework:azure', 'urn:skill:evil', 'x'.repeat(3000)]),
  serviceUrl: (g) =>
    g.pick([
      '',
      'nowhere',
      'http://',
      '//evil.invalid',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/plain,hi',
      'mailto:a@b.invalid',
      `${'http://a'}${'a'.repeat(2050)}`,
      'http://[::1',
      'http://127.0.0.1:99999/',
    ]),
  channelId: (g) =>
    g.pick([
      '',
      'x'.repeat(65),
      'msteams',
      'webchat',
      'directline',
      'slack',
      'sms',
      'telegram',
      '__proto__',
      'constructor',
      '../..',
    ]),
  from: (g) =>
    g.pick([
      {},
      { id: '' },
      { id: 'x'.repeat(1025) },
      { id: 42 },
      { id: 'u', name: 42, role: { x: 1 }, aadObjectId: [] },
      { id: 'bot' },
      { id: '__proto__' },
    ]),
  conversation: (g) =>
    g.pick([
      {},
      { id: '' },
      { id: 'x'.repeat(1025) },
      { id: ['a'] },
      { id: 'c', conversationType: 42, isGroup: 'yes', tenantId: {} },
      { id: 'c', conversationType: 'channel' },
      { id: '__proto__' },
      { id: 'constructor' },
    ]),
  recipient: (g) => g.pick([{}, { id: '' }, { id: 7 }, { id: 'user' }, { id: 'bot', role: 'user' }]),
  textFormat: (g) => g.pick(['xml', 'markdown', 'plain', 'x'.repeat(33)]),
  attachmentLayout: (g) => g.pick(['carousel', 'list', 'grid', 7]),
  membersAdded: (g) => g.pick([[{}], [null], [{ id: 5 }], 'everyone', [{ id: 'bot' }, { id: 'user', name: ['x'] }]]),
  membersRemoved: (g) => g.pick([[{}], [null], [{ id: 'bot' }], 7]),
  reactionsAdded: (g) => g.pick([[{ type: 'like' }], 'lots', [null], 42]),
  reactionsRemoved: (g) => g.pick([[{ type: 7 }], {}, 'x']),
  topicName: (g) => g.pick(['', 'x'.repeat(5000)]),
  historyDisclosed: (g) => g.pick(['yes', 1]),
  locale: (g) =>
    g.pick([
      '',
      'fr',
      'FR-ca',
      'xx-YY',
      'ar-SA',
      'zh-Hans-CN',
      'en-US-u-ca-buddhist',
      'i-klingon',
      'x'.repeat(65),
      '\u202Efr',
      'fr\u0000',
      '__proto__',
    ]),
  text: (g) =>
    g.pick([
      42,
      true,
      ['how long is the border'],
      { text: 'hi' },
      '',
      ' \n\t ',
      '@@@@',
      '?',
      '...',
      '<at>Bot</at>',
      '<at></at><at>',
      'a'.repeat(2000),
    ]),
  speak: (g) => g.pick(['<speak>hi</speak>', 7]),
  inputHint: (g) => g.pick(['acceptingInput', 'x', 7]),
  summary: (g) => g.pick(['', 7]),
  suggestedActions: (g) => g.pick([{ actions: 'all' }, { actions: [null] }, 'x']),
  attachments: (g) =>
    g.pick([
      [null],
      [1, 2],
      [{ contentType: 7, content: { x: [] } }],
      [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: 'x' } }],
      'file.txt',
      { length: 3 },
    ]),
  entities: (g) =>
    g.pick([
      [null],
      [{}],
      [{ type: 7 }],
      [{ type: 'mention' }],
      [{ type: 'mention', mentioned: { id: 'bot' } }],
      [{ type: 'mention', mentioned: { id: 'bot' }, text: 42 }],
      [{ type: 'mention', mentioned: { id: 'bot' }, text: `<at>${'x'.repeat(3000)}</at>` }],
      [{ type: 'mention', mentioned: { id: 'someone-else' }, text: '<at>Other</at>' }],
      [{ type: 'mention', mentioned: { id: 'bot' }, text: '' }],
      [{ type: 'clientInfo', locale: 7, country: [], platform: {} }],
      Array.from({ length: 500 }, () => ({ type: 'clientInfo' })),
      'mention',
    ]),
  channelData: (g) =>
    g.pick([
      { tenant: 7, team: [], channel: 'x', eventType: {} },
      { clientActivityID: { a: 1 } },
      { notification: { alert: 'yes' } },
      { legacy: { replyToId: 7 } },
      'string',
      [1],
    ]),
  action: (g) => g.pick(['add', 'remove', 'add-upgrade', 7, {}]),
  replyToId: (g) => g.pick(['', 7, 'x'.repeat(5000)]),
  label: (g) => g.pick([7, 'x'.repeat(5000)]),
  valueType: (g) => g.pick([7, '']),
  value: (g) =>
    g.pick([{ question: 7 }, { question: 'how long is the border' }, 'how long is the border', [{ a: null }], 1e308]),
  name: (g) => g.pick(['tokens/response', 'healthCheck', 'adaptiveCard/action', 'composeExtension/query', 7, {}]),
  relatesTo: (g) => g.pick([{ conversation: 7 }, 'x', { serviceUrl: 'javascript:alert(1)' }]),
  code: (g) => g.pick(['completedSuccessfully', 7, {}]),
  expiration: (g) => g.pick(['never', 7]),
  importance: (g) => g.pick(['urgent', 'x', 7]),
  deliveryMode: (g) =>
    g.pick(['normal', 'notification', 'ephemeral', 'stream', 'ExpectReplies', 'expectreplies', '', 'x'.repeat(33)]),
  listenFor: (g) => g.pick([['a', 7], 'x']),
  textHighlights: (g) => g.pick([[{ text: 7, occurrence: 'x' }], 'x']),
  semanticAction: (g) => g.pick([{ id: 7, entities: 'x', state: 'start' }, 'x']),
};
const activityFields = Object.keys(fieldValues);

function activity(g: Generator, text = g.pick(questions)): Record<string, unknown> {
  return {
    type: 'message',
    id: `m-${g.int(1e9)}`,
    timestamp: new Date(Date.UTC(2026, 10, 25)).toISOString(),
    text,
    channelId: g.pick(['emulator', 'emulator', 'msteams', 'webchat', 'directline', 'sms']),
    serviceUrl: channelUrl,
    conversation: { id: g.pick(conversationIds) },
    from: { id: `user-${g.int(8)}`, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    locale: g.pick(['en-US', 'fr-CA', 'en-CA']),
    deliveryMode: 'expectReplies',
  };
}

// ——— Requests ———

interface Probe {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | undefined;
  /** Bytes written straight to a socket instead of an HTTP request. */
  raw?: Buffer;
  /** The statuses this request may get. */
  allowed: (status: number) => boolean;
  /** What a 200 must carry: a message answer, specifically the "too long" one, or anything. */
  answer?: 'message' | 'tooLong' | undefined;
}

const json = { 'content-type': 'application/json' };
const ok = (status: number) => status === 200;
const clientError = (status: number) => status >= 400 && status < 500;
const okOrClientError = (status: number) => ok(status) || clientError(status);
const is =
  (...statuses: number[]) =>
  (status: number) =>
    statuses.includes(status);

function post(
  kind: string,
  body: Record<string, unknown> | string | Buffer,
  allowed: (status: number) => boolean,
  extra: Partial<Probe> = {},
): Probe {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const answer =
    typeof body === 'object' &&
    !Buffer.isBuffer(body) &&
    body.type === 'message' &&
    body.deliveryMode === 'expectReplies'
      ? 'message'
      : undefined;
  return { kind, method: 'POST', path: '/api/messages', headers: { ...json }, body: bytes, allowed, answer, ...extra };
}

/** Deeply nested JSON text: `depth` levels of arrays or objects. */
function nested(g: Generator, depth: number): string {
  return g.pick([
    () => `${'['.repeat(depth)}${']'.repeat(depth)}`,
    () => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    () => `${'[{"a":'.repeat(depth >> 1)}null${'}]'.repeat(depth >> 1)}`,
  ])();
}

const maxBody = 256 * 1024;
const maxNesting = 64;

const kinds: Record<string, { count: number; make: (g: Generator, i: number) => Probe }> = {
  /** Wrong types in every activity field, one field after another, with up to two more changes. */
  fields: {
    count: 378,
    make: (g, i) => {
      const body = activity(g);
      const field = activityFields[i % activityFields.length]!;
      body[field] = g.next() < 0.6 ? fieldValues[field]!(g) : junk(g);
      for (let c = g.int(3); c > 0; c--) {
        const other = g.pick(activityFields);
        body[other] = g.next() < 0.5 ? fieldValues[other]!(g) : junk(g);
      }
      return post('fields', body, is(200, 400));
    },
  },
  /** Activity types, invoke included, with the fields they read. */
  types: {
    count: 40,
    make: (g) => {
      const body = activity(g);
      body.type = fieldValues.type!(g);
      for (const field of ['membersAdded', 'membersRemoved', 'reactionsAdded', 'action', 'name', 'value', 'code'])
        if (g.next() < 0.3) body[field] = fieldValues[field]!(g);
      return post('types', body, body.type === 'invoke' ? is(400) : is(200, 400));
    },
  },
  /** Unicode edge cases in the text, inserted into real questions, and in ids and the locale. */
  unicode: {
    count: 100,
    make: (g) => {
      const question = g.pick(questions);
      const at = g.int(question.length + 1);
      const odd = Array.from({ length: 1 + g.int(3) }, () => g.pick(unicode)).join('');
      const body = activity(g, g.next() < 0.8 ? `${question.slice(0, at)}${odd}${question.slice(at)}` : odd);
      if (g.next() < 0.2) body.conversation = { id: `${g.pick(conversationIds)}${g.pick(unicode)}` };
      if (g.next() < 0.2) body.from = { id: g.pick(unicode), name: g.pick(unicode) };
      if (g.next() < 0.1) body.locale = `${g.pick(['en', 'fr'])}${g.pick(unicode)}`;
      // Invalid UTF-8 in the raw body (an overlong slash, an encoded surrogate, stray bytes).
      if (g.next() < 0.2) {
        const [before, after] = JSON.stringify(body).split('"text":"');
        return post(
          'unicode',
          Buffer.concat([
            Buffer.from(`${before}"text":"`),
            Buffer.from(g.pick([[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0x80]])),
            Buffer.from(after!),
          ]),
          ok,
          { answer: 'message' },
        );
      }
      return post('unicode', body, ok);
    },
  },
  /** HTML, script and template injection in the text, alone or inside a question. */
  html: {
    count: 60,
    make: (g) => {
      const attack = g.pick(hostileText);
      return post('html', activity(g, g.next() < 0.5 ? attack : `${g.pick(questions)} ${attack}`), ok);
    },
  },
  /** Text over 2,000 characters (a body under the limit): the polite "too long" answer. */
  tooLong: {
    count: 40,
    make: (g, i) => {
      if (i === 0) return post('tooLong', activity(g, `how long is the border ${'x'.repeat(1977)}`), ok); // exactly 2,000: answered normally
      const length = 2001 + g.int(g.pick([10, 1000, 60_000])); // at most 3 bytes a character: under 256 KB
      const unit = g.pick(['how long is the border? ', 'a', '🙂', 'é', '<b>x</b>', '\u200B']);
      const text = unit
        .repeat(Math.ceil(length / unit.length))
        .slice(0, length)
        .replace(/\s+$/, 'x');
      return post('tooLong', activity(g, g.next() < 0.2 ? `   ${text}   ` : text), ok, { answer: 'tooLong' });
    },
  },
  /** Bodies over the 256 KB limit, sent with a length or chunked, valid JSON or not: 413. */
  oversize: {
    count: 30,
    make: (g) => {
      const size = maxBody + 1 + g.int(g.pick([10, 100_000, 2_000_000]));
      const body = g.pick([
        () => JSON.stringify(activity(g, 'x'.repeat(size))),
        () => JSON.stringify({ ...activity(g), value: Array.from({ length: Math.ceil(size / 2) }, () => 1) }),
        () => `{"type":"message","text":"${'🙂'.repeat(size / 4)}`,
        () => g.bytes(size).toString('latin1'),
      ])();
      return post(
        'oversize',
        body,
        is(413),
        g.next() < 0.5 ? { headers: { ...json, 'transfer-encoding': 'chunked' } } : {},
      );
    },
  },
  /** Deeply nested JSON in one field: refused past 64 levels (the replies could not be serialized). */
  nested: {
    count: 60,
    make: (g) => {
      const depth = g.pick([5, 30, 60, 65, 100, 1000, 10_000, 60_000, 120_000]);
      const [field, offset] = g.pick([
        ['value', 1],
        ['channelData', 1],
        ['extra', 1],
        ['conversation', 2],
        ['from', 2],
        ['recipient', 2],
        ['entities', 2],
        ['attachments', 3],
      ] as const);
      const body = activity(g);
      const placeholder = '"@@nested@@"';
      if (field === 'conversation' || field === 'from' || field === 'recipient')
        body[field] = { ...(body[field] as object), deep: '@@nested@@' };
      else if (field === 'entities') body.entities = [{ type: 'clientInfo', deep: '@@nested@@' }];
      else if (field === 'attachments') body.attachments = [{ contentType: 'application/json', content: '@@nested@@' }];
      else body[field] = '@@nested@@';
      const text = JSON.stringify(body).replace(placeholder, nested(g, depth));
      const levels = offset + depth;
      const expected = () => {
        if (text.length > maxBody) return is(413);
        return levels > maxNesting ? is(400) : ok;
      };
      return post('nested', text, expected(), {
        answer: levels > maxNesting ? undefined : 'message',
      });
    },
  },
  /** Random bytes and broken JSON, sent as JSON. */
  bytes: {
    count: 100,
    make: (g) => {
      const valid = JSON.stringify(activity(g));
      const broken = g.pick<() => [string | Buffer, (s: number) => boolean]>([
        () => [g.bytes(g.pick([0, 1, 2, 16, 300, 5000, 100_000])), is(400)],
        () => [valid.slice(0, g.int(valid.length)), is(400)],
        () => [`${valid}${g.pick(['garbage', ',', '}', valid])}`, is(400)],
        () => [`\uFEFF${valid}`, is(400)],
        () => [valid.replace(/"/g, "'"), is(400)],
        () => [valid.replace('{', '{ /* comment */ '), is(400)],
        () => [valid.replace('}', ',}'), is(400)],
        () => [valid.replace('"text":', '"text":NaN,"x":'), is(400)],
        () => [valid.replace(/"text":"[^"]*"/, '"text":1e400'), is(400)],
        () => [valid.replace(/"text":"/, '"text":"\\x41\\u00'), is(400)],
        () => [g.pick(['null', 'true', '0', '"message"', '[]', '[{"type":"message"}]', '{}', '""', ' ']), is(400)],
        () => [valid.replace('{', '{"type":7,'), ok], // a duplicate key: the last one wins
        () => [
          Array.from({ length: 200 }, () =>
            g.pick(['{', '}', '[', ']', ':', ',', '"type"', '"message"', 'null', '1', '"conversation"', '{"id":"c"}']),
          ).join(''),
          is(400),
        ],
      ])();
      return post('bytes', broken[0], broken[1]);
    },
  },
  /** A valid activity under content types that are not JSON (415), and JSON ones spelt oddly (200). */
  contentType: {
    count: 60,
    make: (g) => {
      const [type, allowed] = g.pick<[string | undefined, (s: number) => boolean]>([
        [undefined, is(415)],
        ['', is(415)],
        ['text/plain', is(415)],
        ['text/html', is(415)],
        ['application/x-www-form-urlencoded', is(415)],
        ['multipart/form-data; boundary=x', is(415)],
        ['application/octet-stream', is(415)],
        ['application/xml', is(415)],
        ['application/javascript', is(415)],
        ['application/jsonx', is(415)],
        ['image/png', is(415)],
        ['json', is(415)],
        ['*/*', is(415)],
        ['APPLICATION/JSON', ok],
        ['application/json; charset=utf-16', ok],
        ['application/json;charset=UTF-8', ok],
        ['application/vnd.api+json', ok],
      ]);
      const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
      return post('contentType', activity(g), allowed, { headers });
    },
  },
  /** Other methods on /api/messages, some with a body, one the HTTP parser does not know. */
  method: {
    count: 50,
    make: (g) => {
      const method = g.pick([
        'GET',
        'PUT',
        'DELETE',
        'PATCH',
        'OPTIONS',
        'HEAD',
        'TRACE',
        'PROPFIND',
        'SEARCH',
        'PURGE',
        'LOCK',
        'MKCOL',
        'BREW',
      ]);
      return {
        kind: 'method',
        method,
        path: '/api/messages',
        headers: { ...json },
        body: ['GET', 'HEAD', 'TRACE'].includes(method) ? undefined : Buffer.from(JSON.stringify(activity(g))),
        allowed: clientError,
      };
    },
  },
  /** Compressed bodies: refused before they are read (415), bombs and corrupt streams included. */
  encoding: {
    count: 30,
    make: (g) => {
      const [encoding, body] = g.pick<[string, () => Buffer]>([
        ['gzip', () => gzipSync(JSON.stringify(activity(g)))],
        ['gzip', () => g.bytes(1 + g.int(2000))],
        ['gzip', () => gzipSync(Buffer.alloc(20_000_000))], // 20 MB of zeros in ~20 KB
        ['deflate', () => g.bytes(100)],
        ['br', () => g.bytes(100)],
        ['identity', () => Buffer.from(JSON.stringify(activity(g)))],
        ['GZIP', () => gzipSync('{}')],
        ['gzip, deflate', () => g.bytes(100)],
        ['x-gzip', () => g.bytes(100)],
        ['', () => Buffer.from(JSON.stringify(activity(g)))],
      ]);
      return post('encoding', body(), is(415), { headers: { ...json, 'content-encoding': encoding } });
    },
  },
  /** Bytes on a socket that are not a valid HTTP request, or break its framing. */
  raw: {
    count: 30,
    make: (g) => {
      const valid = JSON.stringify(activity(g));
      const raw = g.pick([
        () => g.bytes(1 + g.int(3000)),
        () => `\x00\x01\x02 /api/messages HTTP/1.1\r\n\r\n`,
        () => `POST /api/messages HTTP/9.9\r\nHost: x\r\n\r\n`,
        () => `POST /api/messages HTTP/1.1\r\nHost: x\r\nthis line has no colon\r\n\r\n`,
        () => `POST /api/messages HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        () =>
          `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        () =>
          `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n${valid}\r\n0\r\n\r\n`,
        () => `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n`,
        () => `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
        () => `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
        () => `POST /api/messages\u0000 HTTP/1.1\r\nHost: x\r\n\r\n`,
        () =>
          `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Bad: a\u0000b\r\nContent-Length: ${Buffer.byteLength(valid)}\r\n\r\n${valid}`,
        () =>
          `POST /api/messages HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(valid)}\r\n\r\n${valid}`, // no Host
      ])();
      return {
        kind: 'raw',
        method: 'RAW',
        path: '',
        headers: {},
        raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1'),
        allowed: clientError,
      };
    },
  },
  /** Odd paths: traversal, encoded and control characters, script in the query, files that are not served. */
  path: {
    count: 20,
    make: (g) => {
      const path = g.pick([
        '/api/messages/',
        '/api/messages?x=<script>alert(1)</script>',
        '/api/messages?%zz',
        '/API/MESSAGES',
        '/api//messages',
        '/api/messages/..%2f..%2fetc%2fpasswd',
        '/api/messages%00',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/.env',
        '/../package.json',
        '/public/../package.json',
        '/node_modules/botbuilder/package.json',
        `/${'a'.repeat(7000)}`,
        '/%',
        '/api/directline/token',
        '/v3/directline/conversations',
        '/v3/directline/conversations/x/activities',
      ]);
      return { ...post('path', activity(g), okOrClientError), path, answer: undefined };
    },
  },
  /** No expectReplies and a channel that refuses connections: the connector's retries end in a 200. */
  unreachable: {
    count: 2,
    make: (g) => post('unreachable', { ...activity(g), deliveryMode: 'normal', serviceUrl: 'http://127.0.0.1:9/' }, ok),
  },
};

/**
 * A round of 1,000 requests: each kind's count, shuffled, the slow ones first. Without `slow` (the
 * memory round) the two unreachable-channel requests, ten seconds each, are two more field requests.
 */
function round(seed: number, slow = true): Probe[] {
  const g = generator(seed);
  // Without the slow probes, the unreachable ones' count goes to the fields' probes instead.
  const moved = (name: string) => {
    if (slow) return 0;
    if (name === 'unreachable') return -kinds.unreachable!.count;
    return name === 'fields' ? kinds.unreachable!.count : 0;
  };
  const count = (name: string) => kinds[name]!.count + moved(name);
  const probes = Object.entries(kinds).flatMap(([name, kind]) =>
    name === 'unreachable' ? [] : Array.from({ length: count(name) }, (_, i) => kind.make(g, i)),
  );
  return [
    ...Array.from({ length: count('unreachable') }, (_, i) => kinds.unreachable!.make(g, i)),
    ...g.shuffle(probes),
  ];
}

// ——— Sending ———

interface Outcome {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function send(probe: Probe, base: string): Promise<Outcome> {
  const { hostname, port } = new URL(base);
  const raw = probe.raw;
  if (raw) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.setTimeout(20_000, () => socket.destroy(new Error('raw request hung')));
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', (error: NodeJS.ErrnoException) =>
        error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
      );
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), body: text });
      });
      socket.end(raw);
    });
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method: probe.method,
        path: probe.path,
        headers: probe.headers,
        agent,
        signal: AbortSignal.timeout(30_000),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (probe.body && probe.headers['transfer-encoding'] === 'chunked') {
      for (let at = 0; at < probe.body.length; at += 64 * 1024) req.write(probe.body.subarray(at, at + 64 * 1024));
      req.end();
    } else req.end(probe.body);
  });
}

// ——— Checking ———

/** Signs of internals: a stack frame, a source path, the repository's directory, a module folder. */
const internals = [/^\s*at \S/m, /\bat \S+ \(/, /\/work\b/, /node_modules/, /\.ts:\d/, /\.js:\d/, /file:\/\//];
const tooLong = Object.values(facts.strings.tooLong ?? {}).filter((s) => s !== undefined);
const apologies = ['turnError', 'memoryUnavailable'].flatMap((key) =>
  Object.values(facts.strings[key] ?? {}).filter((s) => s !== undefined),
);

interface ReplyActivity {
  type: string;
  text?: string;
  speak?: string;
  attachments?: unknown[];
}

function sentText(probe: Probe): string {
  try {
    const { text } = JSON.parse(probe.body?.toString('utf8') ?? '') as { text?: unknown };
    return typeof text === 'string' ? text : '';
  } catch {
    return '';
  }
}

/** What is wrong with the outcome of a probe, or undefined. */
function problem(probe: Probe, outcome: Outcome): string | undefined {
  const { status, body } = outcome;
  if (status >= 500) return `server error ${status}`;
  if (!probe.allowed(status)) return `unexpected status ${status}`;
  const sent = `${probe.method} ${probe.path} ${JSON.stringify(probe.headers)}\n${(probe.raw ?? probe.body ?? Buffer.alloc(0)).toString('latin1')}`;
  const leak = internals.find((pattern) => pattern.test(body) && !pattern.test(sent));
  if (leak) return `internals in the response (${leak})`;
  if (status !== 200 || probe.raw) return undefined;
  let parsed: { activities?: ReplyActivity[] } = {};
  if (body) {
    try {
      parsed = JSON.parse(body) as { activities?: ReplyActivity[] };
    } catch {
      return 'a 200 whose body is not JSON';
    }
  }
  if (!probe.answer) return undefined;
  const messages = (parsed.activities ?? []).filter((a) => a.type === 'message');
  if (messages.length !== 1) return `${messages.length} messages in a 200`;
  const message = messages[0]!;
  const shown = `${message.text ?? ''}\n${message.speak ?? ''}\n${JSON.stringify(message.attachments ?? [])}`;
  if (!message.text && !message.attachments?.length) return 'an empty message';
  if (apologies.some((apology) => shown.includes(apology))) return 'the turn failed ("please try again")';
  if (/<script|onerror=|onload=|javascript:/i.test(shown)) return 'markup from the request reflected in the answer';
  const saysTooLong = tooLong.some((t) => shown.includes(t));
  if (probe.answer === 'tooLong' && !saysTooLong) return 'no "too long" answer to a text over 2,000 characters';
  if (probe.answer === 'message' && saysTooLong && sentText(probe).trim().length <= 2000)
    return 'a "too long" answer to a text of 2,000 characters or fewer';
  return undefined;
}

/** Sends the probes, `concurrency` at a time; returns each kind's statuses and every failure. */
async function run(probes: Probe[], seed: number, concurrency = 8) {
  // Connections left idle since the last round may have passed the server's keep-alive timeout while a
  // synchronous GC or the round's generation blocked the loop: the server's close is not seen yet, and a
  // request written on one would meet ECONNRESET. Each round starts on fresh connections.
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  const statuses: Record<string, Record<number, number>> = {};
  const failures: string[] = [];
  let slowest: [number, string] = [0, ''];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const index = next++;
      const probe = probes[index]!;
      let outcome: Outcome;
      const started = performance.now();
      try {
        outcome = await send(probe, baseUrl());
        const ms = performance.now() - started;
        if (probe.kind !== 'unreachable' && ms > slowest[0]) slowest = [ms, `${probe.kind} #${index}`];
      } catch (error) {
        failures.push(
          `seed ${seed} #${index} ${probe.kind} ${probe.method} ${probe.path}: no response (${(error as Error).message})`,
        );
        continue;
      }
      const byKind = (statuses[probe.kind] ??= {});
      byKind[outcome.status] = (byKind[outcome.status] ?? 0) + 1;
      const wrong = problem(probe, outcome);
      if (wrong)
        failures.push(
          `seed ${seed} #${index} ${probe.kind} ${probe.method} ${probe.path} ${JSON.stringify(probe.headers)}: ${wrong}\n  sent ${(probe.raw ?? probe.body)?.toString('utf8').slice(0, 300)}\n  got ${outcome.body.slice(0, 300)}`,
        );
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  console.log(
    `seed ${seed}: ${probes.length} requests in ${((performance.now() - started) / 1000).toFixed(1)} s (slowest apart from the unreachable channel: ${slowest[1]}, ${Math.round(slowest[0])} ms); statuses by kind ${JSON.stringify(statuses)}`,
  );
  return { statuses, failures };
}

async function normalQuestion(): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      type: 'message',
      text: 'what is NATO',
      channelId: 'emulator',
      conversation: { id: 'after' },
      from: { id: 'u' },
      deliveryMode: 'expectReplies',
    }),
  });
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

// ——— Tests ———

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapUsedMb(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

// The requests that once got a 5xx or ended the process, by name.
it.each<[string, () => Probe, number, RegExp]>([
  [
    'a corrupt gzip body (it ended the process)',
    () =>
      post('encoding', Buffer.from('not gzip at all'), is(415), { headers: { ...json, 'content-encoding': 'gzip' } }),
    415,
    /content encoding/,
  ],
  [
    'a gzip bomb: 20 MB of zeros in 20 KB',
    () =>
      post('encoding', gzipSync(Buffer.alloc(20_000_000)), is(415), {
        headers: { ...json, 'content-encoding': 'gzip' },
      }),
    415,
    /content encoding/,
  ],
  [
    'a sender nested 10,000 deep, echoed in the reply (it was a 500)',
    () =>
      post(
        'nested',
        JSON.stringify(activity(generator(1))).replace(
          '"from":{',
          `"from":{"deep":${'['.repeat(10_000)}${']'.repeat(10_000)},`,
        ),
        is(400),
      ),
    400,
    /more than 64 deep/,
  ],
  [
    'an invoke without expectReplies (it was a 501)',
    () =>
      post(
        'types',
        { ...activity(generator(2)), type: 'invoke', name: 'adaptiveCard/action', deliveryMode: 'normal' },
        is(400),
      ),
    400,
    /field "type": invoke activities are not supported/,
  ],
])('answers %s with a clear 4xx', async (_name, probe, status, error) => {
  const outcome = await send(probe(), baseUrl());
  expect(outcome.status).toBe(status);
  expect((JSON.parse(outcome.body) as { error: string }).error).toMatch(error);
  expect(await normalQuestion()).toContain('North Atlantic Treaty Organization');
});

let heapAfterFirstRound = 0;

it('answers 1,000 generated malformed or hostile requests with 200 or a 4xx, and a normal question afterwards', async () => {
  const probes = round(20261125);
  expect(probes).toHaveLength(1000);
  const channelBefore = channelPosts;
  const { statuses, failures } = await run(probes, 20261125);
  expect(failures).toEqual([]);
  // Every kind was sent and answered, and both sides of the line were seen.
  for (const [name, kind] of Object.entries(kinds))
    expect(
      Object.values(statuses[name] ?? {}).reduce((a, b) => a + b, 0),
      name,
    ).toBe(kind.count);
  expect(statuses.fields?.[200]).toBeGreaterThan(50);
  expect(statuses.fields?.[400]).toBeGreaterThan(50);
  expect(channelPosts).toBeGreaterThan(channelBefore); // replies without expectReplies reached the channel
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(await normalQuestion()).toContain('North Atlantic Treaty Organization');
  heapAfterFirstRound = heapUsedMb();
}, 120_000);

it('keeps its heap through a second round of 1,000 different hostile requests', async () => {
  expect(heapAfterFirstRound).toBeGreaterThan(0);
  const probes = round(7_000_003, false);
  expect(probes).toHaveLength(1000);
  const { failures } = await run(probes, 7_000_003);
  expect(failures).toEqual([]);
  expect(await normalQuestion()).toContain('North Atlantic Treaty Organization');
  const heapAfterSecondRound = heapUsedMb();
  const growth = heapAfterSecondRound - heapAfterFirstRound;
  console.log(
    `heap used after round 1: ${heapAfterFirstRound.toFixed(1)} MB, after round 2: ${heapAfterSecondRound.toFixed(1)} MB, growth ${growth.toFixed(1)} MB`,
  );
  expect(growth).toBeLessThan(8);
}, 120_000);
