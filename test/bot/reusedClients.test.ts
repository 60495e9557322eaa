// The Bot Framework clients a turn is given are made once and reused (src/bot/reusedClients.ts): the same
// ConnectorClient for the same service URL, another for another, and at most a bounded number kept.
import { randomUUID } from 'node:crypto';
import { type Activity, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { AssistantAdapter } from '../../src/bot/assistantAdapter.js';

const adapter = new AssistantAdapter(new ConfigurationBotFrameworkAuthentication({}));

/** The clients a turn of this service URL is given. */
async function clientsOfATurn(serviceUrl: string): Promise<{ connector: unknown; userToken: unknown }> {
  let clients = { connector: undefined as unknown, userToken: undefined as unknown };
  await adapter.processLocally(
    {
      type: 'message',
      text: 'hi',
      channelId: 'directline',
      serviceUrl,
      conversation: { id: randomUUID() },
      from: { id: 'person' },
      recipient: { id: 'bot' },
    } as Partial<Activity>,
    async (context: TurnContext) => {
      clients = {
        connector: context.turnState.get(adapter.ConnectorClientKey),
        userToken: context.turnState.get(adapter.UserTokenClientKey),
      };
    },
  );
  return clients;
}

describe('Bot Framework clients', () => {
  it('are made once for a service URL and reused by the next turns', async () => {
    const first = await clientsOfATurn('http://127.0.0.1:9/a/');
    const second = await clientsOfATurn('http://127.0.0.1:9/a/');
    expect(first.connector).toBeDefined();
    expect(second.connector).toBe(first.connector);
    expect(second.userToken).toBe(first.userToken);
  });

  it('differ by service URL, and only a bounded number is kept', async () => {
    const a = await clientsOfATurn('http://127.0.0.1:9/a/');
    const b = await clientsOfATurn('http://127.0.0.1:9/b/');
    expect(b.connector).not.toBe(a.connector);
    for (let i = 0; i < 100; i++) await clientsOfATurn(`http://127.0.0.1:9/many-${i}/`);
    // The least recently used is forgotten: a new client for it.
    expect((await clientsOfATurn('http://127.0.0.1:9/a/')).connector).not.toBe(a.connector);
  });
});
