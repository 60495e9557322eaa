// Conversation state in Azure Blob Storage (Azurite on loopback), shared by bot processes: it survives
// a restart, two instances serve one conversation, concurrent turns lose no update, and an outage, or a
// storage that hangs (Azurite frozen), gets a polite answer (HTTP 200) within seconds and an unready
// /readyz until storage is back, context intact.
import { ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationStore } from '../src/bot/conversationStore.js';
import { readConfig } from '../src/config.js';
import { createStorage } from '../src/storage.js';
import { isWriteConflict } from '../src/writeConflict.js';
import { rootDir } from './support/app.js';
import { sendMessage } from './support/messages.js';
import { Azurite } from './support/azurite.js';
import { startBotProcess, waitFor, type BotProcess } from './support/processes.js';

let azurite: Azurite;
/** Two instances of the bot, each in its own process, sharing the blob storage. */
let bots: BotProcess[] = [];
/** The default container, created by the bots on first use. */
const blobEnv = () => ({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString });
const blobStore = () =>
  new ConversationStore(
    createStorage({ kind: 'blob', connectionString: azurite.connectionString, container: 'bot-state' }).storage,
  );

beforeAll(async () => {
  azurite = await Azurite.start();
  bots = await Promise.all([startBotProcess(blobEnv()), startBotProcess(blobEnv())]);
}, 90_000);

afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop()));
  await azurite?.dispose();
}, 30_000);

/** One message to one instance, replies expected in the response: its status and everything shown. */
const say = (bot: BotProcess, conversationId: string, text: string, locale = 'en-US', signal?: AbortSignal) =>
  sendMessage(bot.url, conversationId, text, locale, signal);

async function readiness(
  bot: BotProcess,
): Promise<{ status: number; body: { status: string; checks: Record<string, boolean> } }> {
  const res = await fetch(`${bot.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, boolean> } };
}

const unavailable = /can't reach my memory right now/;

describe('storage configuration', () => {
  it('keeps state in memory unless told otherwise', () => {
    expect(readConfig({}, rootDir).storage).toEqual({ kind: 'memory', maxConversations: 10_000, timeoutMs: 2000 });
    expect(
      readConfig(
        { STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true;', STORAGE_TIMEOUT_MS: '1500' },
        rootDir,
      ).storage,
    ).toEqual({
      kind: 'blob',
      connectionString: 'UseDevelopmentStorage=true;',
      container: 'bot-state',
      timeoutMs: 1500,
    });
  });

  it('refuses blob storage without an account, and a container name Azure would refuse', () => {
    expect(() => readConfig({ STORAGE: 'blob' }, rootDir)).toThrow(
      /configuration: BLOB_ACCOUNT_URL: required when STORAGE=blob/,
    );
    expect(() =>
      readConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'x', BLOB_CONTAINER: 'Bot_State' }, rootDir),
    ).toThrow(/configuration: BLOB_CONTAINER: an Azure container name/);
    expect(() => readConfig({ STORAGE: 'disk' }, rootDir)).toThrow(/configuration: STORAGE:/);
  });
});

describe('conditional writes', () => {
  const address = () => ({ channelId: 'test', conversationId: randomUUID() });
  const count = (store: ConversationStore, at: ReturnType<typeof address>) =>
    store.update(at, (record) => ({ record: { ...record, turns: record.turns + 1 }, result: undefined }));

  it('botbuilder’s ConversationState alone loses concurrent updates (it saves with eTag "*")', async () => {
    const state = new ConversationState(new MemoryStorage());
    const turns = state.createProperty<number>('turns');
    const adapter = new TestAdapter();
    const turn = async () => {
      const context = new TurnContext(adapter, {
        type: 'message',
        channelId: 'test',
        conversation: { id: 'c', isGroup: false, conversationType: '', name: '' },
        from: { id: 'u', name: '' },
        recipient: { id: 'b', name: '' },
      });
      await turns.set(context, (await turns.get(context, 0)) + 1);
      await state.saveChanges(context);
    };
    await Promise.all(Array.from({ length: 10 }, turn));
    const context = new TurnContext(adapter, {
      type: 'message',
      channelId: 'test',
      conversation: { id: 'c', isGroup: false, conversationType: '', name: '' },
    });
    expect(await turns.get(context)).toBeLessThan(10);
  });

  it.each(['memory', 'blob'] as const)(
    'in %s storage, a stale eTag or a second creation is a conflict, and no concurrent update is lost',
    async (kind) => {
      const { storage } =
        kind === 'memory'
          ? createStorage({ kind })
          : createStorage({ kind, connectionString: azurite.connectionString, container: 'conditional-writes' });
      const key = `test/conversations/${randomUUID()}`;
      await storage.write({ [key]: { turns: 1 } });
      await expect(storage.write({ [key]: { turns: 2 } })).rejects.toSatisfy(isWriteConflict);
      const { eTag } = (await storage.read([key]))[key]!;
      await storage.write({ [key]: { turns: 2, eTag } });
      await expect(storage.write({ [key]: { turns: 3, eTag } })).rejects.toSatisfy(isWriteConflict);
      await storage.write({ [key]: { turns: 9, eTag: '*' } });
      expect((await storage.read([key]))[key]).toMatchObject({ turns: 9 });

      const store = new ConversationStore(storage);
      const at = address();
      await Promise.all(Array.from({ length: 10 }, () => count(store, at)));
      expect((await store.read(at))?.turns).toBe(10);
    },
  );
});

describe('conversation state in blob storage, two bot processes', () => {
  it('answers a follow-up after the bot is restarted between the two turns', async () => {
    const conversationId = randomUUID();
    expect((await say(bots[0]!, conversationId, 'what is norad')).shown).toContain('NORAD');
    await bots[0]!.stop();
    bots[0] = await startBotProcess(blobEnv());
    const next = await say(bots[0], conversationId, 'when was it created?');
    expect(next.status).toBe(200);
    expect(next.shown).toContain('1957');
  }, 60_000);

  it('serves one conversation from two instances alternately, follow-ups included', async () => {
    const [a, b] = bots as [BotProcess, BotProcess];
    const conversationId = randomUUID();
    expect((await say(a, conversationId, 'where is the consulate for Texas?')).shown).toContain(
      'Consulate General of Canada in Dallas',
    );
    expect((await say(b, conversationId, 'what about Florida?')).shown).toContain(
      'Consulate General of Canada in Miami',
    );
    expect((await say(a, conversationId, 'Tell me about NATO')).shown).toContain('North Atlantic Treaty Organization');
    expect((await say(b, conversationId, 'when was it created?')).shown).toContain('1949');
    expect(await blobStore().read({ channelId: 'emulator', conversationId })).toMatchObject({
      turns: 4,
      memory: { lastIntent: 'organizations.detail', subjects: [{ id: 'nato' }] },
    });
  }, 30_000);

  it('loses no update when ten turns of one conversation arrive at once, spread over both instances', async () => {
    const questions = [
      'how long is the border?',
      'Tell me about NATO',
      'what is norad',
      'which consulate serves Ohio?',
      'what is cusma',
    ];
    const conversationId = randomUUID();
    const burst = () =>
      Promise.all(
        Array.from({ length: 10 }, (_, i) => say(bots[i % 2]!, conversationId, questions[i % questions.length]!)),
      );
    // A new conversation (each turn would create its state) and then an existing one.
    for (const expected of [10, 20]) {
      const replies = await burst();
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(replies.filter((r) => unavailable.test(r.shown))).toEqual([]);
      expect((await blobStore().read({ channelId: 'emulator', conversationId }))?.turns).toBe(expected);
    }
  }, 30_000);

  it('answers politely during a storage outage, is not ready, and carries on with its context once storage is back', async () => {
    const [a, b] = bots as [BotProcess, BotProcess];
    const conversationId = randomUUID();
    expect((await say(a, conversationId, 'what is norad')).shown).toContain('NORAD');

    await azurite.stop();
    const during = await say(a, conversationId, 'when was it created?');
    expect(during.status).toBe(200);
    expect(during.shown).toMatch(unavailable);
    const inFrench = await say(b, conversationId, 'Quel consulat dessert la Floride?', 'fr-CA');
    expect(inFrench.status).toBe(200);
    expect(inFrench.shown).toMatch(/je n'arrive pas à joindre ma mémoire/);
    expect(await readiness(a)).toEqual({
      status: 503,
      body: { status: 'not ready', checks: { model: true, storage: false } },
    });
    expect(a.logs()).toMatch(/"level":50,[^\n]*"msg":"conversation state unavailable"/);
    // A bot started during the outage: its container cannot be created yet, and that is not remembered for good.
    const startedDuringOutage = createStorage({
      kind: 'blob',
      connectionString: azurite.connectionString,
      container: 'created-after-outage',
    });
    expect(await startedDuringOutage.reachable()).toBe(false);
    await expect(startedDuringOutage.storage.read(['test/conversations/x'])).rejects.toThrow();

    await azurite.resume();
    await waitFor(
      async () => (await readiness(a)).status === 200 && (await readiness(b)).status === 200,
      15_000,
      'both instances ready again',
    );
    expect(await startedDuringOutage.reachable()).toBe(true);
    await startedDuringOutage.storage.write({ 'test/conversations/x': { turns: 1 } });
    const after = await say(b, conversationId, 'when was it created?');
    expect(after.status).toBe(200);
    expect(after.shown).toContain('1957');
    expect((await blobStore().read({ channelId: 'emulator', conversationId }))?.turns).toBe(2);
  }, 40_000);

  it('answers politely within seconds when storage hangs (Azurite frozen), and carries on once it thaws', async () => {
    const [a] = bots as [BotProcess, BotProcess];
    const conversationId = randomUUID();
    expect((await say(a, conversationId, 'what is norad')).shown).toContain('NORAD');

    azurite.freeze();
    try {
      // Without a client-side timeout this waited until storage came back (301 s in the review).
      const during = await say(a, conversationId, 'when was it created?', 'en-US', AbortSignal.timeout(15_000));
      expect(during.status).toBe(200);
      expect(during.shown).toMatch(unavailable);
      expect((await readiness(a)).status).toBe(503);
      expect(a.logs()).toMatch(/"msg":"conversation state unavailable"/);
      expect(a.logs()).toContain('StorageTimeout: storage: read had no answer within 2000 ms');
    } finally {
      azurite.thaw();
    }
    await waitFor(async () => (await readiness(a)).status === 200, 15_000, 'ready again after the thaw');
    const after = await say(a, conversationId, 'when was it created?');
    expect(after.shown).toContain('1957');
  }, 60_000);
});
