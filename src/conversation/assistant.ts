// One turn of the conversation, without any channel: clean text in, rendered reply and memory out.
// The bot (src/bot) wraps this with botbuilder; tests and the evaluator can call it directly.
import { answerTable } from '../answers/index.js';
import { answer as buildAnswer, say } from '../answers/compose.js';
import { welcome as welcomeAnswer } from '../answers/smalltalk.js';
import { fromFactBase, routeKind, type Answer, type AnswerRequest, type AnswerRoute } from '../answers/types.js';
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import { noneIntent, type Recognition } from '../nlu/recognizer.js';
import { plainWords } from '../nlu/text.js';
import { renderAnswer, renderAnswers, type RenderedReply } from '../replies/render.js';
import { feedbackEntry, rateableQuestion, ratingInText, type FeedbackEntry, type Rating } from './feedback.js';
import { nearestTopics, topicQuestionKey, whichToAsk } from './disambiguation.js';
import { namedSubjects, rememberTurn, type ConversationMemory, type Resolution } from './resolve.js';
import { turnOutcome, type TurnOutcome } from './outcome.js';
import { understand, type Recognizer, type Understood } from './understand.js';

export type { Recognizer } from './understand.js';

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
  /** A rating the person just gave, with the question it rates, for the turn's event. */
  rated?: FeedbackEntry;
}

/** Longer messages are answered politely without running the classifier on them. */
const longestMessage = 2000;

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

  /**
   * One message: too long, a language switch or no words are answered at once; otherwise the message
   * is understood (recognized, then decided by the conversation's rules) and answered.
   * @param locale the language of the client's locale, when it has one we speak
   */
  reply(text: string, memory: ConversationMemory, locale?: Language): TurnResult {
    const trimmed = text.trim();
    if (trimmed.length > longestMessage) {
      const language = memory.language ?? locale ?? 'en';
      return { reply: this.fromString('tooLong', language), memory, language };
    }
    const { language, switched } = this.languageOf(trimmed, memory, locale);
    if (switched) return this.switchLanguage(trimmed, memory, language);
    // Empty, emoji-only or punctuation-only: show what the bot can do.
    if (!/[\p{L}\p{N}]/u.test(trimmed))
      return { reply: this.answerWith('smalltalk.help', language, trimmed), memory: { ...memory, language }, language };
    const recognizer = this.recognizers[language] ?? this.recognizers.en;
    const cues = this.facts.language[language] ?? this.facts.language.en;
    const understood = understand(trimmed, memory, recognizer, cues, this.routes);
    return { ...understood, ...this.respond(understood, trimmed, memory, language) };
  }

  /** "En français" / "in English": said so, then the last answer again in that language, else the help menu. */
  private switchLanguage(text: string, memory: ConversationMemory, language: Language): TurnResult {
    const remembered = { ...memory, language, preferredLanguage: language };
    const switchedLine = say(this.facts, language, 'languageSwitched');
    const last = memory.lastIntent ? this.routes[memory.lastIntent] : undefined;
    if (!last)
      return { reply: this.answerWith('smalltalk.help', language, text, switchedLine), memory: remembered, language };
    const again = last.answer({ ...this.request(language, text), subjects: memory.subjects });
    return {
      reply: renderAnswer({ ...again, text: `${switchedLine} ${again.text}` }, this.facts, language),
      memory: remembered,
      language,
    };
  }

  /** What to say to an understood message: more on the last topic, which of two topics, or the answer(s). */
  private respond(
    { recognition, resolution }: Understood,
    text: string,
    memory: ConversationMemory,
    language: Language,
  ): Omit<TurnResult, 'recognition' | 'resolution'> & { resolution?: Resolution } {
    const request = this.requestFor(resolution, language, text);
    if (resolution.via === 'more')
      return this.more(request, resolution.intent, memory, recognition.intents[resolution.intent] ?? 0);
    const options = whichToAsk(recognition, resolution, memory, this.routes);
    if (options) {
      const question = buildAnswer(request, {
        text: say(this.facts, language, 'disambiguate'),
        sources: [],
        suggest: options.map(topicQuestionKey),
      });
      return {
        reply: renderAnswer(question, this.facts, language),
        memory: { ...memory, language },
        language,
        resolution: { ...resolution, via: 'disambiguation' },
      };
    }
    const answered = (resolution.parts ?? [resolution]).map((part) => ({
      resolution: part,
      answer: this.answerTo(part, recognition, language, text, (resolution.parts?.length ?? 0) > 1),
    }));
    const last = answered.at(-1)!;
    let remembered = memory;
    for (const { resolution: part, answer } of answered)
      remembered = rememberTurn(remembered, part.intent, answer.subjects, this.routes, namedSubjects(recognition));
    // An answer from the fact base (a topic, a referral or the opinion reply, with a source) can be rated.
    const rateable = answered.some(({ resolution: part, answer }) => isRateable(this.routes[part.intent], answer));
    const score = recognition.intents[last.resolution.intent] ?? 0;
    return {
      reply: renderAnswers(
        answered.map((a) => a.answer),
        this.facts,
        language,
      ),
      memory: {
        ...remembered,
        language,
        ...(rateable ? { lastQuestion: rateableQuestion(text, last.resolution.intent, score, language) } : {}),
      },
      language,
      ...(rateable ? { feedback: this.feedbackLabels[language] } : {}),
    };
  }

  /** The answer to one decided question: a decline offers the nearest topics; an answer with more offers "Tell me more". */
  /** @param amongOthers one of several questions: a decline is then one line ("…not covered by my facts") */
  private answerTo(
    resolution: Resolution,
    recognition: Recognition,
    language: Language,
    text: string,
    amongOthers: boolean,
  ): Answer {
    const request = this.requestFor(resolution, language, text);
    const route = this.routes[resolution.intent] ?? this.routes[noneIntent]!;
    const answer = route.answer(request);
    if (routeKind(route) === 'decline' && amongOthers)
      return { ...answer, text: say(this.facts, language, 'declinePart') };
    if (routeKind(route) === 'decline') {
      const nearest = nearestTopics(recognition, this.routes).map((intent) =>
        say(this.facts, language, topicQuestionKey(intent)),
      );
      return {
        ...answer,
        text: `${answer.text} ${say(this.facts, language, 'declineNearest')}`,
        suggestions: [...nearest, say(this.facts, language, 'suggest.help')],
      };
    }
    if (route.more?.(request))
      return { ...answer, suggestions: [...answer.suggestions, say(this.facts, language, 'suggest.more')] };
    return answer;
  }

  private requestFor(resolution: Resolution, language: Language, text: string): AnswerRequest {
    return {
      ...this.request(language, text),
      subjects: resolution.subjects,
      yesNo: resolution.yesNo,
      mentionsOtherCountry: resolution.mentionsOtherCountry,
      ...(resolution.declined ? { declined: resolution.declined } : {}),
    };
  }

  /** How a turn ended (answered, referred, clarified, declined, rated), for logs, telemetry and insights. */
  outcomeOf(turn: TurnResult, rated: boolean): TurnOutcome {
    return turnOutcome(turn.resolution, rated, this.routes);
  }

  /** Whether a message is a rating: exactly a feedback label, in either language, or a bare 👍/👎. */
  ratingIn(text: string): { rating: Rating; language?: Language } | undefined {
    return ratingInText(text, this.feedbackLabels);
  }

  /**
   * A 👍/👎 on the last answer: thanks, and the rated question for the turn's event. Not classified,
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

  private request(language: Language, text: string): AnswerRequest {
    return { facts: this.facts, language, text, subjects: [], yesNo: false, mentionsOtherCountry: false };
  }
}

/** Answers from the fact base can be rated: a topic, a referral or the opinion reply, with a source. */
function isRateable(route: AnswerRoute | undefined, answer: Answer): boolean {
  return fromFactBase(route) && answer.sources.length > 0;
}
