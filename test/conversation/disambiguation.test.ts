// "Did you mean…?" when two topics are about as likely, and the nearest topics when a question is declined.
import { describe, expect, it } from 'vitest';
import { answerTable } from '../../src/answers/index.js';
import {
  hesitation,
  isTopic,
  nearestTopics,
  offered,
  topicQuestionKey,
} from '../../src/conversation/disambiguation.js';
import { closeCall } from '../../src/conversation/settings.js';
import { Assistant } from '../../src/conversation/assistant.js';
import type { Recognition } from '../../src/nlu/recognizer.js';
import { testApp } from '../support/app.js';
import { ask } from '../support/conversation.js';

const recognition = (intents: Record<string, number>): Recognition => {
  const [topIntent, score] = Object.entries(intents).sort((a, b) => b[1] - a[1])[0]!;
  return { text: 'x', intents, topIntent, score, entities: [] };
};
const topics = Object.keys(answerTable).filter((intent) => isTopic(intent, answerTable));

describe('when to ask "did you mean…?"', () => {
  it('asks between two topics that are close and both plausible', () => {
    expect(hesitation(recognition({ 'trade.size': 0.45, 'trade.benefits': 0.35, None: 0.1 }), answerTable)).toEqual([
      'trade.size',
      'trade.benefits',
    ]);
  });

  it('answers when the best topic is clear, the second is implausible, or the two are far apart', () => {
    expect(
      hesitation(recognition({ 'trade.size': closeCall.ceiling + 0.05, 'trade.benefits': 0.3 }), answerTable),
    ).toBeUndefined();
    expect(
      hesitation(recognition({ 'trade.size': 0.4, 'trade.benefits': closeCall.floor - 0.05, None: 0.1 }), answerTable),
    ).toBeUndefined();
    expect(hesitation(recognition({ 'trade.size': 0.58, 'trade.benefits': 0.21 }), answerTable)).toBeUndefined();
  });

  it('never offers small talk or None, and does not ask between a list and one of its items', () => {
    expect(hesitation(recognition({ 'smalltalk.help': 0.45, 'trade.size': 0.4 }), answerTable)).toBeUndefined();
    expect(hesitation(recognition({ 'agreements.list': 0.45, 'agreements.detail': 0.4 }), answerTable)).toBeUndefined();
    expect(
      nearestTopics(
        recognition({
          'smalltalk.help': 0.5,
          'agreements.detail': 0.2,
          'agreements.list': 0.15,
          'border.length': 0.1,
          'trade.jobs': 0.05,
        }),
        answerTable,
      ),
    ).toEqual(['agreements.list', 'border.length', 'trade.jobs']);
  });
});

describe('the questions the options send', () => {
  for (const language of ['en', 'fr'] as const) {
    it(`every topic's question (${language}) exists and is answered as that topic, without a "did you mean"`, () => {
      const { facts } = testApp();
      for (const intent of topics) {
        const question = facts.strings[topicQuestionKey(intent)]?.[language];
        expect(question, `${topicQuestionKey(intent)} (${language})`).toBeTruthy();
        const turn = ask(question!, language);
        expect(turn.intent, question).toBe(offered(intent));
        expect(['classifier', 'cue'], question).toContain(turn.resolution?.via);
      }
    });
  }
});

describe('in a conversation', () => {
  /** The real English recognizer, except that it hesitates between the US offices and Canada's on one question. */
  const hesitantQuestion = 'which offices does the US keep up north';
  function hesitantAssistant(): Assistant {
    const { facts, recognizers } = testApp();
    const hesitant = {
      recognize: (text: string): Recognition =>
        text === hesitantQuestion
          ? { ...recognition({ 'offices.usInCanada': 0.45, 'offices.list': 0.35, None: 0.2 }), text }
          : recognizers.en.recognize(text),
    };
    return new Assistant(facts, { en: hesitant }, { detect: () => 'en' });
  }

  it('asks which of two topics was meant, and choosing one answers it (English)', () => {
    const assistant = hesitantAssistant();
    const question = hesitantQuestion;
    const asked = assistant.reply(question, { subjects: [] }, 'en');
    expect(asked.resolution?.via).toBe('disambiguation');
    expect(asked.reply.text).toContain('Choose one');
    expect(asked.reply.suggestions).toHaveLength(2);
    const chosen = assistant.reply(
      asked.reply.suggestions.find((s) => /US offices/.test(s))!,
      asked.memory,
      'en',
    );
    expect(chosen.resolution?.intent).toBe('offices.usInCanada');
    expect(chosen.resolution?.via).not.toBe('disambiguation');
  });

  it('asks in French, with French options, and not when the first is the topic already', () => {
    // A recognizer that always hesitates between the size of trade and its benefits.
    const { facts } = testApp();
    const hesitant = {
      recognize: (text: string): Recognition => ({
        ...recognition({ 'trade.size': 0.45, 'trade.benefits': 0.35, None: 0.2 }),
        text,
      }),
    };
    const assistant = new Assistant(facts, { en: hesitant, fr: hesitant }, { detect: () => 'fr' });
    const asked = assistant.reply('et le commerce alors', { subjects: [] }, 'fr');
    expect(asked.resolution?.via).toBe('disambiguation');
    expect(asked.reply.text).toContain('Choisissez');
    expect(asked.reply.suggestions).toEqual([
      facts.strings['suggest.trade.size']!.fr,
      facts.strings['suggest.trade.benefits']!.fr,
    ]);
    const inContext = assistant.reply('et le commerce alors', { subjects: [], lastIntent: 'trade.size' }, 'fr');
    expect(inContext.resolution?.via).toBe('classifier');
  });

  it('a disambiguation turn does not change the topic a follow-up leans on', () => {
    const assistant = hesitantAssistant();
    let memory = assistant.reply('Tell me about NATO', { subjects: [] }, 'en').memory;
    const asked = assistant.reply(hesitantQuestion, memory, 'en');
    expect(asked.resolution?.via).toBe('disambiguation');
    memory = asked.memory;
    expect(assistant.reply('when was it created?', memory, 'en').reply.text).toContain('1949');
  });

  for (const [language, text, help] of [
    ['en', 'give me a pizza recipe', 'What can I ask?'],
    ['fr', 'donnez-moi une recette de pizza', 'Que puis-je demander?'],
  ] as const) {
    it(`declines with the three nearest topics and "what can I ask" (${language})`, () => {
      const turn = ask(text, language);
      expect(turn.intent).toBe('None');
      expect(turn.reply.suggestions).toHaveLength(4);
      expect(turn.reply.suggestions[3]).toBe(help);
      for (const suggestion of turn.reply.suggestions.slice(0, 3))
        expect(ask(suggestion, language).intent, suggestion).not.toBe('None');
    });
  }
});
