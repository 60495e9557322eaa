// Microsoft Teams: the app package validates against the bundled schema (and a broken one does not),
// and the bot behaves as Teams needs: welcome once per install, a card alone with the summary Teams
// shows in notifications and the chat list, buttons instead of suggested actions in group
// conversations, mentions removed.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPackageDir, buildTeamsPackage, fillPlaceholders, validateManifest } from '../../scripts/teams-package.js';
import { testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const baseUrl = listenDuringTests(testApp().server);
const appId = '00000000-0000-0000-0000-000000000001';
const manifest = () =>
  fillPlaceholders(JSON.parse(readFileSync(join(appPackageDir, 'manifest.json'), 'utf8')), {
    MicrosoftAppId: appId,
    TEAMS_APP_ID: appId,
  });

describe('Teams app package', () => {
  it('validates against the Teams manifest schema bundled in @microsoft/app-manifest', async () => {
    expect(await validateManifest(manifest())).toEqual([]);
  });

  it('fails with the schema error for a broken manifest', async () => {
    const broken = manifest();
    broken.bots[0].scopes = ['nope'];
    expect((await validateManifest(broken)).join('\n')).toMatch(/scopes\/0 must be equal to one of the allowed values/);
  });

  it('builds the zip with the manifest, both icons and the French localization', async () => {
    expect((await buildTeamsPackage({ MicrosoftAppId: appId, TEAMS_APP_ID: appId })).sort()).toEqual([
      'color.png',
      'fr-ca.json',
      'manifest.json',
      'outline.png',
    ]);
  });
});

async function teams(fields: Record<string, unknown>, conversationType: string) {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      conversation: { id: randomUUID(), conversationType },
      from: { id: 'person-1', name: 'Person' },
      recipient: { id: 'bot', name: 'CanUS Bot' },
      deliveryMode: 'expectReplies',
      ...fields,
    }),
  });
  const body = (await res.json()) as {
    activities: {
      type: string;
      text?: string;
      summary?: string;
      suggestedActions?: unknown;
      attachments?: { contentType: string; content: { buttons?: { title: string }[]; body?: unknown[] } }[];
    }[];
  };
  return body.activities.filter((a) => a.type === 'message');
}

describe('the bot in Teams', () => {
  it('welcomes a team once when installed, not each person who joins it later', async () => {
    expect(await teams({ type: 'conversationUpdate', membersAdded: [{ id: 'bot' }] }, 'channel')).toHaveLength(1);
    expect(
      await teams({ type: 'conversationUpdate', membersAdded: [{ id: 'new-colleague' }] }, 'channel'),
    ).toHaveLength(0);
  });

  it('welcomes a person when installed in personal scope: one card, the privacy notice in its summary', async () => {
    const messages = await teams({ type: 'conversationUpdate', membersAdded: [{ id: 'bot' }] }, 'personal');
    expect(messages).toHaveLength(1);
    const [welcome] = messages;
    expect(welcome?.text).toBeUndefined();
    // Without a summary, Teams' notification and chat list would say only "sent a card".
    expect(welcome?.summary).toMatch(/do not share personal information/);
    expect(JSON.stringify(welcome?.attachments?.[0]?.content.body)).toMatch(/do not share personal information/);
  });

  it('sends a list answer in a group chat as the card, with its summary, and the next questions as buttons', async () => {
    const mention = { type: 'mention', text: '<at>CanUS Bot</at>', mentioned: { id: 'bot', name: 'CanUS Bot' } };
    const messages = await teams(
      {
        type: 'message',
        text: '<at>CanUS Bot</at> which organizations do canada and the us belong to',
        entities: [mention],
      },
      'groupChat',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBeUndefined();
    expect(messages[0]?.summary).toMatch(/^Canada and the United States work closely in multilateral forums/);
    expect(messages[0]?.attachments?.map((a) => a.contentType)).toEqual([
      'application/vnd.microsoft.card.adaptive',
      'application/vnd.microsoft.card.hero',
    ]);
  });

  it('offers the next questions as card buttons in a group chat, as suggested actions one-to-one', async () => {
    const mention = { type: 'mention', text: '<at>CanUS Bot</at>', mentioned: { id: 'bot', name: 'CanUS Bot' } };
    const [inGroup] = await teams(
      { type: 'message', text: '<at>CanUS Bot</at> how long is the border', entities: [mention] },
      'groupChat',
    );
    expect(inGroup?.text).toContain('9,000 km');
    expect(inGroup?.suggestedActions).toBeUndefined();
    const buttons =
      inGroup?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.hero')?.content.buttons ?? [];
    expect(buttons.map((b) => b.title)).toContain('How many people cross the border each day?');
    const [personal] = await teams({ type: 'message', text: 'how long is the border' }, 'personal');
    expect(personal?.suggestedActions).toBeDefined();
  });
});
