// Blob storage without a secret, as in Azure: the bot reaches the account by URL (BLOB_ACCOUNT_URL)
// with a Microsoft Entra token that DefaultAzureCredential gets from the managed identity. Here the
// identity endpoint is a loopback stand-in speaking App Service's protocol (IDENTITY_ENDPOINT,
// IDENTITY_HEADER), and Azurite runs on HTTPS with a self-signed certificate and checks each token's
// audience, issuer and lifetime. No account key anywhere.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Azurite } from './support/azurite.js';
import { sendMessage } from './support/messages.js';
import { startBotProcess, type BotProcess } from './support/processes.js';

// Turns over HTTP on a busy machine (other test files train models meanwhile) can take seconds.
vi.setConfig({ testTimeout: 30_000 });

const clientId = '44444444-4444-4444-4444-444444444444';
const identityHeader = randomUUID();
const folder = mkdtempSync(join(tmpdir(), 'tls-'));
const cert = join(folder, 'cert.pem');
const key = join(folder, 'key.pem');

/** Token requests the identity endpoint received: their query and whether they carried the secret header. */
const tokenRequests: { query: URLSearchParams; headerOk: boolean }[] = [];
const identity = createServer((req: IncomingMessage, res) => {
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
  const headerOk = req.headers['x-identity-header'] === identityHeader;
  tokenRequests.push({ query, headerOk });
  if (!headerOk) {
    res.writeHead(401).end();
    return;
  }
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    aud: query.get('resource'),
    iss: 'https://sts.windows.net/tenant/',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3600,
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      access_token: `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.signature`,
      expires_on: String(now + 3600),
      resource: query.get('resource'),
      token_type: 'Bearer',
      client_id: query.get('client_id'),
    }),
  );
});

let azurite: Azurite;
let bot: BotProcess;

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  azurite = await Azurite.start({ cert, key });
  await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
  bot = await startBotProcess({
    STORAGE: 'blob',
    BLOB_ACCOUNT_URL: azurite.accountUrl,
    AZURE_CLIENT_ID: clientId,
    IDENTITY_ENDPOINT: `http://127.0.0.1:${(identity.address() as AddressInfo).port}/msi/token`,
    IDENTITY_HEADER: identityHeader,
    NODE_EXTRA_CA_CERTS: cert,
  });
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await azurite?.dispose();
  await new Promise<void>((resolve) => identity.close(() => resolve()));
  rmSync(folder, { recursive: true, force: true });
}, 30_000);

it('is ready once the storage answers with a token from the managed identity', async () => {
  const res = await fetch(`${bot.url}/readyz`);
  expect(await res.json()).toEqual({ status: 'ready', checks: { model: true, storage: true } });
  expect(res.status).toBe(200);
});

it('keeps the conversation in the account: a follow-up is understood', async () => {
  const conversation = randomUUID();
  expect((await sendMessage(bot.url, conversation, 'what is NORAD?')).status).toBe(200);
  const followUp = await sendMessage(bot.url, conversation, 'when was it created?');
  expect(followUp.status).toBe(200);
  expect(followUp.shown).toContain('1957');
});

it('asks the identity endpoint for a storage token, for the configured identity, with its secret header', () => {
  expect(tokenRequests.length).toBeGreaterThan(0);
  for (const request of tokenRequests) {
    expect(request.headerOk).toBe(true);
    expect(request.query.get('resource')).toBe('https://storage.azure.com');
    expect(request.query.get('client_id')).toBe(clientId);
  }
  // Tokens are cached until they near expiry: not one request per storage call.
  expect(tokenRequests.length).toBeLessThan(4);
});
