// A seeded run for the insights page (its browser test and npm run screenshots): realistic
// conversations in English and French — answered, referred, declined (some with personal information in
// them), rated up and down — each turn decided by the app's Assistant and recorded as the bot records it
// (turnEvent), spread over the last two weeks on the web chat, Teams and Direct Line.
import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import type { ConversationMemory } from '../../src/conversation/resolve.js';
import type { Language } from '../../src/facts/schema.js';
import { turnEvent, type TurnEvent } from '../../src/insights/events.js';
import { conversationHash } from '../../src/logger.js';

/** A conversation: its locale, what the person types turn after turn, and whether the bot declines it. */
export const seedConversations: { locale: Language; messages: string[]; declined?: true }[] = [
  { locale: 'en', messages: ['how long is the border?', '👍 Helpful'] },
  { locale: 'en', messages: ['Which consulate serves Ohio?', 'and Michigan?', '👍 Helpful'] },
  { locale: 'en', messages: ['what is NORAD?', 'when was it created?', '👎 Not helpful'] },
  { locale: 'en', messages: ['I lost my passport in Chicago, what do I do?'] },
  { locale: 'en', messages: ['What is the weather in Seattle this weekend?'], declined: true },
  { locale: 'en', messages: ['Which provinces border Montana?'], declined: true },
  { locale: 'en', messages: ['how many Canadians live in the US?'], declined: true },
  {
    locale: 'en',
    messages: ['Hi, my name is Jean Tremblay, call me at 613-555-0199: how long are the lines at the border today?'],
    declined: true,
  },
  { locale: 'en', messages: ['what is cusma', 'tell me more', '👍 Helpful'] },
  { locale: 'en', messages: ['how much trade crosses the border each day?', '👎 Not helpful'] },
  { locale: 'en', messages: ['Do I need a visa to visit the US?'] },
  { locale: 'en', messages: ['who won the stanley cup last year?'], declined: true },
  { locale: 'en', messages: ['hi', 'what can I ask?', 'What is NATO?', '👍 Helpful'] },
  { locale: 'en', messages: ['Is Canada part of the G7?', '👎 Not helpful'] },
  { locale: 'fr', messages: ['Quelle est la longueur de la frontière?', '👍 Utile'] },
  { locale: 'fr', messages: ['Quel consulat dessert la Floride?', '👍 Utile'] },
  { locale: 'fr', messages: ["Qu'est-ce que le NORAD?", '👎 Pas utile'] },
  { locale: 'fr', messages: ['Quelle est la météo à Boston demain?'], declined: true },
  { locale: 'fr', messages: ['Combien de Canadiens vivent aux États-Unis?'], declined: true },
  { locale: 'fr', messages: ["J'ai perdu mon passeport à New York, mon numéro est GH 654321"] },
  { locale: 'fr', messages: ['Quels accords commerciaux lient le Canada et les États-Unis?'] },
  { locale: 'fr', messages: ['Quelles provinces bordent le Montana?'], declined: true },
];

const channels = ['webchat', 'webchat', 'msteams', 'directline'];

/** The events of one conversation, as the bot records them. */
export function conversationEvents(
  app: App,
  conversation: { locale: Language; messages: string[] },
  channel: string,
  start: Date,
): TurnEvent[] {
  const hash = conversationHash(randomUUID());
  let memory: ConversationMemory = { subjects: [] };
  return conversation.messages.map((text, i) => {
    const rating = app.assistant.ratingIn(text);
    const turn = rating
      ? app.assistant.rate(rating.rating, memory, conversation.locale, rating.language)
      : app.assistant.reply(text, memory, conversation.locale);
    memory = turn.memory;
    return turnEvent({
      time: new Date(start.getTime() + i * 40_000),
      conversation: hash,
      channel,
      outcome: app.assistant.outcomeOf(turn, rating !== undefined),
      turn,
      rating: rating?.rating,
    });
  });
}

/**
 * Records a seeded run into the app's event log: over the last `days` days (today included), a varying
 * number of conversations a day, taken in turn from the list. Returns the events recorded.
 */
export function seedInsights(app: App, days = 14, now = new Date()): TurnEvent[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const recorded: TurnEvent[] = [];
  let next = 0;
  for (let d = days - 1; d >= 0; d--) {
    const conversations = 3 + ((d * 7) % 6); // 3 to 8 a day
    for (let c = 0; c < conversations; c++) {
      const start = new Date(today - d * 86_400_000 + (8 + ((c * 5) % 12)) * 3_600_000 + c * 60_000);
      if (start > now) continue;
      const events = conversationEvents(
        app,
        seedConversations[next++ % seedConversations.length]!,
        channels[(d + c) % channels.length]!,
        start,
      );
      for (const event of events) app.events.record(event);
      recorded.push(...events);
    }
  }
  return recorded;
}
