// One turn of the conversation, without any channel: clean text in, rendered reply and memory out.
// The bot (src/bot) wraps this with botbuilder; tests and the evaluator can call it directly.
import { answerTable } from '../answers/index.js';
import { answer as buildAnswer, say } from '../answers/compose.js';
import type { AnswerRoute } from '../answers/types.js';
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import { noneIntent, type Recognition } from '../nlu/recognizer.js';
import { renderAnswer, type RenderedReply } from '../replies/render.js';
import { rememberTurn, resolveTurn, type ConversationMemory, type Resolution } from './resolve.js';

export interface Recognizer {
  recognize(text: string): Recognition;
}

export interface TurnResult {
  reply: RenderedReply;
  memory: ConversationMemory;
  /** Absent when the message was not classified (empty, emoji only, too long). */
  recognition?: Recognition;
  resolution?: Resolution;
}

/** Longer messages are answered politely without running the classifier on them. */
export const longestMessage = 2000;

export class Assistant {
  constructor(
    private readonly facts: FactBase,
    private readonly recognizer: Recognizer,
    private readonly routes: Record<string, AnswerRoute> = answerTable,
  ) {}

  welcome(language: Language): RenderedReply {
    const request = this.request(language, '');
    const text = `${say(this.facts, language, 'welcome')}\n\n${say(this.facts, language, 'privacyNotice')}`;
    return renderAnswer(
      buildAnswer(request, { text, sources: [], suggest: ['suggest.border.length', 'suggest.offices.forPlace', 'suggest.trade.size', 'suggest.agreements.list'] }),
      this.facts,
      language,
    );
  }

  reply(text: string, memory: ConversationMemory, language: Language): TurnResult {
    const trimmed = text.trim();
    if (trimmed.length > longestMessage) return { reply: this.fromString('tooLong', language), memory };
    // Empty, emoji-only or punctuation-only: show what the bot can do.
    if (!/[\p{L}\p{N}]/u.test(trimmed)) return { reply: this.answerWith('smalltalk.help', language, trimmed), memory };

    const recognition = this.recognizer.recognize(trimmed);
    const resolution = resolveTurn(recognition, memory, this.routes, this.facts.language[language] ?? this.facts.language.en);
    const route = this.routes[resolution.intent] ?? this.routes[noneIntent]!;
    const answer = route.answer({ ...this.request(language, trimmed), subjects: resolution.subjects, yesNo: resolution.yesNo, mentionsOtherCountry: resolution.mentionsOtherCountry });
    return {
      reply: renderAnswer(answer, this.facts, language),
      memory: rememberTurn(memory, resolution.intent, answer.subjects, this.routes),
      recognition,
      resolution,
    };
  }

  private answerWith(intent: string, language: Language, text: string): RenderedReply {
    return renderAnswer(this.routes[intent]!.answer(this.request(language, text)), this.facts, language);
  }

  private fromString(key: string, language: Language): RenderedReply {
    return renderAnswer(buildAnswer(this.request(language, ''), { text: say(this.facts, language, key), sources: [], suggest: ['suggest.help'] }), this.facts, language);
  }

  private request(language: Language, text: string) {
    return { facts: this.facts, language, text, subjects: [], yesNo: false, mentionsOtherCountry: false };
  }
}
