// Lists as Adaptive Cards where the channel renders them (Teams, Web Chat, the Emulator): the card
// alone, one bubble, with the first sentence as the message's summary (what notifications and chat
// lists show), the sources as link buttons and a spoken version; the same
// answer as Markdown where it cannot (Slack, SMS, Telegram). And the help menu: a card whose topic
// buttons ask questions the bot understands as those topics, a bulleted list as text.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { say } from '../../src/answers/compose.js';
import { helpTopics } from '../../src/answers/smalltalk.js';
import type { Language } from '../../src/facts/schema.js';
import { firstSentence, wordCount } from '../../src/replies/render.js';
import { testApp } from '../support/app.js';
import { listenDuringTests } from '../support/server.js';

const { server, facts } = testApp();
const baseUrl = listenDuringTests(server);

interface CardElement {
  type: string;
  text?: string;
  style?: string;
  title?: string;
  url?: string;
  data?: {
    msteams?: { type: string; text: string; displayText: string };
    __isBotFrameworkCardAction?: boolean;
    cardAction?: { type: string; value: string };
  };
  items?: CardElement[];
  actions?: CardElement[];
}
interface Card {
  type: string;
  version: string;
  speak: string;
  fallbackText: string;
  body: CardElement[];
  actions?: CardElement[];
}
interface Message {
  type: string;
  text?: string;
  summary?: string;
  speak?: string;
  textFormat?: string;
  attachments?: { contentType: string; content: Card }[];
  suggestedActions?: { actions: { title: string; value: string }[] };
  value?: { topIntent?: string };
  name?: string;
}

const cardChannels = ['msteams', 'webchat', 'emulator'];
const textChannels = ['slack', 'sms', 'telegram'];

async function post(channelId: string, fields: Record<string, unknown>, language: Language = 'en') {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: randomUUID(),
      channelId,
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: randomUUID(), conversationType: 'personal' },
      from: { id: 'person-1', name: 'Person' },
      recipient: { id: 'bot', name: 'Bot' },
      locale: language === 'fr' ? 'fr-CA' : 'en-US',
      deliveryMode: 'expectReplies',
      ...fields,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { activities: Message[] }).activities;
}

async function ask(channelId: string, text: string, language: Language = 'en'): Promise<Message> {
  const messages = (await post(channelId, { type: 'message', text }, language)).filter((a) => a.type === 'message');
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

const adaptiveCardOf = (message: Message) =>
  message.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;

/** Every element of a card, nested ones too. */
function elements(card: Card): CardElement[] {
  const all: CardElement[] = [];
  const walk = (list: CardElement[] = []) => list.forEach((e) => (all.push(e), walk(e.items), walk(e.actions)));
  walk(card.body);
  walk(card.actions);
  return all;
}

const gacUrl = (language: Language) =>
  `https://www.international.gc.ca/country-pays/us-eu/relations.aspx?lang=${language === 'fr' ? 'fra' : 'eng'}`;

/** A list answer per topic, asked in each language, with items that must all be on the card and in the text. */
const lists: {
  topic: string;
  title: string;
  question: Record<Language, string>;
  items: Record<Language, string[]>;
  source: (language: Language) => string;
}[] = [
  {
    topic: 'agreements',
    title: 'card.agreementsTitle',
    question: {
      en: 'which trade agreements involve canada and the us',
      fr: 'Quels accords commerciaux lient le Canada et les États-Unis?',
    },
    items: { en: ['(TRIPS)', '(CUSMA)', '(GATS)', '(ITA)'], fr: ['(ADPIC)', '(ACEUM)', '(AGCS)', '(ATI)'] },
    source: gacUrl,
  },
  {
    topic: 'organizations',
    title: 'card.organizationsTitle',
    question: {
      en: 'what international organizations are canada and the us part of',
      fr: 'De quelles organisations internationales le Canada et les États-Unis font-ils partie?',
    },
    items: {
      en: ['Arctic Council', '(NATO)', '(G7)', '(WTO)'],
      fr: ["Conseil de l'Arctique", '(OTAN)', '(G7)', '(OMC)'],
    },
    source: gacUrl,
  },
  {
    topic: 'environment',
    title: 'card.environmentTitle',
    question: {
      en: 'What do Canada and the US do together for the environment?',
      fr: 'Comment le Canada et les États-Unis collaborent-ils en environnement?',
    },
    items: {
      en: ['climate change', 'air quality', 'wildlife protection'],
      fr: ['changements climatiques', "qualité de l'air", 'protection de la faune'],
    },
    source: gacUrl,
  },
  {
    topic: 'security',
    title: 'card.securityTitle',
    question: {
      en: 'How do Canada and the United States work together on security?',
      fr: 'Comment le Canada et les États-Unis collaborent-ils en matière de sécurité?',
    },
    items: {
      en: ['address threats early', 'integrate cross-border law enforcement'],
      fr: [
        'contrer les menaces le plus tôt possible',
        "intégrer les activités transfrontalières d'application de la loi",
      ],
    },
    source: gacUrl,
  },
  {
    topic: 'trade benefits',
    title: 'card.benefitsTitle',
    question: {
      en: 'What are the benefits of Canada-US trade?',
      fr: 'Quels sont les avantages du commerce entre le Canada et les États-Unis?',
    },
    items: { en: ['grow stronger economies together'], fr: ['bâtir ensemble des économies plus fortes'] },
    source: gacUrl,
  },
  {
    topic: 'offices',
    title: 'card.officesTitle',
    question: { en: 'list the canadian consulates in the us', fr: 'Où sont les consulats canadiens aux États-Unis ?' },
    items: { en: ['Atlanta', 'Minneapolis', 'Seattle'], fr: ['Atlanta', 'Minneapolis', 'Seattle'] },
    source: () => 'https://travel.gc.ca/assistance/embassies-consulates/united-states',
  },
];

describe.each(['en', 'fr'] as const)('list answers in %s', (language) => {
  describe.each(lists)('$topic', ({ title, question, items, source }) => {
    it.each(cardChannels)(
      'is an accessible Adaptive Card 1.5 on %s, alone, with the first sentence as the summary',
      async (channel) => {
        const message = await ask(channel, question[language], language);
        const card = adaptiveCardOf(message);
        expect(card, 'an Adaptive Card').toBeDefined();
        expect(card!.version).toBe('1.5');
        expect(card!.body[0]).toMatchObject({ type: 'TextBlock', style: 'heading', text: say(facts, language, title) });
        expect(card!.speak.length).toBeGreaterThan(20);
        // Spoken once: Web Chat's speech synthesis says the activity's speak and then each card's.
        expect(message.speak).toBeUndefined();
        // The full Markdown answer for hosts that cannot render the card, with its source line.
        expect(card!.fallbackText).toMatch(/\n- /);
        expect(card!.fallbackText).toContain(`](${source(language)})`);
        // One bubble: the card and no text beside it; the first sentence is what notifications show.
        expect(message.attachments).toHaveLength(1);
        expect(message.text).toBeUndefined();
        expect(message.summary).toBe(firstSentence(card!.fallbackText, language));
        expect(message.summary).not.toContain('\n');
        expect(wordCount(message.summary!)).toBeGreaterThan(3);
        expect(wordCount(message.summary!)).toBeLessThan(25);
        // Every item on the card, and the source as a link button.
        const json = JSON.stringify(card);
        for (const item of items[language]) expect(json).toContain(item);
        expect(card!.actions).toEqual(
          expect.arrayContaining([expect.objectContaining({ type: 'Action.OpenUrl', url: source(language) })]),
        );
        expect(message.suggestedActions?.actions.length).toBeGreaterThanOrEqual(2);
      },
    );

    it.each(textChannels)('is the same answer as Markdown text on %s', async (channel) => {
      const message = await ask(channel, question[language], language);
      expect(message.attachments ?? []).toEqual([]);
      expect(message.summary).toBeUndefined();
      expect(message.textFormat).toBe('markdown');
      expect(message.text).toMatch(/\n- /);
      for (const item of items[language]) expect(message.text).toContain(item);
      expect(message.text).toContain(`](${source(language)})`);
      expect(message.text).toMatch(
        language === 'fr' ? /\((copie conservée ici, )?consulté(e)? le / : /\((a copy stored here, )?retrieved on /,
      );
      expect(message.suggestedActions?.actions.length).toBeGreaterThanOrEqual(2);
    });
  });
});

describe('an answer without a card', () => {
  it.each(['webchat', 'slack'])('is the whole Markdown answer on %s', async (channel) => {
    const message = await ask(channel, 'how long is the border?');
    expect(adaptiveCardOf(message)).toBeUndefined();
    expect(message.text).toMatch(
      /^Canada and the United States share a land border close to 9,000 km[\s\S]*8,891 km[\s\S]*Source: \[/,
    );
  });
});

/** The intent each help topic's button should lead to. */
const topicIntents: Record<string, string> = {
  'topic.relations': 'relations.overview',
  'topic.border': 'border.length',
  'topic.offices': 'offices.list',
  'topic.officeForPlace': 'offices.forPlace',
  'topic.usOffices': 'offices.usInCanada',
  'topic.security': 'security.cooperation',
  'topic.defence': 'defence.norad',
  'topic.environment': 'environment.cooperation',
  'topic.trade': 'trade.size',
  'topic.agreements': 'agreements.list',
  'topic.organizations': 'organizations.list',
};

describe.each(['en', 'fr'] as const)('the help menu in %s', (language) => {
  const helpQuestion = { en: 'what can you do', fr: 'que peux-tu faire?' }[language];
  const topics = helpTopics.map(([topic, question]) => ({
    topic,
    label: say(facts, language, topic),
    question: say(facts, language, question),
  }));

  it('covers every topic the bot answers, each once', () => {
    expect(helpTopics.map(([topic]) => topic).sort()).toEqual(Object.keys(topicIntents).sort());
    expect(new Set(topics.map((t) => t.label)).size).toBe(topics.length);
  });

  it.each(cardChannels)(
    'is a card on %s with a heading and one button per topic that asks its question',
    async (channel) => {
      const message = await ask(channel, helpQuestion, language);
      expect(message.text).toBeUndefined();
      expect(message.summary).toBe(say(facts, language, 'help'));
      const card = adaptiveCardOf(message)!;
      expect(card.version).toBe('1.5');
      expect(card.body[0]).toMatchObject({ style: 'heading', text: say(facts, language, 'card.helpTitle') });
      expect(card.speak).toContain(say(facts, language, 'help'));
      const buttons = elements(card).filter((e) => e.type === 'Action.Submit');
      expect(buttons.map((b) => b.title)).toEqual(topics.map((t) => t.label));
      for (const [i, button] of buttons.entries()) {
        // Teams posts the question as the person's message; Web Chat and the Emulator send it as typed.
        expect(button.data?.msteams).toEqual({
          type: 'messageBack',
          text: topics[i]!.question,
          displayText: topics[i]!.question,
        });
        expect(button.data?.__isBotFrameworkCardAction).toBe(true);
        expect(button.data?.cardAction).toMatchObject({ type: 'imBack', value: topics[i]!.question });
      }
      for (const t of topics) expect(card.fallbackText).toContain(`- ${t.label}`);
    },
  );

  it.each(textChannels)('lists every topic as text on %s', async (channel) => {
    const message = await ask(channel, helpQuestion, language);
    expect(message.attachments ?? []).toEqual([]);
    expect(message.text).toMatch(
      new RegExp(`^${say(facts, language, 'help')}\\s+${say(facts, language, 'helpTopics')}`),
    );
    for (const t of topics) expect(message.text).toContain(`\n- ${t.label}`);
  });

  it('has buttons whose questions the recognizer understands as their topics', async () => {
    const understood: Record<string, string | undefined> = {};
    for (const [topic, questionKey] of helpTopics) {
      const activities = await post('emulator', { type: 'message', text: say(facts, language, questionKey) }, language);
      understood[topic] = activities.find((a) => a.type === 'trace' && a.name === 'RecognizerResult')?.value?.topIntent;
    }
    expect(understood).toEqual(topicIntents);
  });

  it('is also the welcome, one message whose card and summary carry the privacy notice', async () => {
    const welcomes = (
      await post('webchat', { type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, { id: 'person-1' }] }, language)
    ).filter((a) => a.type === 'message');
    expect(welcomes).toHaveLength(1);
    const [welcome] = welcomes;
    expect(welcome!.text).toBeUndefined();
    expect(welcome!.summary).toBe(`${say(facts, language, 'welcome')} ${say(facts, language, 'privacyNotice')}`);
    const card = adaptiveCardOf(welcome!)!;
    expect(card.speak).toContain(say(facts, language, 'privacyNotice'));
    expect(card.body[0]).toMatchObject({ style: 'heading', text: say(facts, language, 'card.helpTitle') });
    expect(JSON.stringify(card.body)).toContain(say(facts, language, 'privacyNotice'));
    expect(elements(card).filter((e) => e.type === 'Action.Submit')).toHaveLength(topics.length);
    expect(welcome!.suggestedActions?.actions.length).toBeGreaterThanOrEqual(2);
    const [onSms] = (
      await post('sms', { type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, { id: 'person-1' }] }, language)
    ).filter((a) => a.type === 'message');
    expect(onSms!.attachments ?? []).toEqual([]);
    expect(onSms!.text).toContain(say(facts, language, 'privacyNotice'));
    for (const t of topics) expect(onSms!.text).toContain(`- ${t.label}`);
  });
});
