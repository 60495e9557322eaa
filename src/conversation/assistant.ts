// One turn of the conversation, without any channel: clean text in, rendered reply and memory out.
// The bot (src/bot) wraps this with botbuilder; tests and the evaluator can call it directly.
import { answerTable } from '../answers/index.js';
import { answer as buildAnswer, say } from '../answers/compose.js';
import { welcome as welcomeAnswer } from '../answers/smalltalk.js';
import type { AnswerRequest, AnswerRoute } from '../answers/types.js';
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import { noneIntent, type Recognition } from '../nlu/recognizer.js';
import { plainWords } from '../nlu/text.js';
import { renderAnswer, type RenderedReply } from '../replies/render.js';
import { feedbackEntry, rateableQuestion, ratingInText, type FeedbackEntry, type Rating } from './feedback.js';
import { hesitation, nearestTopics, topicQuestionKey } from './disambiguation.js';
import { namedSubjects, rememberTurn, resolveTurn, type ConversationMemory, type Resolution } from './resolve.js';

export interface Recognizer {
  recognize(text: string): Recognition;
}

export interface TurnResult {
  reply: RenderedReply;
  memory: ConversationMemory;
  /** The language the reply is in. */
  language: Language;
  /** Absent when the message was not classified (empty, emoji only, too long). */
  recognition?: Recognition;
  resolution?: Resolution;
  /** The 👍/👎 labels to offer, in the reply's language: only under an answer from the fact base. */
  feedback?: Record<Rating, string>;
  /** A rating the person just gave, with the question it rates, for the feedback log. */
  rated?: FeedbackEntry;
}

/** Longer messages are answered politely without running the classifier on them. */
export const longestMessage = 2000;

export interface LanguageGuesser {
  detect(text: string): Language | undefined;
}

export class Assistant {
  /** The feedback labels ("👍 Helpful"), by language. */
  private readonly feedbackLabels: Record<Language, Record<Rating, string>>;

  constructor(
    private readonly facts: FactBase,
    /** One recognizer per language; a language without one is understood by the English one. */
    private readonly recognizers: Partial<Record<Language, Recognizer>> & { en: Recognizer },
    private readonly languages: LanguageGuesser,
    private readonly routes: Record<string, AnswerRoute> = answerTable,
  ) {
    const labels = (language: Language) => ({
      up: say(facts, language, 'feedback.up'),
      down: say(facts, language, 'feedback.down'),
    });
    this.feedbackLabels = { en: labels('en'), fr: labels('fr') };
  }

  /**
   * The language to answer in: an explicit request ("en français"), else the message's own language,
   * else the language asked for earlier, else the client's locale, else the conversation's language
   * so far, else English.
   */
  languageOf(
    text: string,
    memory: ConversationMemory,
    locale: Language | undefined,
  ): { language: Language; switched: boolean } {
    const folded = plainWords(text);
    for (const language of ['en', 'fr'] as const) {
      const requests = this.facts.language[language]?.switchRequests ?? [];
      if (requests.some((r) => folded === r || (folded.length <= 40 && folded.includes(r))))
        return { language, switched: true };
    }
    return {
      language: this.languages.detect(text) ?? memory.preferredLanguage ?? locale ?? memory.language ?? 'en',
      switched: false,
    };
  }

  welcome(language: Language): RenderedReply {
    return renderAnswer(welcomeAnswer(this.request(language, '')), this.facts, language);
  }

  /** @param locale the language of the client's locale, when it has one we speak */
  reply(text: string, memory: ConversationMemory, locale?: Language): TurnResult {
    const trimmed = text.trim();
    if (trimmed.length > longestMessage) {
      const language = memory.language ?? locale ?? 'en';
      return { reply: this.fromString('tooLong', language), memory, language };
    }
    const { language, switched } = this.languageOf(trimmed, memory, locale);
    const remembered = { ...memory, language, ...(switched ? { preferredLanguage: language } : {}) };
    // Empty, emoji-only or punctuation-only: show what the bot can do. Asked to switch: say so, then the same.
    // "And in French?" after an answer: that answer again, in the language asked for.
    const last = memory.lastIntent ? this.routes[memory.lastIntent] : undefined;
    if (switched && last) {
      const again = last.answer({ ...this.request(language, trimmed), subjects: memory.subjects });
      return {
        reply: renderAnswer(
          { ...again, text: `${say(this.facts, language, 'languageSwitched')} ${again.text}` },
          this.facts,
          language,
        ),
        memory: remembered,
        language,
      };
    }
    if (switched || !/[\p{L}\p{N}]/u.test(trimmed)) {
      const help = this.answerWith(
        'smalltalk.help',
        language,
        trimmed,
        switched ? say(this.facts, language, 'languageSwitched') : undefined,
      );
      return { reply: help, memory: remembered, language };
    }

    const recognition = (this.recognizers[language] ?? this.recognizers.en).recognize(trimmed);
    const resolution = resolveTurn(
      recognition,
      memory,
      this.routes,
      this.facts.language[language] ?? this.facts.language.en,
    );
    const request = {
      ...this.request(language, trimmed),
      subjects: resolution.subjects,
      yesNo: resolution.yesNo,
      mentionsOtherCountry: resolution.mentionsOtherCountry,
    };
    if (resolution.via === 'more')
      return {
        ...this.more(request, resolution.intent, memory, recognition.intents[resolution.intent] ?? 0),
        recognition,
        resolution,
      };
    // Two topics about as likely: ask which, rather than guess (unless the first is the conversation's topic already).
    const options =
      resolution.via === 'classifier' && resolution.subjects.length === 0 && resolution.intent !== memory.lastIntent
        ? hesitation(recognition, this.routes)
        : undefined;
    if (options) {
      const reply = renderAnswer(
        buildAnswer(request, {
          text: say(this.facts, language, 'disambiguate'),
          sources: [],
          suggest: options.map(topicQuestionKey),
        }),
        this.facts,
        language,
      );
      return {
        reply,
        memory: { ...memory, language },
        language,
        recognition,
        resolution: { ...resolution, via: 'disambiguation' },
      };
    }
    const route = this.routes[resolution.intent] ?? this.routes[noneIntent]!;
    let answer = route.answer(request);
    if (resolution.intent === noneIntent) {
      // Declined: the nearest topics, and what the bot can do.
      const nearest = nearestTopics(recognition, this.routes).map((intent) =>
        say(this.facts, language, topicQuestionKey(intent)),
      );
      answer = {
        ...answer,
        text: `${answer.text} ${say(this.facts, language, 'declineNearest')}`,
        suggestions: [...nearest, say(this.facts, language, 'suggest.help')],
      };
    } else if (route.more?.(request)) {
      answer = { ...answer, suggestions: [...answer.suggestions, say(this.facts, language, 'suggest.more')] };
    }
    // An answer from the fact base (it has a source; small talk, declines and clarifying questions do not) can be rated.
    const rateable =
      resolution.intent !== noneIntent && !resolution.intent.startsWith('smalltalk.') && answer.sources.length > 0;
    const lastQuestion = rateable
      ? {
          lastQuestion: rateableQuestion(
            trimmed,
            resolution.intent,
            recognition.intents[resolution.intent] ?? 0,
            language,
          ),
        }
      : {};
    return {
      reply: renderAnswer(answer, this.facts, language),
      memory: {
        ...rememberTurn(memory, resolution.intent, answer.subjects, this.routes, namedSubjects(recognition)),
        language,
        ...lastQuestion,
      },
      language,
      recognition,
      resolution,
      ...(rateable ? { feedback: this.feedbackLabels[language] } : {}),
    };
  }

  /** Whether a message is a rating: exactly a feedback label, in either language, or a bare 👍/👎. */
  ratingIn(text: string): { rating: Rating; language?: Language } | undefined {
    return ratingInText(text, this.feedbackLabels);
  }

  /**
   * A 👍/👎 on the last answer: thanks, and the rated question for the feedback log. Not classified,
   * and the topic stays as it was, so a follow-up after rating still works.
   * @param language the language of the label clicked, when it has one
   */
  rate(rating: Rating, memory: ConversationMemory, locale?: Language, language?: Language): TurnResult {
    const { lastQuestion: question, ...unrated } = memory;
    const replyLanguage = language ?? question?.language ?? memory.language ?? locale ?? 'en';
    if (!question)
      return { reply: this.fromString('feedbackNothingToRate', replyLanguage), memory, language: replyLanguage };
    const thanks = this.fromString(rating === 'up' ? 'feedbackThanksUp' : 'feedbackThanksDown', replyLanguage);
    return { reply: thanks, memory: unrated, language: replyLanguage, rated: feedbackEntry(rating, question) };
  }

  /** "Tell me more": the next level of detail once, then "that's all" with the sources to read on. */
  private more(
    request: AnswerRequest,
    intent: string,
    memory: ConversationMemory,
    score: number,
  ): Omit<TurnResult, 'recognition' | 'resolution'> {
    const { language } = request;
    const route = this.routes[intent];
    if (intent === noneIntent || !route)
      return {
        reply: this.answerWith('smalltalk.help', language, request.text, say(this.facts, language, 'moreNoTopic')),
        memory: { ...memory, language },
        language,
      };
    const depth = memory.depth ?? 0;
    const deeper = depth === 0 ? route.more?.(request) : undefined;
    if (deeper) {
      // More from the fact base is an answer like any other: it can be rated.
      const lastQuestion = rateableQuestion(request.text, intent, score, language);
      const subjects = deeper.subjects.length ? deeper.subjects : memory.subjects;
      return {
        reply: renderAnswer(deeper, this.facts, language),
        memory: { ...memory, language, depth: depth + 1, subjects, lastQuestion },
        language,
        feedback: this.feedbackLabels[language],
      };
    }
    const last = route.answer(request);
    const allSaid = buildAnswer(request, {
      text: say(this.facts, language, 'moreNothing'),
      sources: last.sources,
      suggest: [],
    });
    return {
      reply: renderAnswer({ ...allSaid, suggestions: last.suggestions }, this.facts, language),
      memory: { ...memory, language, depth: depth + 1 },
      language,
    };
  }

  /** When the conversation's memory cannot be read or saved: say so, in the message's language. */
  memoryUnavailable(text: string, locale?: Language): RenderedReply {
    return this.fromString('memoryUnavailable', this.languageOf(text.trim(), { subjects: [] }, locale).language);
  }

  private answerWith(intent: string, language: Language, text: string, preface?: string): RenderedReply {
    const answer = this.routes[intent]!.answer(this.request(language, text));
    return renderAnswer(preface ? { ...answer, text: `${preface} ${answer.text}` } : answer, this.facts, language);
  }

  private fromString(key: string, language: Language): RenderedReply {
    return renderAnswer(
      buildAnswer(this.request(language, ''), {
        text: say(this.facts, language, key),
        sources: [],
        suggest: ['suggest.help'],
      }),
      this.facts,
      language,
    );
  }

  private request(language: Language, text: string) {
    return { facts: this.facts, language, text, subjects: [], yesNo: false, mentionsOtherCountry: false };
  }
}
