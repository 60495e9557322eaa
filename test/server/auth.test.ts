// With MicrosoftAppId set, the endpoint requires a Bot Framework token.
// The tokens here are real RS256 JWTs signed in the test with node:crypto. The app reads the keys from an
// OpenID metadata stand-in on loopback (BotOpenIdMetadata), so nothing leaves 127.0.0.1.
import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const appId = '00000000-0000-0000-0000-000000000001';
const issuer = 'https://api.botframework.com';
const kid = 'test-key-1';
const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
const untrusted = generateKeyPairSync('rsa', { modulusLength: 2048 });

// The OpenID metadata stand-in: the configuration document and a JWKS holding only the trusted key,
// endorsed for the channels used here (botframework-connector checks the activity's channelId against them).
const metadata = createServer((req, res) => {
  const base = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
  const documents: Record<string, unknown> = {
    '/.well-known/openidconfiguration': {
      issuer,
      authorization_endpoint: `${base}/authorize`,
      jwks_uri: `${base}/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    },
    '/keys': {
      keys: [
        {
          ...trusted.publicKey.export({ format: 'jwk' }),
          kty: 'RSA',
          use: 'sig',
          kid,
          endorsements: ['msteams', 'webchat', 'emulator'],
        },
      ],
    },
  };
  const document = documents[req.url ?? ''];
  res.writeHead(document ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(document ?? {}));
});
await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => metadata.close(() => resolve())));

const app = testApp({
  MicrosoftAppId: appId,
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'MultiTenant',
  BotOpenIdMetadata: `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/.well-known/openidconfiguration`,
});
const { server } = app;
const baseUrl = listenDuringTests(server);

const base64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function jwt(
  claims: Record<string, unknown>,
  options: { key?: KeyObject; header?: Record<string, unknown> } = {},
): string {
  const header = options.header ?? { alg: 'RS256', typ: 'JWT', kid };
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), options.key ?? trusted.privateKey).toString('base64url')}`;
}

const serviceUrl = 'http://127.0.0.1:9/';
const now = () => Math.floor(Date.now() / 1000);
/** The claims the Bot Framework's channels put in their tokens. */
const channelClaims = (extra: Record<string, unknown> = {}) => ({
  iss: issuer,
  aud: appId,
  serviceurl: serviceUrl,
  nbf: now() - 60,
  iat: now() - 60,
  exp: now() + 3600,
  ...extra,
});

function activity(channelId = 'msteams') {
  return {
    type: 'message',
    id: randomUUID(),
    text: 'how long is the border?',
    channelId,
    serviceUrl,
    conversation: { id: randomUUID() },
    from: { id: 'user-1' },
    recipient: { id: 'bot' },
    locale: 'en-US',
    // The replies come back in the response: the bot never calls the channel (nor asks for an outbound token).
    deliveryMode: 'expectReplies',
  };
}

async function post(authorization: string | undefined, body: unknown = activity()) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(`${baseUrl()}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

// Turns that reached the bot: each message the bot handles asks the assistant for a reply.
let turns: ReturnType<typeof vi.spyOn>;
// Any HTTPS request (login.microsoftonline.com, the channel, Microsoft's key endpoints) would be a leak out of loopback.
let outbound: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  turns = vi.spyOn(app.assistant, 'reply');
  outbound = vi.spyOn(https, 'request');
  // botframework-connector writes every rejected token's error (and the trusted public key) to console.error.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  expect(outbound).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

it('rejects an unauthenticated activity with 401 when an app id is configured', async () => {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text: 'hi',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      conversation: { id: 'c' },
      from: { id: 'u' },
      recipient: { id: 'b' },
    }),
  });
  expect(res.status).toBe(401);
});

describe('a valid channel token', () => {
  it.each(['msteams', 'webchat', 'emulator'])('from %s gets 200 and an answer', async (channelId) => {
    const res = await post(`Bearer ${jwt(channelClaims())}`, activity(channelId));
    expect(res.status).toBe(200);
    const messages = (JSON.parse(res.text) as { activities: { type: string; text?: string }[] }).activities.filter(
      (a) => a.type === 'message',
    );
    expect(messages[0]?.text).toContain('9,000 km');
    expect(turns).toHaveBeenCalledTimes(1);
  });
});

describe('401 and the bot never reached', () => {
  const cases: [string, () => string | undefined, (() => unknown)?][] = [
    ['no Authorization header', () => undefined],
    ['an empty Authorization header', () => ''],
    ['a header without a scheme', () => jwt(channelClaims())],
    ['another scheme', () => `Basic ${Buffer.from('user:password').toString('base64')}`],
    ['"Bearer" without a token', () => 'Bearer'],
    ['a bearer value that is not a JWT', () => 'Bearer not-a-jwt'],
    ['a token with extra words', () => `Bearer ${jwt(channelClaims())} extra`],
    [
      'an unsigned token (alg none)',
      () => `Bearer ${base64url({ alg: 'none', typ: 'JWT', kid })}.${base64url(channelClaims())}.`,
    ],
    [
      'an expired token (beyond the 5 minutes of clock skew allowed)',
      () => `Bearer ${jwt(channelClaims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 600 }))}`,
    ],
    ['a token not valid yet', () => `Bearer ${jwt(channelClaims({ nbf: now() + 3600 }))}`],
    [
      'a token for another bot (wrong audience)',
      () => `Bearer ${jwt(channelClaims({ aud: '00000000-0000-0000-0000-000000000002' }))}`,
    ],
    ['a token without an audience', () => `Bearer ${jwt(channelClaims({ aud: undefined }))}`],
    ['a token from another issuer', () => `Bearer ${jwt(channelClaims({ iss: 'https://attacker.example' }))}`],
    [
      'a token signed by a key not in the JWKS (same kid)',
      () => `Bearer ${jwt(channelClaims(), { key: untrusted.privateKey })}`,
    ],
    [
      'a token whose kid is not in the JWKS',
      () => `Bearer ${jwt(channelClaims(), { header: { alg: 'RS256', typ: 'JWT', kid: 'unknown-key' } })}`,
    ],
    ['a token with a garbled signature', () => `Bearer ${garble(jwt(channelClaims()))}`],
    [
      'a token whose payload was changed after signing',
      () =>
        `Bearer ${swapPayload(jwt(channelClaims()), channelClaims({ aud: appId, iss: issuer, exp: now() + 999999 }))}`,
    ],
    [
      'a token for another serviceUrl',
      () => `Bearer ${jwt(channelClaims({ serviceurl: 'https://attacker.example/' }))}`,
    ],
    ['a token signed with HS256 and the public key as secret', () => `Bearer ${hs256WithPublicKey(channelClaims())}`],
    [
      'a valid token for a channel its key does not endorse',
      () => `Bearer ${jwt(channelClaims())}`,
      () => activity('slack'),
    ],
  ];

  it.each(cases)('%s', async (_name, authorization, body) => {
    const res = await post(authorization(), body?.() ?? activity());
    expect(res.status).toBe(401);
    expect(turns).not.toHaveBeenCalled();
    // The body says no more than "unauthorized": no stack trace, no file path, no key, no detail of the token.
    expect(res.text).not.toMatch(/\bat .*:\d+|node_modules|\/src\/|\.js\b|\.ts\b|BEGIN (RSA )?PUBLIC KEY/);
    expect(JSON.parse(res.text)).toEqual({ error: 'unauthorized' });
  });
});

// Each case builds a second app, which trains its model when dist/ has none: seconds on a busy machine.
describe('the other identities', { timeout: 60_000 }, () => {
  // Channels sign the same tokens whatever the bot's identity: its audience is the bot's app id (for a
  // managed identity, its client id). With expectReplies no outbound token is needed, so nothing leaves loopback.
  const metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/.well-known/openidconfiguration`;
  const tenant = '00000000-0000-0000-0000-0000000000aa';
  it.each([
    ['UserAssignedMSI', { MicrosoftAppType: 'UserAssignedMSI' }],
    ['SingleTenant', { MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'not-a-real-secret' }],
  ])('%s: a valid token gets an answer, a token for another bot 401', async (_type, identity) => {
    const other = testApp({
      MicrosoftAppId: appId,
      MicrosoftAppTenantId: tenant,
      BotOpenIdMetadata: metadataUrl,
      ...identity,
    });
    await new Promise<void>((resolve) => other.server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${other.server.address().port}/api/messages`;
      const send = (token: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(activity()),
        });
      const valid = await send(jwt(channelClaims()));
      expect(valid.status).toBe(200);
      expect(await valid.text()).toContain('9,000 km');
      const wrongAudience = await send(jwt(channelClaims({ aud: '00000000-0000-0000-0000-000000000002' })));
      expect(wrongAudience.status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => other.server.close(() => resolve()));
    }
  });
});

/** Changes characters in the middle of the signature (still valid base64url). */
function garble(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const middle = Math.floor(signature.length / 2);
  const flipped = [...signature.slice(middle, middle + 8)].map((c) => (c === 'A' ? 'B' : 'A')).join('');
  return `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 8)}`;
}

function swapPayload(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split('.') as [string, string, string];
  return `${header}.${base64url(claims)}.${signature}`;
}

/** The classic algorithm confusion: HMAC keyed with the RSA public key the JWKS publishes. */
function hs256WithPublicKey(claims: Record<string, unknown>): string {
  const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  const secret = trusted.publicKey.export({ format: 'pem', type: 'spki' });
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
