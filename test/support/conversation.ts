// Talks to the Assistant (no server) the way a person would, turn after turn.
import type { ConversationMemory } from '../../src/conversation/resolve.js';
import type { TurnResult } from '../../src/conversation/assistant.js';
import { testApp } from './app.js';

export function conversation(locale: 'en' | 'fr' | undefined = 'en') {
  let memory: ConversationMemory = { subjects: [] };
  return (text: string): TurnResult & { intent: string | undefined } => {
    const turn = testApp().assistant.reply(text, memory, locale);
    memory = turn.memory;
    return { ...turn, intent: turn.resolution?.intent };
  };
}

export function ask(text: string, locale: 'en' | 'fr' | undefined = 'en') {
  return conversation(locale)(text);
}
