// Talks to the Assistant (no server) the way a person would, turn after turn.
import type { ConversationMemory } from '../../src/conversation/resolve.js';
import type { TurnResult } from '../../src/conversation/assistant.js';
import { testApp } from './app.js';

export function conversation() {
  let memory: ConversationMemory = { subjects: [] };
  return (text: string): TurnResult & { intent: string | undefined } => {
    const turn = testApp().assistant.reply(text, memory, 'en');
    memory = turn.memory;
    return { ...turn, intent: turn.resolution?.intent };
  };
}

export function ask(text: string) {
  return conversation()(text);
}
