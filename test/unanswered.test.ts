// Declined questions are logged (personal information masked) and grouped for improving intents/.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage, TestAdapter, type Storage } from 'botbuilder';
import { AssistantBot } from '../src/bot/assistantBot.js';
import { ConversationStore } from '../src/bot/conversationStore.js';
import { maskPersonalInformation } from '../src/conversation/personalInformation.js';
import type { UnansweredEntry, UnansweredLog } from '../src/conversation/unanswered.js';
import { groupUnanswered } from '../src/conversation/unansweredReport.js';
import { testApp } from './support/app.js';
import { listenDuringTests } from './support/server.js';

const path = join(mkdtempSync(join(tmpdir(), 'unanswered-')), 'log.jsonl');
// Built at import, not inside a test: training takes seconds on a busy machine (5-second test timeouts).
const app = testApp({ UNANSWERED_LOG: path });
const baseUrl = listenDuringTests(app.server);
const logged = (): UnansweredEntry[] =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as UnansweredEntry)
    : [];
beforeEach(() => rmSync(path, { force: true }));

async function send(conversationId: string, text: string): Promise<void> {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: 'emulator',
      locale: 'en-US',
      conversation: { id: conversationId },
      from: { id: 'person-1' },
      recipient: { id: 'bot' },
      deliveryMode: 'expectReplies',
    }),
  });
  expect(res.status).toBe(200);
  await res.text();
}

describe('unanswered-question log', () => {
  it('records a declined question with its top intents, and not an answered one', async () => {
    const conversationId = randomUUID();
    await send(conversationId, 'What is the best lasagna recipe? mail me at jo@example.com');
    await send(conversationId, 'how long is the border');
    const lines = logged();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ language: 'en', text: 'What is the best lasagna recipe? mail me at [email]' });
    expect(lines[0]!.top[0]).toMatchObject({ intent: 'None' });
  }, 30_000);

  it('records a declined question once, even when its turn is run again because another turn saved first', async () => {
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
    const recorded: string[] = [];
    const unanswered = { record: (text: string) => recorded.push(text) } as unknown as UnansweredLog;
    const bot = new AssistantBot(app.assistant, new ConversationStore(racing), { unanswered });
    const adapter = new TestAdapter((context) => bot.run(context));
    await adapter.send('what is the best lasagna recipe?');
    expect(conflicts).toBe(-1);
    expect(recorded).toEqual(['what is the best lasagna recipe?']);
  });

  it('masks e-mail addresses and long numbers', () => {
    expect(maskPersonalInformation('call 613-555-0199 or write a.b@gc.ca, passport AB1234567')).toBe(
      'call [phone_number] or write [email], passport [id_number]',
    );
  });

  it('groups similar questions, commonest first', () => {
    const entry = (text: string): UnansweredEntry => ({
      time: '',
      language: 'en',
      text,
      top: [
        { intent: 'None', score: 0.9 },
        { intent: 'border.crossings', score: 0.05 },
      ],
    });
    const groups = groupUnanswered([
      entry('border wait times today'),
      entry('what are the border wait times'),
      entry('best pizza in Ottawa'),
      entry('wait times at the border now?'),
    ]);
    expect(groups[0]).toMatchObject({ count: 3, nearestIntent: 'border.crossings' });
    expect(groups[1]).toMatchObject({ count: 1, example: 'best pizza in Ottawa' });
  });
});
