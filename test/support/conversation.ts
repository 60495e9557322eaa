// Talks to the Assistant (no server) the way a person would, turn after turn.
import type { ConversationMemory } from '../../src/conversation/resolve.js';
import type { TurnResult } from '../../src/conversation/assistant.js';
import { testApp } from './app.js';

// Built when a test file imports this module, not inside its first test: training the recognizer takes
// seconds on a busy machine, which would count against that test's 5-second timeout.
testApp();

/** @param locale the client's locale language; 'none' for a client without one */
export function conversation(locale: 'en' | 'fr' | 'none' = 'en') {
  let memory: ConversationMemory = { subjects: [] };
  return (text: string): TurnResult & { intent: string | undefined } => {
    const turn = testApp().assistant.reply(text, memory, locale === 'none' ? undefined : locale);
    memory = turn.memory;
    return { ...turn, intent: turn.resolution?.intent };
  };
}

export function ask(text: string, locale: 'en' | 'fr' | 'none' = 'en') {
  return conversation(locale)(text);
}
